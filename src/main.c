/*
 * main.c: the command line.  Parses the options into one struct cli,
 * decides the exit status of trouble once the whole command line is
 * known (75 in filter mode, so the MTA retries; 2 otherwise), runs the
 * batch driver (batch.h), the filter (filter.h) or a listing, and tears
 * down in one place.  The only file that exits.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "batch.h"
#include "complain.h"
#include "extract.h"
#include "filter.h"
#include "names.h"
#include "proto.h"
#include "report.h"
#include "rules.h"
#include "summary.h"
#include "tlsinfo.h"
#include "trust.h"
#include "util.h"

/* Exit statuses (documented in tlstrace(1)). */
enum exit_status {
	EXIT_PASS = 0,
	EXIT_FAIL = 1,
	EXIT_TROUBLE = 2,
	EXIT_UNKNOWN = 3,
	EXIT_TEMPFAIL = 75	/* --filter: the message was not written */
};

#define RULE_FILES_MAX	32	/* --rules given at most this often */

/* What the command line asks for, first of these in argv order. */
enum action {
	ACTION_RUN = 0,		/* batch or filter mode */
	ACTION_HELP,
	ACTION_VERSION,
	ACTION_BAD_USAGE	/* cli.error says why; usage follows */
};

/* A --trusted entry or a --config file, applied in order. */
struct trust_source {
	bool is_file;
	const char *arg;
};

/* Everything the command line says, parsed without side effects. */
struct cli {
	enum action action;
	char error[1024];	/* ACTION_BAD_USAGE: the message */
	bool filter;		/* --filter, however abbreviated */
	bool list_rules;
	bool header_name_set;
	bool merge_summaries;	/* the inputs are --summary JSON files */
	enum color_mode { COLOR_AUTO = 0, COLOR_NEVER, COLOR_ALWAYS } color;
	struct policy policy;
	struct batch_options batch;
	struct filter_options filt;
	const char *rule_files[RULE_FILES_MAX];
	size_t nrule_files;
	struct trust_source *trust;	/* argc entries at most */
	size_t ntrust;
	char **inputs;
	size_t ninputs;
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
	OPT_SUMMARY_ONLY,
	OPT_MERGE_SUMMARIES,
	OPT_COLOR,
	OPT_JSON
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "jobs", required_argument, NULL, 'j' },
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
	{ "merge-summaries", no_argument, NULL, OPT_MERGE_SUMMARIES },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/*
 * Prints the usage, shaped as the SYNOPSIS of tlstrace(1), with the
 * option list when full.
 */
static void
usage(FILE *fp, bool full)
{
	(void)fprintf(fp,
	    "usage: tlstrace [-hVv] [-j N] [--format text|json|ndjson|html] "
	    "[--mbox]\n"
	    "                [--min-tls VERSION] [--rules FILE] "
	    "[--list-rules]\n"
	    "                [--trusted HOST|CIDR] [--config FILE] "
	    "[--attested-only]\n"
	    "                [--all-hops] [--summary | --summary-only] "
	    "[--color WHEN]\n"
	    "                [FILE | DIR ...]\n"
	    "       tlstrace --merge-summaries [--format text|json|ndjson] "
	    "FILE ...\n"
	    "       tlstrace --filter [--header-name NAME] "
	    "[--strip-existing]\n"
	    "                [--min-tls VERSION] [--rules FILE] "
	    "[--trusted HOST|CIDR]\n"
	    "                [--config FILE] [--attested-only] "
	    "[--all-hops]\n");
	if (full)
		(void)fprintf(fp, "\n"
		    "Reports, for each Received hop of a message, whether it "
		    "used TLS,\nand whether every hop over the public "
		    "internet did.\n\n"
		    "  -f, --format FMT   text (default), json, ndjson or "
		    "html\n"
		    "      --json         same as --format json\n"
		    "  -j, --jobs N       analyse N messages at once (default: "
		    "the CPUs)\n"
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
		    "      --merge-summaries  add up the JSON summaries of "
		    "shards\n"
		    "      --color WHEN   never, auto (on a terminal, unless "
		    "NO_COLOR) or always\n"
		    "      --filter       copy one message from stdin to "
		    "stdout,\n"
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
}

/* Records a usage error, unless an earlier one (or --help) came first. */
static void
bad_usage(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bad_usage(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->action != ACTION_RUN)
		return;
	cli->action = ACTION_BAD_USAGE;
	va_start(ap, fmt);
	(void)vsnprintf(cli->error, sizeof cli->error, fmt, ap);
	va_end(ap);
}

/* Parses a --min-tls argument: TLSv1.2, or 1.2 (TLSVER_NONE: bad). */
static enum tls_version
parse_min_tls(const char *arg)
{
	static const struct {
		const char *name;
		enum tls_version v;
	} bare[] = {
		{ "1.0", TLSVER_TLS10 }, { "1.1", TLSVER_TLS11 },
		{ "1.2", TLSVER_TLS12 }, { "1.3", TLSVER_TLS13 }
	};
	enum tls_version v = tlsinfo_parse_version(arg, strlen(arg));
	size_t i;

	for (i = 0; v == TLSVER_NONE && i < sizeof bare / sizeof bare[0];
	    i++) {
		if (strcmp(arg, bare[i].name) == 0)
			v = bare[i].v;
	}
	return v;
}

/* The most messages analysed at once, whatever the CPUs or --jobs. */
#define JOBS_MAX	256

/* Parses a --jobs argument: 1 to JOBS_MAX, else 0. */
static unsigned
parse_jobs(const char *arg)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; ascii_isdigit((unsigned char)arg[i]); i++) {
		n = n * 10 + (unsigned)(arg[i] - '0');
		if (n > JOBS_MAX)
			return 0;
	}
	return i > 0 && arg[i] == '\0' ? n : 0;
}

/* The default --jobs: the CPUs this process may run on. */
static unsigned
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > JOBS_MAX ? JOBS_MAX : (unsigned)n;
}

/* Parses one option (getopt's ch and optarg) into cli. */
static void
parse_option(struct cli *cli, int ch, char *arg, const char *argv_word)
{
	switch (ch) {
	case 'f':
		if (strcmp(arg, "text") == 0)
			cli->batch.report.format = FORMAT_TEXT;
		else if (strcmp(arg, "json") == 0)
			cli->batch.report.format = FORMAT_JSON;
		else if (strcmp(arg, "ndjson") == 0)
			cli->batch.report.format = FORMAT_NDJSON;
		else if (strcmp(arg, "html") == 0)
			cli->batch.report.format = FORMAT_HTML;
		else
			bad_usage(cli, "--format: '%s' is not text, json, "
			    "ndjson or html", arg);
		break;
	case OPT_JSON:
		cli->batch.report.format = FORMAT_JSON;
		break;
	case 'j':
		if ((cli->batch.jobs = parse_jobs(arg)) == 0)
			bad_usage(cli, "--jobs: '%s' is not a number of jobs "
			    "from 1 to %d", arg, JOBS_MAX);
		break;
	case 'v':
		cli->batch.report.verbose = true;
		break;
	case OPT_RULES:
		if (cli->nrule_files == RULE_FILES_MAX)
			bad_usage(cli, "--rules: at most %d files",
			    RULE_FILES_MAX);
		else
			cli->rule_files[cli->nrule_files++] = arg;
		break;
	case OPT_MBOX:
		cli->batch.mbox = true;
		break;
	case OPT_MIN_TLS:
		if ((cli->policy.min_tls = parse_min_tls(arg)) == TLSVER_NONE)
			bad_usage(cli, "--min-tls: '%s' is not a TLS version "
			    "(try TLSv1.2)", arg);
		break;
	case OPT_LIST_RULES:
		cli->list_rules = true;
		break;
	case OPT_TRUSTED:
	case OPT_CONFIG:
		cli->trust[cli->ntrust].is_file = ch == OPT_CONFIG;
		cli->trust[cli->ntrust++].arg = arg;
		break;
	case OPT_ATTESTED_ONLY:
		cli->policy.attested_only = true;
		break;
	case OPT_ALL_HOPS:
		cli->policy.all_hops = true;
		break;
	case OPT_FILTER:
		cli->filter = true;
		break;
	case OPT_HEADER_NAME:
		if (!filter_name_is_valid(arg))
			bad_usage(cli, "--header-name: '%s' is not 1 to %d "
			    "letters, digits and '-'", arg,
			    FILTER_FIELD_NAME_MAX);
		cli->filt.header_name = arg;
		cli->header_name_set = true;
		break;
	case OPT_STRIP_EXISTING:
		cli->filt.strip_existing = true;
		break;
	case OPT_SUMMARY:
		cli->batch.summary = true;
		break;
	case OPT_SUMMARY_ONLY:
		cli->batch.summary = cli->batch.summary_only = true;
		break;
	case OPT_MERGE_SUMMARIES:
		cli->merge_summaries = true;
		break;
	case OPT_COLOR:
		if (strcmp(arg, "never") == 0)
			cli->color = COLOR_NEVER;
		else if (strcmp(arg, "auto") == 0)
			cli->color = COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			cli->color = COLOR_ALWAYS;
		else
			bad_usage(cli, "--color: '%s' is not never, auto or "
			    "always", arg);
		break;
	case 'h':
		if (cli->action == ACTION_RUN)
			cli->action = ACTION_HELP;
		break;
	case 'V':
		if (cli->action == ACTION_RUN)
			cli->action = ACTION_VERSION;
		break;
	default:
		/* getopt's own message would echo argv unescaped. */
		if (optopt != 0 && strncmp(argv_word, "--", 2) != 0)
			bad_usage(cli, "-%c: unknown option or missing "
			    "argument", optopt);
		else
			bad_usage(cli, "%s: unknown option or missing "
			    "argument", argv_word);
		break;
	}
}

/*
 * True for the name of a trace field, which records the message's path
 * and is never ours to remove: Received and Return-Path (RFC 5322
 * section 3.6.7), the Resent-* fields (3.6.6), and the trace fields of
 * RFC 7208 (Received-SPF), RFC 8601 (Authentication-Results) and RFC
 * 8617 (ARC-*).
 */
static bool
is_trace_field(const char *name)
{
	static const char *const exact[] = { "Received", "Return-Path",
	    "Received-SPF", "Authentication-Results" };
	static const char *const prefix[] = { "Resent-", "ARC-" };
	size_t i, len = strlen(name);

	for (i = 0; i < sizeof exact / sizeof exact[0]; i++) {
		if (ascii_span_eq(name, len, exact[i]))
			return true;
	}
	for (i = 0; i < sizeof prefix / sizeof prefix[0]; i++) {
		if (ascii_span_startswith(name, len, prefix[i]))
			return true;
	}
	return false;
}

/* Checks what the options say together, once all are known. */
static void
check_combination(struct cli *cli)
{
	if (cli->filter && (cli->ninputs > 1 || (cli->ninputs == 1 &&
	    strcmp(cli->inputs[0], "-") != 0)))
		bad_usage(cli, "--filter reads one message on the standard "
		    "input, not files");
	if (!cli->filter && (cli->filt.strip_existing ||
	    cli->header_name_set))
		bad_usage(cli, "--header-name and --strip-existing need "
		    "--filter");
	if (cli->filt.strip_existing && is_trace_field(cli->filt.header_name))
		bad_usage(cli, "--strip-existing: %s is a trace field (RFC "
		    "5322 section 3.6.7); tlstrace does not remove it",
		    cli->filt.header_name);
	if (cli->filter && (cli->batch.summary || cli->list_rules))
		bad_usage(cli, "--filter cannot be used with --summary or "
		    "--list-rules");
	if (cli->merge_summaries && (cli->filter || cli->batch.summary ||
	    cli->list_rules))
		bad_usage(cli, "--merge-summaries cannot be used with "
		    "--filter, --summary or --list-rules");
	if (cli->merge_summaries && cli->ninputs == 0)
		bad_usage(cli, "--merge-summaries needs the summary files");
	if (cli->merge_summaries && cli->batch.report.format == FORMAT_HTML)
		bad_usage(cli, "--merge-summaries prints text, json or ndjson, "
		    "not html");
}

/*
 * Parses the whole command line into cli, every option, even after an
 * error, so that the mode (and so the exit status) is known.  Returns -1
 * when cli->trust could not be allocated.
 */
static int
parse_cli(struct cli *cli, int argc, char *argv[])
{
	int ch;

	memset(cli, 0, sizeof(*cli));
	cli->filt.header_name = "TLS-Trace";
	if ((cli->trust = calloc((size_t)argc, sizeof(*cli->trust))) == NULL)
		return -1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "f:j:vhV", long_options,
	    NULL)) != -1)
		parse_option(cli, ch, optarg, argv[optind - 1]);
	cli->inputs = argv + optind;
	cli->ninputs = (size_t)(argc - optind);
	if (cli->batch.jobs == 0)
		cli->batch.jobs = default_jobs();
	check_combination(cli);
	cli->batch.policy = cli->batch.report.policy = &cli->policy;
	cli->filt.policy = &cli->policy;
	return 0;
}

/* Applies the --trusted and --config sources in order; -1 on error. */
static int
load_trust(const struct cli *cli, struct trustlist *tl, bool *show_usage)
{
	char err[1024];
	size_t i;

	for (i = 0; i < cli->ntrust; i++) {
		const struct trust_source *t = &cli->trust[i];

		if (!t->is_file &&
		    trustlist_add(tl, t->arg, err, sizeof err) == -1) {
			complain(NULL, "--trusted: %s", err);
			*show_usage = true;
			return -1;
		}
		if (t->is_file &&
		    trustlist_load_file(tl, t->arg, err, sizeof err) == -1) {
			complain(NULL, "--config: %s", err);
			return -1;
		}
	}
	return 0;
}

/* Loads the default rules and the --rules files; -1 on error. */
static int
load_rules(const struct cli *cli, struct ruleset *rs)
{
	char err[1024];
	size_t i;

	if (ruleset_load_default(rs, err, sizeof err) == -1) {
		complain(NULL, "%s", err);
		return -1;
	}
	for (i = 0; i < cli->nrule_files; i++) {
		if (ruleset_load_file(rs, cli->rule_files[i], err,
		    sizeof err) == -1) {
			complain(NULL, "%s", err);
			return -1;
		}
	}
	return 0;
}

/* The tls value of a keyword entry, as a rule file spells it. */
static const char *
keyword_tls_name(unsigned flags)
{
	if (flags & PROTO_TLS)
		return "yes";
	if (flags & PROTO_LOCAL)
		return "local";
	if (flags & PROTO_PLAIN)
		return "no";
	return "none";
}

/*
 * Prints the loaded rules, one per line, as tlstrace-rules(5) says: name,
 * scope, tls (as a rule file spells it), mta, FILE:LINE; then the keyword
 * entries of the rule files: "keyword", the name in double quotes, tls,
 * and auth and lmtp when they are set.
 */
static void
list_rules(const struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule_info *r = ruleset_rule(rs, i);

		(void)printf("%-28s %-8s %-6s %-12s %s:%u\n", r->name,
		    rule_scope_name(r->scope), r->tls == TLSSTATE_UNKNOWN ?
		    "none" : tlsstate_name(r->tls),
		    r->mta[0] ? r->mta : "-", r->file, r->line);
	}
	for (i = 0; i < ruleset_keyword_count(rs); i++) {
		const struct proto_entry *k = ruleset_keyword_at(rs, i);

		(void)printf("keyword \"%s\" %s%s%s\n", k->keyword,
		    keyword_tls_name(k->flags),
		    k->flags & PROTO_AUTH ? " auth" : "",
		    k->flags & PROTO_LMTP ? " lmtp" : "");
	}
}

/* The exit status of trouble, decided once in main(). */
static int trouble_status = EXIT_TROUBLE;

/*
 * util.c's handler of exhaustion: one line on stderr naming the input
 * being read (bytes outside printable ASCII shown as '?', with no
 * allocation), the reports already made flushed in batch mode, and the
 * status of trouble (75 in --filter, whose output goes out with write(2)
 * and holds nothing buffered).
 */
static void __attribute__((noreturn))
out_of_memory(void)
{
	const char *name = trouble_status == EXIT_TEMPFAIL ? "-" :
	    batch_current_input();
	char line[320];
	size_t n, i;

	n = (size_t)snprintf(line, sizeof line, "tlstrace: ");
	for (i = 0; name != NULL && name[i] != '\0' && n < 256; i++) {
		unsigned char ch = (unsigned char)name[i];

		line[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (name != NULL)
		n += (size_t)snprintf(line + n, sizeof line - n, ": ");
	n += (size_t)snprintf(line + n, sizeof line - n, "out of memory\n");
	if (trouble_status != EXIT_TEMPFAIL)
		(void)fflush(stdout);
	(void)write(STDERR_FILENO, line, n);
	_exit(trouble_status);
}

/* Flushes stdout; -1 (named on stderr) when what was printed is lost. */
static int
flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	complain("stdout", "write error: %s", strerror(errno));
	return -1;
}

/*
 * Filter mode: one message from stdin to stdout with the field added.
 * Returns 0 when the whole message was written, EXIT_TEMPFAIL otherwise.
 */
static int
run_filter(const struct cli *cli, const struct ruleset *rules)
{
	struct filter_result res;
	const char *what;

	if (filter_run(STDIN_FILENO, STDOUT_FILENO, rules, &cli->filt, &res,
	    &what) == -1) {
		complain(strcmp(what, "read") == 0 ? "-" : "stdout",
		    "%s error after %llu bytes: %s; exit %d so the message is "
		    "retried", what, res.bytes, strerror(errno),
		    EXIT_TEMPFAIL);
		return EXIT_TEMPFAIL;
	}
	return EXIT_PASS;
}

/*
 * --merge-summaries: adds up the JSON summaries in the named files and
 * prints the summary of the whole in the asked format.  The exit status
 * is the whole run's: 2 when a file cannot be read or a shard had inputs
 * that were not messages, else by the verdicts, as a run over everything.
 */
static int
run_merge(const struct cli *cli)
{
	struct summary *s = summary_new();
	char err[1024];
	size_t i;
	FILE *fp;
	int rc = 0, status;

	for (i = 0; rc == 0 && i < cli->ninputs; i++) {
		const char *name = cli->inputs[i];

		fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		if (fp == NULL) {
			complain(name, "%s", strerror(errno));
			rc = -1;
		} else if (summary_json_read(fp, name, s, err,
		    sizeof err) == -1) {
			complain(NULL, "%s", err);
			rc = -1;
		}
		if (fp != NULL && fp != stdin)
			(void)fclose(fp);
	}
	if (rc == 0)
		rc = cli->batch.report.format == FORMAT_TEXT ?
		    report_text_summary(stdout, s) :
		    report_json_summary(stdout, s);
	if (rc == 0)
		rc = flush_stdout();
	if (rc == -1 || s->errors > 0)
		status = EXIT_TROUBLE;
	else if (s->verdict[VERDICT_FAIL] > 0)
		status = EXIT_FAIL;
	else if (s->verdict[VERDICT_UNKNOWN] > 0)
		status = EXIT_UNKNOWN;
	else
		status = EXIT_PASS;
	summary_free(s);
	return status;
}

/*
 * The width of the text report: $COLUMNS when it is a number, else the
 * terminal's, else 80.
 */
static unsigned
output_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (env != NULL && *env != '\0') {
		errno = 0;
		n = strtol(env, &end, 10);
		if (errno == 0 && *end == '\0' && n > 0 && n <= 10000)
			return (unsigned)n;
	}
	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/*
 * Colour: --color=always, or auto (the default) on a terminal when
 * NO_COLOR is unset or empty (no-color.org) and TERM is not "dumb".
 */
static bool
wants_color(enum color_mode mode)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && (no_color == NULL ||
	    *no_color == '\0') && (term == NULL || strcmp(term, "dumb") != 0);
}

/* Batch mode: the reports of every input; the status of the verdicts. */
static int
run_batch(const struct cli *cli, const struct ruleset *rules)
{
	struct batch_totals t;

	batch_run(&cli->batch, rules, cli->inputs, cli->ninputs, &t);
	/* A reader that went away (tlstrace big.mbox | head): no message. */
	if (t.output_failed) {
		if (t.output_errno != EPIPE)
			complain("stdout", "write error: %s",
			    strerror(t.output_errno));
		return EXIT_TROUBLE;
	}
	if (t.trouble)
		return EXIT_TROUBLE;
	if (t.fail > 0)
		return EXIT_FAIL;
	if (t.unknown > 0)
		return EXIT_UNKNOWN;
	return EXIT_PASS;
}

int
main(int argc, char *argv[])
{
	struct cli cli;
	struct trustlist *trusted = NULL;
	struct ruleset *rules = NULL;
	bool show_usage = false, extract_started = false;
	int trouble, status;

	if (parse_cli(&cli, argc, argv) == -1) {
		complain(NULL, "out of memory");
		return EXIT_TROUBLE;
	}
	/* The one decision: what trouble means is known from here on. */
	trouble = cli.filter ? EXIT_TEMPFAIL : EXIT_TROUBLE;
	trouble_status = trouble;
	xalloc_set_failure_handler(out_of_memory);
	status = trouble;
	/*
	 * A closed stdout is a write error (EPIPE), whatever SIGPIPE
	 * disposition the parent left: a quiet exit status, never a death
	 * by signal in a mail filter.
	 */
	(void)signal(SIGPIPE, SIG_IGN);

	switch (cli.action) {
	case ACTION_BAD_USAGE:
		complain(NULL, "%s", cli.error);
		usage(stderr, false);
		goto out;
	case ACTION_HELP:
		usage(stdout, true);
		if (flush_stdout() == 0)
			status = EXIT_PASS;
		goto out;
	case ACTION_VERSION:
		(void)printf("tlstrace %s\n", PACKAGE_VERSION);
		if (flush_stdout() == 0)
			status = EXIT_PASS;
		goto out;
	case ACTION_RUN:
		break;
	}

	trusted = trustlist_new();
	if (load_trust(&cli, trusted, &show_usage) == -1) {
		if (show_usage)
			usage(stderr, false);
		goto out;
	}
	cli.policy.trusted = trusted;
	rules = ruleset_new();
	if (rules == NULL)
		out_of_memory();
	if (load_rules(&cli, rules) == -1)
		goto out;
	if (cli.list_rules) {
		list_rules(rules);
		if (flush_stdout() == 0)
			status = EXIT_PASS;
		goto out;
	}
	if (cli.merge_summaries) {
		status = run_merge(&cli);
		goto out;
	}
	cli.batch.report.color = wants_color(cli.color);
	cli.batch.report.width = output_width();
	extract_init();
	extract_started = true;
	status = cli.filter ? run_filter(&cli, rules) :
	    run_batch(&cli, rules);
out:
	if (extract_started)
		extract_shutdown();
	ruleset_free(rules);
	trustlist_free(trusted);
	free(cli.trust);
	return status;
}
