/*
 * corpus_scope.c: on the shared public corpus, no message fails because
 * of LMTP, amavis or localhost hops at the top of its chain (the users'
 * top complaint: rspamd#3896, Mailu#1705, Roundcube_TLS_Icon#13/#20/#26).
 *
 * The top hops are picked from the text, not by classify.c: the newest
 * hops whose with keyword is LMTP, that mention amavis, whose by host is
 * localhost, or whose connecting address is loopback.  None of them may
 * be judged, be the first offender, or carry a finding about its
 * transfer.  One test point per message that has such hops; skipped when
 * the corpus is absent ($CORPUS_DIR, else $TOP_SRCDIR/../shared/...).
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "diag.h"
#include "extract.h"
#include "input.h"
#include "netaddr.h"
#include "rules.h"
#include "tap.h"
#include "util.h"

/* True when the span contains word, ignoring ASCII case. */
static bool
span_has(struct span s, const char *word)
{
	size_t i, n = strlen(word);

	for (i = 0; SPAN_IS_SET(s) && i + n <= s.len; i++) {
		if (ascii_span_startswith(s.p + i, s.len - i, word))
			return true;
	}
	return false;
}

/* True for an LMTP, amavis or localhost hop, judged from its text. */
static bool
is_top_kind(const struct hop *h)
{
	const struct received *r = &h->rcv;
	struct span with = r->clause[CLAUSE_WITH].first;
	struct span by = r->clause[CLAUSE_BY].first;
	struct netaddr a;

	if (SPAN_IS_SET(with) && (ascii_span_startswith(with.p, with.len,
	    "lmtp") || ascii_span_startswith(with.p, with.len, "utf8lmtp")))
		return true;
	if (span_has(r->raw, "amavis"))
		return true;
	if (SPAN_IS_SET(by) && ascii_span_startswith(by.p, by.len,
	    "localhost"))
		return true;
	return SPAN_IS_SET(r->ip) && netaddr_parse(r->ip.p, r->ip.len, &a) &&
	    netaddr_scope(&a, NULL) == NETSCOPE_LOOPBACK;
}

/* True when a finding about the hop's transfer names it. */
static bool
has_transfer_finding(const struct chain *c, unsigned hop)
{
	static const char *const codes[] = {
		"plaintext-public-hop", "plaintext-internal-hop", "downgrade",
		"plaintext-auth", "below-min-tls",
	};
	size_t i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		if (diag_has(&c->findings, codes[i], hop))
			return true;
	}
	return false;
}

/* Checks one message; returns the number of top hops it has. */
static size_t
check_message(const char *name, const struct chain *c)
{
	size_t i, ntop = 0;
	bool good = true;

	for (i = c->nhops; i > 0 && is_top_kind(&c->hop[i - 1]); i--) {
		const struct hop *h = &c->hop[i - 1];

		ntop++;
		if (h->judged || c->first_offender == h->index ||
		    has_transfer_finding(c, h->index)) {
			good = false;
			tap_diag("%s: hop %u (%s) at the top decides", name,
			    h->index, h->scope_why);
		}
	}
	if (ntop > 0)
		tap_ok(good, "%s: %zu LMTP/amavis/localhost hops at the top "
		    "do not decide the verdict (%s)", name, ntop,
		    c->verdict == VERDICT_FAIL ? "fail" :
		    c->verdict == VERDICT_PASS ? "pass" : "unknown");
	return ntop;
}

/* Runs every message of one file. */
static size_t
check_file(const char *path, const char *name, const struct ruleset *rs,
    const struct policy *opt)
{
	struct msgreader *r;
	struct rawmsg msg;
	struct chain *c;
	const char *why;
	size_t n = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	r = msgreader_new(fd, false);
	while (msgreader_next(r, &msg) == 1) {
		if ((c = analyze_message(&msg, rs, opt, &why)) == NULL)
			continue;
		n += check_message(name, c) > 0;
		chain_free(c);
	}
	msgreader_free(r);
	(void)close(fd);
	return n;
}

/* Orders file names for a stable TAP listing. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char *argv[])
{
	const char *dir = getenv("CORPUS_DIR"), *top;
	char buf[2048], path[4096], err[512], **names = NULL;
	struct ruleset *rs;
	struct policy opt;
	struct dirent *de;
	size_t i, n = 0, cap = 0, with_top = 0, len;
	DIR *d;

	(void)argc;
	(void)argv;
	if (dir == NULL && (top = getenv("TOP_SRCDIR")) != NULL) {
		(void)snprintf(buf, sizeof buf, "%s/../shared/corpus/public",
		    top);
		dir = buf;
	}
	if (dir == NULL || (d = opendir(dir)) == NULL) {
		printf("1..0 # SKIP corpus not found at %s\n",
		    dir != NULL ? dir : "$CORPUS_DIR (unset)");
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".eml") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	(void)closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);

	rs = ruleset_new();
	if (ruleset_load_default(rs, err, sizeof err) == -1)
		tap_bail("default rules: %s", err);
	extract_init();
	memset(&opt, 0, sizeof opt);
	for (i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof path, "%.2047s/%.1024s",
		    dir, names[i]) >= sizeof path)
			continue;
		with_top += check_file(path, names[i], rs, &opt);
		free(names[i]);
	}
	free(names);
	extract_shutdown();
	ruleset_free(rs);
	tap_ok(with_top > 0, "the corpus has messages with such hops (%zu)",
	    with_top);
	return tap_done();
}
