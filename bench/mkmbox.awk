# mkmbox.awk: writes the .eml files named on the command line as one
# mboxrd mbox on stdout: a "From " separator before each message, body
# lines matching /^>*From / quoted with one more '>', a blank line after
# each message.  A first line that is already an mbox separator is
# replaced by ours, and white-space-only lines before the first header
# field (pasted mail) are dropped: GMime's mbox parser stops at them.
FNR == 1 {
	if (NR > 1)
		print ""
	print "From bench@tlstrace.invalid Mon Jan  1 00:00:00 2024"
	top = 1
	if (/^From /)
		next
}
top && /^[ \t\r]*$/ {
	next
}
{
	top = 0
}
/^>*From / {
	print ">" $0
	next
}
{
	print
}
END {
	if (NR > 0)
		print ""
}
