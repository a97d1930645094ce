/*
 * rules.c: the rule file reader and the PCRE2 matcher (see rules.h).
 * The only file that includes pcre2.h.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "diag.h"
#include "names.h"
#include "rules.h"
#include "util.h"

/* Bounds on the work of one match (backtracking steps and depth). */
#define RULE_MATCH_LIMIT	200000
#define RULE_DEPTH_LIMIT	2000
/* Longest rule file line and rule file. */
#define RULE_LINE_MAX		4096
#define RULE_FILE_MAX		(1024 * 1024)
/* Longest keyword name (proto_lookup() reads no longer value). */
#define KEYWORD_NAME_MAX	64

enum group_field {
	GROUP_VERSION,
	GROUP_CIPHER,
	GROUP_BITS,
	GROUP_VERIFY,
	GROUP_COUNT
};

static const char *const group_names[GROUP_COUNT] = {
	"version", "cipher", "bits", "verify"
};

struct rule {
	struct rule_info info;	/* its strings point at owned copies */
	char *name;
	char *mta;
	char *source;
	char *pattern;
	pcre2_code *code;
	int group[GROUP_COUNT];	/* group numbers, 0 when absent */
	bool active;
	bool first_known;	/* anchored: the first byte must be in first */
	uint8_t first[32];	/* a bit per byte value */
};

/* A with keyword of the rule file: its entry points at the owned copies. */
struct keyword {
	struct proto_entry entry;
	char *name;
	char *source;
};

struct ruleset {
	struct rule *rule;
	size_t n;
	size_t cap;
	struct keyword *kw;
	size_t nkw;
	size_t capkw;
	uint32_t md_pairs;	/* ovector pairs the rules need */
	pcre2_match_context *mctx;
	bool jit;
	char **strings;		/* owned origin names */
	size_t nstrings;
};

/* A rule block being read: its fields before it is compiled. */
struct rule_draft {
	char *name, *mta, *source, *pattern;
	enum rule_scope scope;
	enum tls_state tls;
	enum verified verified;
	unsigned line;
	bool open;
	bool keyword;		/* a "keyword" block, not a "rule" */
	bool tls_given;
	unsigned flags;		/* keyword: PROTO_AUTH, PROTO_LMTP */
};

struct ruleset *
ruleset_new(void)
{
	struct ruleset *rs = xcalloc(1, sizeof(*rs));
	uint32_t jit = 0;

	rs->mctx = pcre2_match_context_create(NULL);
	if (rs->mctx == NULL) {
		free(rs);
		return NULL;
	}
	(void)pcre2_set_match_limit(rs->mctx, RULE_MATCH_LIMIT);
	(void)pcre2_set_depth_limit(rs->mctx, RULE_DEPTH_LIMIT);
	if (pcre2_config(PCRE2_CONFIG_JIT, &jit) == 0)
		rs->jit = jit != 0;
	return rs;
}

/* Releases one rule's storage. */
static void
rule_clear(struct rule *r)
{
	free(r->name);
	free(r->mta);
	free(r->source);
	free(r->pattern);
	pcre2_code_free(r->code);
	memset(r, 0, sizeof(*r));
}

void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		rule_clear(&rs->rule[i]);
	free(rs->rule);
	for (i = 0; i < rs->nkw; i++) {
		free(rs->kw[i].name);
		free(rs->kw[i].source);
	}
	free(rs->kw);
	for (i = 0; i < rs->nstrings; i++)
		free(rs->strings[i]);
	free(rs->strings);
	pcre2_match_context_free(rs->mctx);
	free(rs);
	rules_thread_release();
}

/*
 * Match data is per thread, so that worker threads share a ruleset
 * read-only: each grows its own to the largest set it has matched with.
 */
static _Thread_local pcre2_match_data *thread_md;
static _Thread_local uint32_t thread_md_pairs;

void
rules_thread_release(void)
{
	pcre2_match_data_free(thread_md);
	thread_md = NULL;
	thread_md_pairs = 0;
}

/* The calling thread's match data, large enough for rs. */
static pcre2_match_data *
thread_match_data(const struct ruleset *rs)
{
	pcre2_match_data *md;

	if (thread_md != NULL && thread_md_pairs >= rs->md_pairs)
		return thread_md;
	if ((md = pcre2_match_data_create(rs->md_pairs, NULL)) == NULL)
		xalloc_fail();
	pcre2_match_data_free(thread_md);
	thread_md = md;
	thread_md_pairs = rs->md_pairs;
	return md;
}

/* Formats a one-line error into err. */
static int
fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (errsize > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(err, errsize, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Finds an active rule by name, or NULL. */
static struct rule *
find_rule(struct ruleset *rs, const char *name)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		if (rs->rule[i].active &&
		    strcmp(rs->rule[i].info.name, name) == 0)
			return &rs->rule[i];
	}
	return NULL;
}

/*
 * Compiles a pattern and checks its named groups.  Returns the code, or
 * NULL with a message naming the offset and PCRE2's text.
 */
static pcre2_code *
compile_pattern(struct ruleset *rs, const char *pattern, int group[],
    const char *where, char *err, size_t errsize)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroffset;
	PCRE2_SPTR table;
	pcre2_code *code;
	uint32_t count, entry, i;
	int errcode, rc;

	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
	    &errcode, &erroffset, NULL);
	if (code == NULL) {
		(void)pcre2_get_error_message(errcode, msg, sizeof msg);
		(void)fail(err, errsize, "%s: pattern offset %zu: %s", where,
		    (size_t)erroffset, (const char *)msg);
		return NULL;
	}
	(void)pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
	(void)pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
	(void)pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		const char *gname = (const char *)(table + i * entry + 2);
		int g;

		for (g = 0; g < GROUP_COUNT; g++) {
			if (strcmp(gname, group_names[g]) == 0)
				break;
		}
		if (g == GROUP_COUNT) {
			(void)fail(err, errsize, "%s: unknown group name '%s' "
			    "(use version, cipher, bits or verify)", where,
			    gname);
			pcre2_code_free(code);
			return NULL;
		}
	}
	for (i = 0; i < GROUP_COUNT; i++) {
		rc = pcre2_substring_number_from_name(code,
		    (PCRE2_SPTR)group_names[i]);
		group[i] = rc > 0 ? rc : 0;
	}
	if (rs->jit) {
		rc = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
		if (rc == PCRE2_ERROR_NOMEMORY)
			rs->jit = false;	/* hardened kernel: interpret */
		else if (rc != 0) {
			(void)pcre2_get_error_message(rc, msg, sizeof msg);
			(void)fail(err, errsize, "%s: JIT: %s", where,
			    (const char *)msg);
			pcre2_code_free(code);
			return NULL;
		}
	}
	return code;
}

/*
 * Reads from PCRE2 the bytes an anchored pattern can start with (its
 * first code unit, either case; or its table of starting bytes), so that
 * a subject starting with another byte is rejected before a match is
 * tried.  Leaves first_known false when PCRE2 knows no such set.
 */
static void
note_first_bytes(struct rule *r)
{
	const uint8_t *bitmap = NULL;
	uint32_t options = 0, type = 0, cu = 0;

	r->first_known = false;
	if (pcre2_pattern_info(r->code, PCRE2_INFO_ALLOPTIONS, &options) != 0 ||
	    !(options & PCRE2_ANCHORED) ||
	    pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
		return;
	memset(r->first, 0, sizeof r->first);
	if (type == 1 &&
	    pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0 &&
	    cu < 256) {
		/* Caseless or not: both cases of a letter may start it. */
		r->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
		if (ascii_isalpha((unsigned char)cu))
			cu ^= 0x20;
		r->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
		r->first_known = true;
	} else if (type == 0 && pcre2_pattern_info(r->code,
	    PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 && bitmap != NULL) {
		memcpy(r->first, bitmap, sizeof r->first);
		r->first_known = true;
	}
}

/* Notes the ovector pairs a pattern needs (at least 16). */
static void
note_match_pairs(struct ruleset *rs, const pcre2_code *code)
{
	uint32_t groups = 0;

	(void)pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (rs->md_pairs < 16)
		rs->md_pairs = 16;
	if (groups + 1 > rs->md_pairs)
		rs->md_pairs = groups + 1;
}

/* Releases a draft's strings. */
static void
draft_clear(struct rule_draft *d)
{
	free(d->name);
	free(d->mta);
	free(d->source);
	free(d->pattern);
	memset(d, 0, sizeof(*d));
}

/* The PROTO_* flags a keyword entry's tls value stands for. */
static unsigned
keyword_tls_flags(enum tls_state tls)
{
	switch (tls) {
	case TLSSTATE_YES:
		return PROTO_KNOWN | PROTO_PLAIN | PROTO_TLS;
	case TLSSTATE_NO:
		return PROTO_KNOWN | PROTO_PLAIN;
	case TLSSTATE_LOCAL:
		return PROTO_KNOWN | PROTO_LOCAL;
	case TLSSTATE_UNKNOWN:
		break;
	}
	return PROTO_KNOWN;
}

/* Adds a finished keyword draft, replacing an entry of the same name. */
static int
keyword_commit(struct ruleset *rs, struct rule_draft *d, const char *where,
    char *err, size_t errsize)
{
	struct keyword k, *slot = NULL;
	size_t i;

	if (!d->tls_given)
		return fail(err, errsize, "%s: no 'tls' line", where);
	k.name = d->name;
	k.source = d->source ? d->source : xstrdup("");
	k.entry.keyword = k.name;
	k.entry.source = k.source;
	k.entry.flags = keyword_tls_flags(d->tls) | d->flags;
	free(d->mta);
	memset(d, 0, sizeof(*d));
	for (i = 0; i < rs->nkw; i++) {
		if (proto_keyword_matches(k.name, strlen(k.name),
		    rs->kw[i].name))
			slot = &rs->kw[i];
	}
	if (slot != NULL) {
		free(slot->name);
		free(slot->source);
	} else {
		if (rs->nkw == rs->capkw) {
			rs->capkw = rs->capkw ? rs->capkw * 2 : 8;
			rs->kw = xreallocarray(rs->kw, rs->capkw,
			    sizeof(*rs->kw));
		}
		slot = &rs->kw[rs->nkw++];
	}
	*slot = k;
	return 0;
}

/* Compiles a finished draft into the set, replacing a rule of that name. */
static int
draft_commit(struct ruleset *rs, struct rule_draft *d, const char *origin,
    char *err, size_t errsize)
{
	struct rule r, *old;
	char where[512];

	if (!d->open)
		return 0;
	if (d->keyword) {
		(void)snprintf(where, sizeof where, "%s:%u: keyword %s",
		    origin, d->line, d->name);
		return keyword_commit(rs, d, where, err, errsize);
	}
	(void)snprintf(where, sizeof where, "%s:%u: rule %s", origin, d->line,
	    d->name);
	if (d->scope == RULESCOPE_NONE)
		return fail(err, errsize, "%s: no 'scope' line", where);
	if (d->pattern == NULL)
		return fail(err, errsize, "%s: no 'pattern' line", where);
	memset(&r, 0, sizeof r);
	r.code = compile_pattern(rs, d->pattern, r.group, where, err,
	    errsize);
	if (r.code == NULL)
		return -1;
	note_match_pairs(rs, r.code);
	note_first_bytes(&r);
	r.name = d->name;
	r.mta = d->mta ? d->mta : xstrdup("");
	r.source = d->source ? d->source : xstrdup("");
	r.info.name = r.name;
	r.info.mta = r.mta;
	r.info.source = r.source;
	r.info.file = origin;
	r.info.line = d->line;
	r.info.scope = d->scope;
	r.info.tls = d->tls;
	r.info.verified = d->verified;
	r.pattern = d->pattern;
	r.active = true;
	memset(d, 0, sizeof(*d));

	if ((old = find_rule(rs, r.info.name)) != NULL) {
		rule_clear(old);
		*old = r;
		return 0;
	}
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 32;
		rs->rule = xreallocarray(rs->rule, rs->cap, sizeof(*rs->rule));
	}
	rs->rule[rs->n++] = r;
	return 0;
}

/* True for a valid rule name: letters, digits, '-', '_', '.'. */
static bool
valid_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (!ascii_isalnum((unsigned char)*s) && *s != '-' &&
		    *s != '_' && *s != '.')
			return false;
	}
	return true;
}

/* True for the evidence names tlsinfo.c gives without a rule. */
static bool
reserved_name(const char *s)
{
	static const char *const names[] = {
		"with-keyword", "rfc8314-tls-clause", "tls-version-token",
		"cipher-suite-name", "tcpinfo-local", "tcpinfo-unix-socket",
		"lmtp-no-address", "sendmail-local-submission",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i]) == 0)
			return true;
	}
	return false;
}

/*
 * True for a keyword name: printable ASCII, at most KEYWORD_NAME_MAX
 * bytes, single spaces between words ("Microsoft SMTP Server").
 */
static bool
valid_keyword(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > KEYWORD_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < ' ' || s[i] > '~' || (s[i] == ' ' && (i + 1 == n ||
		    s[i + 1] == ' ')))
			return false;
	}
	return true;
}

/* Sets a string field of the draft, once, to a non-empty value. */
static int
draft_string(char **slot, const char *key, const char *value,
    const char *where, char *err, size_t errsize)
{
	if (*slot != NULL)
		return fail(err, errsize, "%s: '%s' given twice", where, key);
	if (*value == '\0')
		return fail(err, errsize, "%s: '%s' needs a value", where,
		    key);
	*slot = xstrdup(value);
	return 0;
}

/* Reads a yes or no value into a flag of a keyword draft. */
static int
keyword_flag(struct rule_draft *d, unsigned flag, const char *key,
    const char *value, const char *where, char *err, size_t errsize)
{
	if (strcmp(value, "yes") == 0)
		d->flags |= flag;
	else if (strcmp(value, "no") == 0)
		d->flags &= ~flag;
	else
		return fail(err, errsize, "%s: %s must be yes or no", where,
		    key);
	return 0;
}

/* Reads one "key value" line into the open draft. */
static int
draft_field(struct rule_draft *d, const char *key, const char *value,
    const char *where, char *err, size_t errsize)
{
	if (d->keyword && strcmp(key, "auth") == 0)
		return keyword_flag(d, PROTO_AUTH, key, value, where, err,
		    errsize);
	if (d->keyword && strcmp(key, "lmtp") == 0)
		return keyword_flag(d, PROTO_LMTP, key, value, where, err,
		    errsize);
	if (d->keyword && strcmp(key, "tls") != 0 &&
	    strcmp(key, "source") != 0 && strcmp(key, "mta") != 0)
		return fail(err, errsize, "%s: '%s' is not a field of a "
		    "keyword (use tls, auth, lmtp, mta or source)", where, key);
	if (strcmp(key, "mta") == 0)
		return draft_string(&d->mta, key, value, where, err, errsize);
	if (strcmp(key, "source") == 0)
		return draft_string(&d->source, key, value, where, err,
		    errsize);
	if (strcmp(key, "pattern") == 0)
		return draft_string(&d->pattern, key, value, where, err,
		    errsize);
	if (strcmp(key, "scope") == 0) {
		if (strcmp(value, "with") == 0)
			d->scope = RULESCOPE_WITH;
		else if (strcmp(value, "via") == 0)
			d->scope = RULESCOPE_VIA;
		else if (strcmp(value, "comment") == 0)
			d->scope = RULESCOPE_COMMENT;
		else if (strcmp(value, "header") == 0)
			d->scope = RULESCOPE_HEADER;
		else
			return fail(err, errsize, "%s: scope must be with, "
			    "via, comment or header", where);
		return 0;
	}
	if (strcmp(key, "tls") == 0) {
		d->tls_given = true;
		if (strcmp(value, "yes") == 0)
			d->tls = TLSSTATE_YES;
		else if (strcmp(value, "no") == 0)
			d->tls = TLSSTATE_NO;
		else if (strcmp(value, "local") == 0)
			d->tls = TLSSTATE_LOCAL;
		else if (strcmp(value, "none") == 0)
			d->tls = TLSSTATE_UNKNOWN;
		else
			return fail(err, errsize, "%s: tls must be yes, no, "
			    "local or none", where);
		return 0;
	}
	if (strcmp(key, "verified") == 0) {
		if (strcmp(value, "yes") == 0)
			d->verified = VERIFIED_YES;
		else if (strcmp(value, "no") == 0)
			d->verified = VERIFIED_NO;
		else
			return fail(err, errsize, "%s: verified must be yes "
			    "or no", where);
		return 0;
	}
	return fail(err, errsize, "%s: unknown field '%s'", where, key);
}

/* Keeps a copy of an origin name for the rules' lifetime. */
static const char *
keep_string(struct ruleset *rs, const char *s)
{
	rs->strings = xreallocarray(rs->strings, rs->nstrings + 1,
	    sizeof(*rs->strings));
	rs->strings[rs->nstrings] = xstrdup(s);
	return rs->strings[rs->nstrings++];
}

/* Handles one logical line of a rule file. */
static int
load_line(struct ruleset *rs, struct rule_draft *d, char *line,
    unsigned lineno, const char *origin, char *err, size_t errsize)
{
	char where[512], *key, *value, *end;
	struct rule *r;

	key = line;
	while (*key == ' ' || *key == '\t')
		key++;
	end = key + strlen(key);
	while (end > key && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		*--end = '\0';
	if (*key == '\0' || *key == '#')
		return 0;
	value = key;
	while (*value != '\0' && *value != ' ' && *value != '\t')
		value++;
	if (*value != '\0') {
		*value++ = '\0';
		while (*value == ' ' || *value == '\t')
			value++;
	}
	(void)snprintf(where, sizeof where, "%s:%u", origin, lineno);

	if (strcmp(key, "rule") == 0 || strcmp(key, "disable") == 0) {
		if (draft_commit(rs, d, origin, err, errsize) == -1)
			return -1;
		if (!valid_name(value))
			return fail(err, errsize, "%s: '%s' needs a name of "
			    "letters, digits, '-', '_' or '.'", where, key);
		if (strcmp(key, "rule") == 0 && reserved_name(value))
			return fail(err, errsize, "%s: '%s' is the name of "
			    "built-in evidence, not of a rule", where, value);
		if (strcmp(key, "disable") == 0) {
			if ((r = find_rule(rs, value)) == NULL)
				return fail(err, errsize, "%s: no rule named "
				    "'%s' to disable", where, value);
			r->active = false;
			return 0;
		}
		d->open = true;
		d->name = xstrdup(value);
		d->line = lineno;
		d->tls = TLSSTATE_YES;
		return 0;
	}
	if (strcmp(key, "keyword") == 0) {
		if (draft_commit(rs, d, origin, err, errsize) == -1)
			return -1;
		if (!valid_keyword(value))
			return fail(err, errsize, "%s: 'keyword' needs a name "
			    "of at most %d printable characters", where,
			    KEYWORD_NAME_MAX);
		d->open = true;
		d->keyword = true;
		d->name = xstrdup(value);
		d->line = lineno;
		return 0;
	}
	if (!d->open)
		return fail(err, errsize, "%s: '%s' outside a rule block",
		    where, key);
	(void)snprintf(where, sizeof where, "%s:%u: %s %s", origin, lineno,
	    d->keyword ? "keyword" : "rule", d->name);
	return draft_field(d, key, value, where, err, errsize);
}

int
ruleset_load_text(struct ruleset *rs, const char *text, size_t len,
    const char *origin, char *err, size_t errsize)
{
	struct rule_draft d;
	char line[RULE_LINE_MAX];
	const char *p = text, *end = text + len, *nl;
	unsigned lineno = 0;
	size_t n;
	int rc = -1;

	memset(&d, 0, sizeof d);
	origin = keep_string(rs, origin);
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n >= sizeof line) {
			(void)fail(err, errsize, "%s:%u: line longer than %d "
			    "bytes", origin, lineno, RULE_LINE_MAX - 1);
			goto out;
		}
		if (memchr(p, '\0', n) != NULL) {
			(void)fail(err, errsize, "%s:%u: NUL byte", origin,
			    lineno);
			goto out;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (load_line(rs, &d, line, lineno, origin, err, errsize) == -1)
			goto out;
		p = nl ? nl + 1 : end;
	}
	if (draft_commit(rs, &d, origin, err, errsize) == -1)
		goto out;
	rc = 0;
out:
	draft_clear(&d);
	return rc;
}

int
ruleset_load_file(struct ruleset *rs, const char *path, char *err,
    size_t errsize)
{
	struct strbuf sb;
	char buf[8192];
	FILE *fp;
	size_t n;
	int rc = -1;

	strbuf_init(&sb);
	if ((fp = fopen(path, "r")) == NULL)
		return fail(err, errsize, "%s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		if (sb.len + n > RULE_FILE_MAX) {
			(void)fail(err, errsize, "%s: larger than %d bytes",
			    path, RULE_FILE_MAX);
			goto out;
		}
		strbuf_append(&sb, buf, n);
	}
	if (ferror(fp)) {
		(void)fail(err, errsize, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = ruleset_load_text(rs, sb.data ? sb.data : "", sb.len, path, err,
	    errsize);
out:
	(void)fclose(fp);
	strbuf_clear(&sb);
	return rc;
}

int
ruleset_load_default(struct ruleset *rs, char *err, size_t errsize)
{
	return ruleset_load_text(rs, rules_default_text, rules_default_text_len,
	    "(built-in rules)", err, errsize);
}

size_t
ruleset_count(const struct ruleset *rs)
{
	size_t i, n = 0;

	for (i = 0; i < rs->n; i++)
		n += rs->rule[i].active;
	return n;
}

const struct rule_info *
ruleset_rule(const struct ruleset *rs, size_t i)
{
	size_t k;

	for (k = 0; k < rs->n; k++) {
		if (!rs->rule[k].active)
			continue;
		if (i-- == 0)
			return &rs->rule[k].info;
	}
	return NULL;
}

/* The span of group number g of the last match, or an unset span. */
static struct span
group_span(const char *subject, const PCRE2_SIZE *ov, int g)
{
	struct span s = { NULL, 0 };

	if (g <= 0 || ov[2 * g] == PCRE2_UNSET || ov[2 * g + 1] < ov[2 * g])
		return s;
	s.p = subject + ov[2 * g];
	s.len = ov[2 * g + 1] - ov[2 * g];
	return s;
}

size_t
ruleset_match(const struct ruleset *rs, enum rule_scope scope,
    const char *subject, size_t len, struct rule_hit *hits, size_t max,
    struct diaglist *diags, unsigned hop)
{
	PCRE2_UCHAR msg[256];
	pcre2_match_data *md;
	const PCRE2_SIZE *ov;
	size_t i, n = 0;
	int rc;

	if (rs->n == 0)
		return 0;
	md = thread_match_data(rs);
	for (i = 0; i < rs->n && n < max; i++) {
		const struct rule *r = &rs->rule[i];

		if (!r->active || r->info.scope != scope)
			continue;
		/* Cannot start here (note_first_bytes). */
		if (r->first_known && (len == 0 ||
		    !(r->first[(unsigned char)subject[0] >> 3] &
		    (1u << ((unsigned char)subject[0] & 7)))))
			continue;
		/* pcre2_jit_match skips pcre2_match's checks: no UTF mode. */
		rc = rs->jit ? pcre2_jit_match(r->code, (PCRE2_SPTR)subject,
		    len, 0, 0, md, rs->mctx) : pcre2_match(r->code,
		    (PCRE2_SPTR)subject, len, 0, 0, md, rs->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0) {
			(void)pcre2_get_error_message(rc, msg, sizeof msg);
			diag_add(diags, "rule-match-error", SEVERITY_WARNING,
			    hop, "rule %s: %s", r->info.name,
			    (const char *)msg);
			continue;
		}
		ov = pcre2_get_ovector_pointer(md);
		hits[n].rule = &r->info;
		hits[n].match.p = subject + ov[0];
		hits[n].match.len = ov[1] > ov[0] ? ov[1] - ov[0] : 0;
		hits[n].version = group_span(subject, ov,
		    r->group[GROUP_VERSION]);
		hits[n].cipher = group_span(subject, ov,
		    r->group[GROUP_CIPHER]);
		hits[n].bits = group_span(subject, ov, r->group[GROUP_BITS]);
		hits[n].verify = group_span(subject, ov,
		    r->group[GROUP_VERIFY]);
		n++;
	}
	return n;
}

const struct proto_entry *
ruleset_keyword(const struct ruleset *rs, const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > KEYWORD_NAME_MAX)
		return NULL;
	for (i = 0; i < rs->nkw; i++) {
		if (proto_keyword_matches(s, len, rs->kw[i].name))
			return &rs->kw[i].entry;
	}
	return NULL;
}

size_t
ruleset_keyword_count(const struct ruleset *rs)
{
	return rs->nkw;
}

const struct proto_entry *
ruleset_keyword_at(const struct ruleset *rs, size_t i)
{
	return i < rs->nkw ? &rs->kw[i].entry : NULL;
}

const char *
rule_scope_name(enum rule_scope scope)
{
	switch (scope) {
	case RULESCOPE_WITH:
		return "with";
	case RULESCOPE_VIA:
		return "via";
	case RULESCOPE_COMMENT:
		return "comment";
	case RULESCOPE_HEADER:
		return "header";
	case RULESCOPE_NONE:
		break;
	}
	return "none";
}
