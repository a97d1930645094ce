# Sieve (Dovecot Pigeonhole): a TLS-Trace field on every message.
# Run it before the users' own scripts: see 90-tlstrace.conf beside it.
#
# "filter" replaces the message by tlstrace's copy, which has the field at
# the top and no upstream field of that name.  When tlstrace fails, exits
# 75, crashes, hangs past its time limit (tlstrace-sieve-filter) or is
# missing, the message is kept as it came but never with an upstream
# field: those are deleted, and the field added says that tlstrace failed
# (addheader spells its name "Tls-Trace").
require ["vnd.dovecot.filter", "editheader", "fileinto", "mailbox"];

if not filter "tlstrace" ["--filter", "--strip-existing"] {
  deleteheader "TLS-Trace";
  addheader "TLS-Trace" "unknown; reason=\"tlstrace failed\"";
}

# Plaintext mail into its own folder (created when missing: a fileinto
# that fails would make Dovecot keep the message without running the rest).
if header :matches "TLS-Trace" "fail;*" {
  fileinto :create "Plaintext";
}
