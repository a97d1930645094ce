/*
 * main.c: the command line.  Parses options into a read-only struct
 * options, runs each input through the pipeline and maps the results to
 * the exit status.  The only file that prints operational errors or exits.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "escape.h"
#include "extract.h"
#include "input.h"
#include "report.h"
#include "rules.h"
#include "tlsinfo.h"
#include "util.h"
#include "verdict.h"

/* Exit statuses (documented in tlstrace(1)). */
enum exit_status {
	EXIT_PASS = 0,
	EXIT_FAIL = 1,
	EXIT_TROUBLE = 2,
	EXIT_UNKNOWN = 3
};

/* What the run has seen so far, for the final exit status. */
struct run {
	const struct options *opt;
	const struct ruleset *rules;
	size_t pass, fail, unknown;
	bool trouble;
	bool output_failed;
	int output_errno;	/* errno of the failed write */
};

enum long_only_option {
	OPT_RULES = 256,
	OPT_MBOX,
	OPT_MIN_TLS,
	OPT_LIST_RULES
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "mbox", no_argument, NULL, OPT_MBOX },
	{ "min-tls", required_argument, NULL, OPT_MIN_TLS },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Prints the usage, shaped as the SYNOPSIS of tlstrace(1), and exits. */
static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	(void)fprintf(fp,
	    "usage: tlstrace [-jhVv] [--format text|json|ndjson] [--mbox]\n"
	    "                [--min-tls VERSION] [--rules FILE] "
	    "[--list-rules] [FILE ...]\n");
	if (status == 0)
		(void)fprintf(fp, "\n"
		    "Reports, for each Received hop of a message, whether it "
		    "used TLS,\nand whether every hop over the public "
		    "internet did.\n\n"
		    "  -f, --format FMT   text (default), json or ndjson\n"
		    "  -j, --json         same as --format json\n"
		    "  -v, --verbose      show the evidence for each hop\n"
		    "      --mbox         read the input as an mbox\n"
		    "      --min-tls V    hops below TLS version V fail "
		    "(e.g. TLSv1.2)\n"
		    "      --rules FILE   add or override evidence rules "
		    "(tlstrace-rules(5))\n"
		    "      --list-rules   print the loaded rules and exit\n"
		    "  -h, --help         print this help and exit\n"
		    "  -V, --version      print the version and exit\n\n"
		    "Exit status: 0 pass, 1 fail, 3 unknown, 2 trouble.\n");
	exit(status);
}

/* Prints "tlstrace: what: message" on stderr. */
static void
complain(const char *what, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
complain(const char *what, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	strbuf_appends(&sb, "tlstrace: ");
	/*
	 * A file name is untrusted, and so is a message that quotes a rule
	 * file: both are escaped as the reports are (controls, invalid
	 * UTF-8, bidi controls), so the line stays one safe line.
	 */
	if (what != NULL) {
		escape_terminal(&sb, what, strlen(what));
		strbuf_appends(&sb, ": ");
	}
	va_start(ap, fmt);
	{
		char msg[1024];

		(void)vsnprintf(msg, sizeof msg, fmt, ap);
		escape_terminal(&sb, msg, strlen(msg));
	}
	va_end(ap);
	strbuf_appendc(&sb, '\n');
	(void)fwrite(sb.data, 1, sb.len, stderr);
	strbuf_clear(&sb);
}

/* Writes one message's report; notes an output failure. */
static void
report_message(struct run *run, const struct chain *c,
    const struct msgmeta *meta)
{
	int rc;

	if (run->opt->format == FORMAT_TEXT)
		rc = report_text_write(stdout, c, meta, run->opt);
	else
		rc = report_json_write(stdout, c, meta, run->opt);
	if (rc == -1 || ferror(stdout)) {
		run->output_failed = true;
		run->output_errno = errno;
	}
}

/* Runs every message of one open input through the pipeline. */
static void
process_fd(struct run *run, int fd, const char *name)
{
	struct msgreader *reader = msgreader_new(fd, run->opt->mbox);
	struct rawmsg msg;
	struct msgmeta meta;
	struct chain *c;
	const char *why;
	size_t count = 0;
	int rc;

	while (!run->output_failed &&
	    (rc = msgreader_next(reader, &msg)) == 1) {
		count++;
		c = analyze_message(&msg, run->rules, run->opt, &why);
		if (c == NULL) {
			if (msg.in_mbox)
				complain(name, "message %zu: %s", msg.number,
				    why);
			else
				complain(name, "%s", why);
			run->trouble = true;
			continue;
		}
		meta.file = name;
		meta.number = msg.number;
		meta.in_mbox = msg.in_mbox;
		meta.offset = msg.offset;
		report_message(run, c, &meta);
		switch (c->verdict) {
		case VERDICT_PASS:
			run->pass++;
			break;
		case VERDICT_FAIL:
			run->fail++;
			break;
		case VERDICT_UNKNOWN:
			run->unknown++;
			break;
		}
		chain_free(c);
	}
	if (!run->output_failed && rc == -1) {
		complain(name, "read error: %s", strerror(errno));
		run->trouble = true;
	} else if (!run->output_failed && count == 0) {
		complain(name, "empty input, not a message");
		run->trouble = true;
	}
	msgreader_free(reader);
}

/* Opens one named input ("-" is stdin) and processes it. */
static void
process_path(struct run *run, const char *path)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0) {
		process_fd(run, STDIN_FILENO, "-");
		return;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		complain(path, "%s", strerror(errno));
		run->trouble = true;
		return;
	}
	if (fstat(fd, &st) == -1) {
		complain(path, "%s", strerror(errno));
		run->trouble = true;
	} else if (S_ISDIR(st.st_mode)) {
		complain(path, "is a directory");
		run->trouble = true;
	} else
		process_fd(run, fd, path);
	(void)close(fd);
}

/* Parses a --min-tls argument. */
static enum tls_version
parse_min_tls(const char *arg)
{
	enum tls_version v = tlsinfo_parse_version(arg, strlen(arg));

	if (v == TLSVER_NONE) {
		if (strcmp(arg, "1.0") == 0)
			v = TLSVER_TLS10;
		else if (strcmp(arg, "1.1") == 0)
			v = TLSVER_TLS11;
		else if (strcmp(arg, "1.2") == 0)
			v = TLSVER_TLS12;
		else if (strcmp(arg, "1.3") == 0)
			v = TLSVER_TLS13;
	}
	if (v == TLSVER_NONE) {
		complain(NULL, "--min-tls: '%s' is not a TLS version (try "
		    "TLSv1.2)", arg);
		usage(EXIT_TROUBLE);
	}
	return v;
}

/* Prints the loaded rules, one per line. */
static void
list_rules(const struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule_info *r = ruleset_rule(rs, i);

		(void)printf("%-28s %-8s %-6s %-12s %s:%u\n", r->name,
		    rule_scope_name(r->scope), tls_state_name(r->tls),
		    r->mta[0] ? r->mta : "-", r->file, r->line);
	}
}

int
main(int argc, char *argv[])
{
	static char outbuf[1 << 16];
	struct options opt;
	struct ruleset *rules;
	struct run run;
	const char *rule_files[32];
	size_t nrule_files = 0, i;
	bool want_list = false;
	char err[1024];
	int ch, status;

	memset(&opt, 0, sizeof opt);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "f:jvhV", long_options,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				opt.format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				opt.format = FORMAT_JSON;
			else if (strcmp(optarg, "ndjson") == 0)
				opt.format = FORMAT_NDJSON;
			else {
				complain(NULL, "--format: '%s' is not text, "
				    "json or ndjson", optarg);
				usage(EXIT_TROUBLE);
			}
			break;
		case 'j':
			opt.format = FORMAT_JSON;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case OPT_RULES:
			if (nrule_files == sizeof rule_files /
			    sizeof rule_files[0]) {
				complain(NULL, "--rules: at most %zu files",
				    sizeof rule_files / sizeof rule_files[0]);
				return EXIT_TROUBLE;
			}
			rule_files[nrule_files++] = optarg;
			break;
		case OPT_MBOX:
			opt.mbox = true;
			break;
		case OPT_MIN_TLS:
			opt.min_tls = parse_min_tls(optarg);
			break;
		case OPT_LIST_RULES:
			want_list = true;
			break;
		case 'h':
			usage(EXIT_PASS);
		case 'V':
			(void)printf("tlstrace %s\n", PACKAGE_VERSION);
			return EXIT_PASS;
		default:
			/* getopt's own message would echo argv unescaped. */
			if (optopt != 0 &&
			    strncmp(argv[optind - 1], "--", 2) != 0)
				complain(NULL, "-%c: unknown option or missing "
				    "argument", optopt);
			else
				complain(NULL, "%s: unknown option or missing "
				    "argument", argv[optind - 1]);
			usage(EXIT_TROUBLE);
		}
	}
	argc -= optind;
	argv += optind;

	rules = ruleset_new();
	if (ruleset_load_default(rules, err, sizeof err) == -1) {
		complain(NULL, "%s", err);
		ruleset_free(rules);
		return EXIT_TROUBLE;
	}
	for (i = 0; i < nrule_files; i++) {
		if (ruleset_load_file(rules, rule_files[i], err,
		    sizeof err) == -1) {
			complain(NULL, "%s", err);
			ruleset_free(rules);
			return EXIT_TROUBLE;
		}
	}
	if (want_list) {
		list_rules(rules);
		ruleset_free(rules);
		if (fflush(stdout) == 0 && !ferror(stdout))
			return EXIT_PASS;
		complain("stdout", "write error: %s", strerror(errno));
		return EXIT_TROUBLE;
	}

	/*
	 * A closed stdout is a write error (EPIPE), handled above, whatever
	 * SIGPIPE disposition the parent left: the same quiet exit status 2
	 * every time, never a death by signal in a mail filter.
	 */
	(void)signal(SIGPIPE, SIG_IGN);
	(void)setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	extract_init();
	memset(&run, 0, sizeof run);
	run.opt = &opt;
	run.rules = rules;
	if (argc == 0)
		process_path(&run, "-");
	for (i = 0; i < (size_t)argc && !run.output_failed; i++)
		process_path(&run, argv[i]);
	if (!run.output_failed && (fflush(stdout) != 0 || ferror(stdout))) {
		run.output_failed = true;
		run.output_errno = errno;
	}
	extract_shutdown();
	ruleset_free(rules);

	/* A reader that went away (tlstrace big.mbox | head): no message. */
	if (run.output_failed) {
		if (run.output_errno != EPIPE)
			complain("stdout", "write error: %s",
			    strerror(run.output_errno));
		return EXIT_TROUBLE;
	}
	if (run.trouble)
		status = EXIT_TROUBLE;
	else if (run.fail > 0)
		status = EXIT_FAIL;
	else if (run.unknown > 0)
		status = EXIT_UNKNOWN;
	else
		status = EXIT_PASS;
	return status;
}
