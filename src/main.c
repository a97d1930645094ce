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
#include "filter.h"
#include "input.h"
#include "names.h"
#include "progress.h"
#include "report.h"
#include "rules.h"
#include "summary.h"
#include "tlsinfo.h"
#include "trust.h"
#include "util.h"
#include "walk.h"

/* Exit statuses (documented in tlstrace(1)). */
enum exit_status {
	EXIT_PASS = 0,
	EXIT_FAIL = 1,
	EXIT_TROUBLE = 2,
	EXIT_UNKNOWN = 3,
	EXIT_TEMPFAIL = 75	/* --filter: the message was not written */
};

/* The status of trouble: EXIT_TEMPFAIL in filter mode, so the MTA retries. */
static int trouble_status = EXIT_TROUBLE;

/* What the run has seen so far, for the final exit status. */
struct run {
	const struct options *opt;
	const struct ruleset *rules;
	size_t pass, fail, unknown;
	bool trouble;
	bool output_failed;
	struct summary *summary;	/* --summary, or NULL */
	struct progress *progress;
	uint64_t messages;
	int output_errno;	/* errno of the failed write */
};

enum long_only_option {
	OPT_RULES = 256,
	OPT_MBOX,
	OPT_MIN_TLS,
	OPT_LIST_RULES,
	OPT_TRUSTED,
	OPT_CONFIG,
	OPT_ATTESTED_ONLY,
	OPT_ALL_HOPS,
	OPT_FILTER,
	OPT_HEADER_NAME,
	OPT_STRIP_EXISTING,
	OPT_SUMMARY,
	OPT_SUMMARY_ONLY
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "mbox", no_argument, NULL, OPT_MBOX },
	{ "min-tls", required_argument, NULL, OPT_MIN_TLS },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "trusted", required_argument, NULL, OPT_TRUSTED },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "attested-only", no_argument, NULL, OPT_ATTESTED_ONLY },
	{ "all-hops", no_argument, NULL, OPT_ALL_HOPS },
	{ "filter", no_argument, NULL, OPT_FILTER },
	{ "header-name", required_argument, NULL, OPT_HEADER_NAME },
	{ "strip-existing", no_argument, NULL, OPT_STRIP_EXISTING },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "summary-only", no_argument, NULL, OPT_SUMMARY_ONLY },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Prints the usage, shaped as the SYNOPSIS of tlstrace(1), and exits. */
static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	if (status == EXIT_TROUBLE)
		status = trouble_status;
	(void)fprintf(fp,
	    "usage: tlstrace [-jhVv] [--format text|json|ndjson] [--mbox]\n"
	    "                [--min-tls VERSION] [--rules FILE] "
	    "[--list-rules]\n"
	    "                [--trusted HOST|CIDR] [--config FILE] "
	    "[--attested-only]\n"
	    "                [--all-hops] [--summary | --summary-only] "
	    "[FILE | DIR ...]\n"
	    "       tlstrace --filter [--header-name NAME] "
	    "[--strip-existing]\n"
	    "                [--min-tls VERSION] [--rules FILE] "
	    "[--trusted HOST|CIDR]\n"
	    "                [--config FILE] [--attested-only] "
	    "[--all-hops]\n");
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
		    "      --trusted H    a host or CIDR of our own MTAs "
		    "(repeatable)\n"
		    "      --config FILE  read 'trusted' lines from FILE\n"
		    "      --attested-only  judge only the hops our side "
		    "wrote\n"
		    "      --all-hops     judge private and loopback hops "
		    "too\n"
		    "      --summary      aggregate figures after the reports\n"
		    "      --summary-only only the aggregate figures\n"
		    "      --filter       copy one message from stdin to stdout,"
		    "\n"
		    "                     adding a TLS-Trace field\n"
		    "      --header-name NAME  the added field's name "
		    "(TLS-Trace)\n"
		    "      --strip-existing    remove fields of that name "
		    "already present\n"
		    "  -h, --help         print this help and exit\n"
		    "  -V, --version      print the version and exit\n\n"
		    "Exit status: 0 pass, 1 fail, 3 unknown, 2 trouble; "
		    "with --filter,\n0 when the message was written, "
		    "75 when it was not.\n");
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
process_fd(struct run *run, int fd, const char *name, uint64_t size)
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
		run->messages++;
		progress_update(run->progress, run->messages,
		    msgreader_bytes(reader), size, name);
		c = analyze_message(&msg, run->rules, run->opt, &why);
		if (c == NULL && run->summary != NULL)
			summary_add_error(run->summary);
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
		if (run->summary != NULL)
			summary_add(run->summary, c);
		if (!run->opt->summary_only)
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

static void process_path(struct run *run, const char *path, bool listed);

/* Processes the message files of a directory (walk.h). */
static void
process_dir(struct run *run, const char *path)
{
	struct walklist list;
	size_t i;

	memset(&list, 0, sizeof list);
	if (walk_dir(path, &list) == -1) {
		complain(path, "%s", strerror(errno));
		run->trouble = true;
	} else if (list.n == 0) {
		complain(path, "no message files (*.eml, or a Maildir's new/ "
		    "and cur/)");
		run->trouble = true;
	}
	for (i = 0; i < list.n && !run->output_failed; i++)
		process_path(run, list.v[i], true);
	walklist_clear(&list);
}

/*
 * Opens one named input ("-" is stdin) and processes it: a file, or a
 * directory named on the command line (not one found in a directory).
 */
static void
process_path(struct run *run, const char *path, bool listed)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0) {
		process_fd(run, STDIN_FILENO, "-", 0);
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
	} else if (S_ISDIR(st.st_mode) && !listed) {
		(void)close(fd);
		process_dir(run, path);
		return;
	} else if (S_ISDIR(st.st_mode)) {
		complain(path, "is a directory");
		run->trouble = true;
	} else
		process_fd(run, fd, path, S_ISREG(st.st_mode) ?
		    (uint64_t)st.st_size : 0);
	(void)close(fd);
}

/*
 * Filter mode: one message from stdin to stdout with the field added.
 * Returns 0 when the whole message was written, EXIT_TEMPFAIL otherwise.
 */
static int
run_filter(const struct options *opt, const struct ruleset *rules)
{
	struct filter_result res;
	const char *what;

	/* A reader that goes away is a write error, not a signal. */
	(void)signal(SIGPIPE, SIG_IGN);
	if (filter_run(STDIN_FILENO, STDOUT_FILENO, rules, opt, &res,
	    &what) == -1) {
		complain(strcmp(what, "read") == 0 ? "-" : "stdout",
		    "%s error after %llu bytes: %s; exit %d so the message is "
		    "retried", what, res.bytes, strerror(errno),
		    EXIT_TEMPFAIL);
		return EXIT_TEMPFAIL;
	}
	return EXIT_PASS;
}

/* True when argv asks for filter mode (looked at before getopt). */
static bool
wants_filter(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--filter") == 0)
			return true;
	}
	return false;
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
		    rule_scope_name(r->scope), tlsstate_name(r->tls),
		    r->mta[0] ? r->mta : "-", r->file, r->line);
	}
}

int
main(int argc, char *argv[])
{
	static char outbuf[1 << 16];
	struct options opt;
	struct ruleset *rules;
	struct trustlist *trusted;
	struct run run;
	const char *rule_files[32];
	size_t nrule_files = 0, i;
	bool want_list = false;
	char err[1024];
	int ch, status;

	memset(&opt, 0, sizeof opt);
	trusted = trustlist_new();
	opt.header_name = "TLS-Trace";
	if (wants_filter(argc, argv)) {
		trouble_status = EXIT_TEMPFAIL;
		xalloc_set_exit_status(EXIT_TEMPFAIL);
	}
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
				return trouble_status;
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
		case OPT_TRUSTED:
			if (trustlist_add(trusted, optarg, err,
			    sizeof err) == -1) {
				complain(NULL, "--trusted: %s", err);
				trustlist_free(trusted);
				usage(EXIT_TROUBLE);
			}
			break;
		case OPT_CONFIG:
			if (trustlist_load_file(trusted, optarg, err,
			    sizeof err) == -1) {
				complain(NULL, "--config: %s", err);
				trustlist_free(trusted);
				return trouble_status;
			}
			break;
		case OPT_ATTESTED_ONLY:
			opt.attested_only = true;
			break;
		case OPT_ALL_HOPS:
			opt.all_hops = true;
			break;
		case OPT_FILTER:
			opt.filter = true;
			break;
		case OPT_HEADER_NAME:
			if (!filter_name_is_valid(optarg)) {
				complain(NULL, "--header-name: '%s' is not 1 to "
				    "%d letters, digits and '-'", optarg,
				    FILTER_FIELD_NAME_MAX);
				usage(EXIT_TROUBLE);
			}
			opt.header_name = optarg;
			break;
		case OPT_STRIP_EXISTING:
			opt.strip_existing = true;
			break;
		case OPT_SUMMARY:
			opt.summary = true;
			break;
		case OPT_SUMMARY_ONLY:
			opt.summary = opt.summary_only = true;
			break;
		case 'h':
			usage(EXIT_PASS);
		case 'V':
			(void)printf("tlstrace %s\n", PACKAGE_VERSION);
			trustlist_free(trusted);
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
	opt.trusted = trusted;
	if (opt.filter && (argc > 1 || (argc == 1 &&
	    strcmp(argv[0], "-") != 0))) {
		complain(NULL, "--filter reads one message on the standard "
		    "input, not files");
		usage(EXIT_TROUBLE);
	}
	if (!opt.filter && (opt.strip_existing ||
	    strcmp(opt.header_name, "TLS-Trace") != 0)) {
		complain(NULL, "--header-name and --strip-existing need "
		    "--filter");
		usage(EXIT_TROUBLE);
	}
	if (opt.filter && (opt.summary || want_list)) {
		complain(NULL, "--filter cannot be used with --summary or "
		    "--list-rules");
		usage(EXIT_TROUBLE);
	}

	rules = ruleset_new();
	if (ruleset_load_default(rules, err, sizeof err) == -1) {
		complain(NULL, "%s", err);
		ruleset_free(rules);
		trustlist_free(trusted);
		return trouble_status;
	}
	for (i = 0; i < nrule_files; i++) {
		if (ruleset_load_file(rules, rule_files[i], err,
		    sizeof err) == -1) {
			complain(NULL, "%s", err);
			ruleset_free(rules);
			trustlist_free(trusted);
			return trouble_status;
		}
	}
	if (want_list) {
		list_rules(rules);
		ruleset_free(rules);
		trustlist_free(trusted);
		if (fflush(stdout) == 0 && !ferror(stdout))
			return EXIT_PASS;
		complain("stdout", "write error: %s", strerror(errno));
		return EXIT_TROUBLE;
	}

	/*
	 * A closed stdout is a write error (EPIPE), handled below, whatever
	 * SIGPIPE disposition the parent left: the same quiet exit status 2
	 * every time, never a death by signal in a mail filter.
	 */
	(void)signal(SIGPIPE, SIG_IGN);
	extract_init();
	if (opt.filter) {
		status = run_filter(&opt, rules);
		extract_shutdown();
		ruleset_free(rules);
		trustlist_free(trusted);
		return status;
	}
	(void)setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	memset(&run, 0, sizeof run);
	run.opt = &opt;
	run.rules = rules;
	if (opt.summary)
		run.summary = summary_new();
	run.progress = progress_new();
	if (argc == 0)
		process_path(&run, "-", false);
	for (i = 0; i < (size_t)argc && !run.output_failed; i++)
		process_path(&run, argv[i], false);
	progress_free(run.progress);
	if (run.summary != NULL && !run.output_failed &&
	    (opt.format == FORMAT_TEXT ? report_text_summary(stdout,
	    run.summary) : report_json_summary(stdout, run.summary)) == -1) {
		run.output_failed = true;
		run.output_errno = errno;
	}
	summary_free(run.summary);
	if (!run.output_failed && (fflush(stdout) != 0 || ferror(stdout))) {
		run.output_failed = true;
		run.output_errno = errno;
	}
	extract_shutdown();
	ruleset_free(rules);
	trustlist_free(trusted);

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
