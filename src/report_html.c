/*
 * report_html.c: --format=html, one self-contained page.
 *
 * One message gives a page with its path drawn as an SVG diagram (the
 * oldest hop at the top), the verdict, a table of the hops, the findings
 * and each hop's evidence.  Several messages (an mbox, a directory, a
 * Maildir) give one page with the summary as SVG charts, a table of
 * messages and the diagrams of the first HTML_DETAIL_PER_VERDICT messages
 * of each verdict; the rest are counted only, so the page stays a size a
 * browser opens whatever the size of the archive.
 *
 * The page fetches nothing and runs no script: its Content-Security-Policy
 * allows only its own stylesheet, by hash.  Every byte from the message
 * goes through put_untrusted(): made terminal-safe first (controls, bidi
 * controls and invalid UTF-8 become visible \x and \u{} escapes, as in the
 * text report), then HTML-escaped, and only ever into text content, never
 * into an attribute.  Attributes hold only our own names and numbers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "escape.h"
#include "names.h"
#include "report.h"
#include "sha256.h"
#include "summary.h"
#include "util.h"

/* Bounds on what the page keeps and shows. */
#define HTML_DETAIL_PER_VERDICT	100	/* messages drawn */
#define HTML_DETAIL_BYTES_MAX	(16u * 1024 * 1024) /* drawn HTML kept */
#define HTML_TEXT_MAX		4096	/* bytes of one field shown */
#define HTML_NAME_MAX		34	/* code points of a drawn name */
#define HTML_LABEL_MAX		40	/* code points of a cipher in
					   a label */
#define HTML_CHART_ROWS		40	/* bars of one chart */

/* The diagram's geometry, in SVG user units. */
#define DIA_WIDTH	760
#define DIA_NODE_X	16
#define DIA_NODE_W	300
#define DIA_NODE_H	46
#define DIA_EDGE_H	74
#define DIA_LABEL_X	(DIA_NODE_X + DIA_NODE_W / 2 + 22)
#define DIA_DELAY_X	580
#define DIA_DELAY_W	140

static const char stylesheet[] =
":root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#59636e;"
"--line:#d0d7de;--card:#f6f8fa;--yes:#1a7f37;--no:#cf222e;--local:#6e7781;"
"--unknown:#9a6700;--pass-bg:#dafbe1;--fail-bg:#ffebe9;--unk-bg:#fff8c5;"
"--bar:#0969da}\n"
"@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;"
"--muted:#9198a1;--line:#3d444d;--card:#151b23;--yes:#3fb950;--no:#ff7b72;"
"--local:#9198a1;--unknown:#d29922;--pass-bg:#12361f;--fail-bg:#4b1113;"
"--unk-bg:#3b2e00;--bar:#4493f8}}\n"
"*{box-sizing:border-box}\n"
"body{margin:0 auto;max-width:68rem;padding:1rem 1.5rem;background:var(--bg);"
"color:var(--fg);font:15px/1.45 system-ui,-apple-system,'Segoe UI',"
"'DejaVu Sans',sans-serif}\n"
"h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 "
".4rem;overflow-wrap:anywhere}h3{font-size:1rem;margin:1rem 0 .3rem}\n"
"header p,.muted{color:var(--muted)}\n"
"code,pre,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;"
"font-size:.88em}\n"
"pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--card);"
"padding:.5rem;border-radius:4px;margin:.3rem 0}\n"
".verdict{border-left:.6rem solid;border-radius:6px;padding:.6rem 1rem;"
"margin:.6rem 0 1rem}\n"
".verdict .word{font-size:1.7rem;font-weight:800;letter-spacing:.04em;"
"margin-right:.6rem}\n"
".verdict p{margin:.2rem 0;overflow-wrap:anywhere}\n"
".v-pass{background:var(--pass-bg);border-color:var(--yes)}"
".v-pass .word{color:var(--yes)}\n"
".v-fail{background:var(--fail-bg);border-color:var(--no)}"
".v-fail .word{color:var(--no)}\n"
".v-unknown{background:var(--unk-bg);border-color:var(--unknown)}"
".v-unknown .word{color:var(--unknown)}\n"
".verdict a{color:inherit;font-weight:700}"
".verdict .facts{font-size:.9em}\n"
"figure{margin:.5rem 0}svg{max-width:100%;height:auto}\n"
"svg text{fill:var(--fg);stroke:none;font-size:13px}\n"
"svg .small{font-size:11.5px;fill:var(--muted)}\n"
"svg .strong{font-weight:700}\n"
".node rect{fill:var(--card);stroke:var(--line);stroke-width:1.5}\n"
".node.attested rect{stroke:var(--fg);stroke-width:2}\n"
".edge line{stroke-width:4}.edge.offender line{stroke-width:8}\n"
".edge.unjudged{opacity:.55}\n"
".s-yes{stroke:var(--yes);fill:var(--yes);color:var(--yes)}\n"
".s-no{stroke:var(--no);fill:var(--no);color:var(--no)}\n"
".s-local{stroke:var(--local);fill:var(--local);color:var(--local)}\n"
".s-unknown{stroke:var(--unknown);fill:var(--unknown);color:var(--unknown)}"
"\n"
".edge.s-no line{stroke-dasharray:10 5}"
".edge.s-unknown line{stroke-dasharray:3 4}\n"
"svg text.state{font-weight:800}svg .s-yes text.state{fill:var(--yes)}"
"svg .s-no text.state{fill:var(--no)}"
"svg .s-local text.state{fill:var(--local)}"
"svg .s-unknown text.state{fill:var(--unknown)}\n"
".badge rect{fill:var(--no);stroke:none}svg .badge text{fill:#fff;"
"font-weight:800;font-size:11px}\n"
".delay rect{fill:var(--bar);stroke:none}"
".delay .track{fill:var(--line)}\n"
"table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.9em}\n"
"th,td{border-bottom:1px solid var(--line);padding:.25rem .4rem;"
"text-align:left;vertical-align:top}\n"
"td.name{overflow-wrap:break-word}td.date{white-space:nowrap}\n"
"th{background:var(--card)}.scroll{overflow-x:auto}\n"
"tr.offender td{background:var(--fail-bg);font-weight:600}\n"
"td.s-yes,td.s-no,td.s-local,td.s-unknown{font-weight:700}\n"
"td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
"ul.findings{padding-left:1.2rem}\n"
"li.error{color:var(--no)}li.warning{color:var(--unknown)}\n"
"li span.text{color:var(--fg)}\n"
"details{border:1px solid var(--line);border-radius:4px;padding:.3rem .6rem;"
"margin:.3rem 0}summary{cursor:pointer;font-weight:600}\n"
"dl{margin:.3rem 0}dt{font-weight:600}dd{margin:0 0 .3rem 1rem}\n"
"section.message{border-top:2px solid var(--line);margin-top:1.5rem}\n"
".charts{display:flex;flex-wrap:wrap;gap:1rem}"
".charts figure{flex:1 1 30rem}\n"
"figcaption{font-weight:600}figcaption.muted{font-weight:400}\n"
".bar-yes{fill:var(--yes)}.bar-no{fill:var(--no)}"
".bar-local{fill:var(--local)}.bar-unknown{fill:var(--unknown)}"
".bar-plain{fill:var(--bar)}\n"
"a{color:var(--bar)}\n"
"@media print{:root{--bg:#fff;--fg:#000;--muted:#333;--card:#fff;"
"--line:#999}body{max-width:none;padding:0;font-size:11pt}"
"details{border:none;padding:0}details>*{display:block}"
"section.message{break-before:page;border:none}"
"figure,tr,.verdict{break-inside:avoid}a{color:inherit}}\n";

/* What the page keeps of one verdict's messages. */
struct verdict_part {
	struct strbuf rows;	/* <tr> of the table of messages */
	struct strbuf sections;	/* the drawn messages */
	size_t shown;		/* messages drawn */
	unsigned long long total;
};

struct html_report {
	const struct report_options *ro;
	bool summary_only;		/* no message drawn or listed */
	struct summary *summary;
	struct verdict_part part[3];	/* by enum verdict */
	size_t kept_bytes;		/* of every part's strbufs */
	unsigned long long messages;
	unsigned long long not_analysed;
	size_t next_id;			/* anchor number of a section */
	struct strbuf scratch;
	/* The one message of a single-message page. */
	char *first_title;
};

/*
 * The length of the noncharacter (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF) that
 * valid UTF-8 s starts with, its code point in *cp, or 0.  HTML counts
 * them as parse errors, so they are shown escaped like bidi controls.
 */
static size_t
noncharacter(const unsigned char *s, size_t len, unsigned long *cp)
{
	if (len >= 3 && s[0] == 0xef && s[1] == 0xb7 && s[2] >= 0x90 &&
	    s[2] <= 0xaf) {
		*cp = 0xfdd0ul + (s[2] - 0x90u);
		return 3;
	}
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe) {
		*cp = 0xfffeul + (s[2] - 0xbeu);
		return 3;
	}
	if (len >= 4 && s[0] >= 0xf0 && s[0] <= 0xf4 &&
	    (s[1] & 0x0f) == 0x0f && s[2] == 0xbf && s[3] >= 0xbe) {
		*cp = ((unsigned long)(s[0] & 0x07) << 18) |
		    ((unsigned long)(s[1] & 0x3f) << 12) | 0xfffeul |
		    (s[3] - 0xbeu);
		return 4;
	}
	return 0;
}

/* Appends text that is already terminal-safe, HTML-escaped. */
static void
put_entities(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, from = 0, n;
	unsigned long cp;
	const char *rep;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0xef && (n = noncharacter(
		    (const unsigned char *)s + i, len - i, &cp)) > 0) {
			strbuf_append(sb, s + from, i - from);
			strbuf_appendf(sb, "\\u{%04lx}", cp);
			i += n - 1;
			from = i + 1;
			continue;
		}
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		strbuf_append(sb, s + from, i - from);
		strbuf_appends(sb, rep);
		from = i + 1;
	}
	strbuf_append(sb, s + from, len - from);
}

void
report_html_escape(struct strbuf *sb, const char *s, size_t len)
{
	struct strbuf safe;

	strbuf_init(&safe);
	escape_terminal(&safe, s, len);
	put_entities(sb, safe.data, safe.len);
	strbuf_clear(&safe);
}

/* Cuts terminal-safe text at max code points, marking the cut. */
static void
clip_points(struct strbuf *sb, size_t max)
{
	size_t i, w = 0;

	for (i = 0; i < sb->len; i++) {
		if (((unsigned char)sb->data[i] & 0xc0) != 0x80 && w++ == max)
			break;
	}
	if (i < sb->len) {
		/* Back to a character boundary, then room for the mark. */
		sb->len = i;
		while (sb->len > 0 && w > max) {
			sb->len--;
			if (((unsigned char)sb->data[sb->len] & 0xc0) != 0x80)
				w--;
		}
		strbuf_appends(sb, "\xe2\x80\xa6");	/* U+2026 */
	}
}

/*
 * Appends untrusted bytes as HTML text: at most max code points of their
 * terminal-safe form (0: no limit past HTML_TEXT_MAX bytes), or "?" when
 * unset.
 */
static void
put_untrusted(struct html_report *r, struct strbuf *sb, const char *s,
    size_t len, size_t max)
{
	bool cut = false;

	if (s == NULL || len == 0) {
		strbuf_appendc(sb, '?');
		return;
	}
	if (len > HTML_TEXT_MAX) {
		len = HTML_TEXT_MAX;
		cut = true;
	}
	strbuf_reset(&r->scratch);
	escape_terminal(&r->scratch, s, len);
	if (max > 0)
		clip_points(&r->scratch, max);
	put_entities(sb, r->scratch.data, r->scratch.len);
	if (cut)
		strbuf_appendf(sb, "\xe2\x80\xa6 (%zu bytes shown)",
		    (size_t)HTML_TEXT_MAX);
}

static void
put_span(struct html_report *r, struct strbuf *sb, struct span s, size_t max)
{
	put_untrusted(r, sb, s.p, s.len, max);
}

/* The name a hop's sending side gave: HELO, else the reverse DNS. */
static struct span
hop_from(const struct hop *h)
{
	if (SPAN_IS_SET(h->rcv.helo) && h->rcv.helo.len > 0)
		return h->rcv.helo;
	return h->rcv.rdns;
}

static const char *
state_word(enum tls_state s)
{
	switch (s) {
	case TLSSTATE_YES: return "TLS";
	case TLSSTATE_NO: return "PLAINTEXT";
	case TLSSTATE_LOCAL: return "LOCAL";
	case TLSSTATE_UNKNOWN: break;
	}
	return "UNKNOWN";
}

static const char *
verdict_word(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "PASS";
	case VERDICT_FAIL: return "FAIL";
	case VERDICT_UNKNOWN: break;
	}
	return "UNKNOWN";
}

/* A delay as people say it: "42 s", "3 min 5 s", "2 h 10 min". */
static void
put_delay(struct strbuf *sb, int64_t d)
{
	uint64_t a;

	if (d < 0)
		strbuf_appends(sb, "\xe2\x88\x92");	/* U+2212 minus */
	a = d < 0 ? (uint64_t)-(d + 1) + 1 : (uint64_t)d;
	if (a < 60)
		strbuf_appendf(sb, "%llu s", (unsigned long long)a);
	else if (a < 3600)
		strbuf_appendf(sb, "%llu min %llu s",
		    (unsigned long long)(a / 60), (unsigned long long)(a % 60));
	else if (a < 86400)
		strbuf_appendf(sb, "%llu h %llu min",
		    (unsigned long long)(a / 3600),
		    (unsigned long long)(a % 3600 / 60));
	else
		strbuf_appendf(sb, "%llu d %llu h",
		    (unsigned long long)(a / 86400),
		    (unsigned long long)(a % 86400 / 3600));
}

/* "TLSv1.3 TLS_AES_256_GCM_SHA384 256 bits", or "" for none of them. */
static void
put_tls_detail(struct html_report *r, struct strbuf *sb, const struct hop *h,
    size_t max)
{
	size_t start = sb->len;

	if (h->version != TLSVER_NONE)
		strbuf_appends(sb, tlsver_name(h->version));
	if (SPAN_IS_SET(h->cipher) && h->cipher.len > 0) {
		if (sb->len > start)
			strbuf_appendc(sb, ' ');
		put_span(r, sb, h->cipher, max);
	}
	if (h->bits >= 0)
		strbuf_appendf(sb, "%s%d bits", sb->len > start ? " " : "",
		    h->bits);
}

/* An SVG text element; the text is ours (static or already escaped). */
static void
svg_text(struct strbuf *sb, int x, int y, const char *cls, const char *text)
{
	strbuf_appendf(sb, "<text x=\"%d\" y=\"%d\"%s%s%s>%s</text>\n", x, y,
	    cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "", text);
}

/*
 * One server of the diagram: the receiving host of hop n-1 and the
 * sending side of hop n, either of which may be absent.
 */
static void
dia_node(struct html_report *r, struct strbuf *sb, const struct chain *c,
    size_t n, int y)
{
	const struct hop *in = n > 0 ? &c->hop[n - 1] : NULL;
	const struct hop *out = n < c->nhops ? &c->hop[n] : NULL;
	struct strbuf line;
	bool attested = (in != NULL && in->trust == TRUST_ATTESTED);

	strbuf_init(&line);
	strbuf_appendf(sb, "<g class=\"node%s\">\n<rect x=\"%d\" y=\"%d\" "
	    "width=\"%d\" height=\"%d\" rx=\"8\"/>\n", attested ?
	    " attested" : "", DIA_NODE_X, y, DIA_NODE_W, DIA_NODE_H);
	strbuf_appends(sb, "<title>");
	if (in != NULL) {
		strbuf_appends(sb, "by ");
		put_span(r, sb, in->rcv.clause[CLAUSE_BY].first, 0);
	}
	if (out != NULL) {
		strbuf_appends(sb, in != NULL ? "; sends as " : "sender ");
		put_span(r, sb, hop_from(out), 0);
		if (out->ip[0] != '\0')
			strbuf_appendf(sb, " [%s]", out->ip);
	}
	strbuf_appends(sb, "</title>\n");
	/* Line 1: the host's own name when it received, else the sender's. */
	if (in != NULL)
		put_span(r, &line, in->rcv.clause[CLAUSE_BY].first,
		    HTML_NAME_MAX);
	else
		put_span(r, &line, hop_from(out), HTML_NAME_MAX);
	svg_text(sb, DIA_NODE_X + 10, y + 19, "strong", line.data);
	/* Line 2: how it connected out, when that says more. */
	strbuf_reset(&line);
	if (out != NULL) {
		if (in != NULL && SPAN_IS_SET(hop_from(out)) &&
		    hop_from(out).len > 0) {
			strbuf_appends(&line, "as ");
			put_span(r, &line, hop_from(out), HTML_NAME_MAX - 14);
		}
		if (out->ip[0] != '\0')
			strbuf_appendf(&line, "%s[%s]", line.len ? " " : "",
			    out->ip);
	} else
		strbuf_appends(&line, "final recipient host");
	if (line.len > 0)
		svg_text(sb, DIA_NODE_X + 10, y + 37, "small", line.data);
	strbuf_appends(sb, "</g>\n");
	strbuf_clear(&line);
}

/* One hop of the diagram: the edge from node i to node i+1. */
static void
dia_edge(struct html_report *r, struct strbuf *sb, const struct chain *c,
    size_t i, int y, int64_t max_delay)
{
	const struct hop *h = &c->hop[i];
	const char *st = tlsstate_name(h->tls);
	bool offender = c->first_offender != 0 &&
	    h->index == c->first_offender;
	int x = DIA_NODE_X + DIA_NODE_W / 2, top = y, bot = y + DIA_EDGE_H;
	int ty = top + 22;
	struct strbuf line;

	strbuf_init(&line);
	strbuf_appendf(sb, "<g class=\"edge s-%s%s%s\">\n<title>hop %u: %s", st,
	    offender ? " offender" : "", h->judged ? "" : " unjudged",
	    h->index, state_word(h->tls));
	put_tls_detail(r, &line, h, 0);
	if (line.len > 0)
		strbuf_appendf(sb, " %s", line.data);
	strbuf_appendf(sb, ", %s, %s%s%s</title>\n", scope_name(h->scope),
	    trust_name(h->trust), h->judged ? "" : ", not judged",
	    offender ? ", first offending hop" : "");
	strbuf_appendf(sb, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
	    x, top + 2, x, bot - 12);
	strbuf_appendf(sb, "<path d=\"M%d %d l-8 -13 h16 z\"/>\n", x, bot - 1);
	/* The label: state, then TLS details, then scope and trust. */
	strbuf_reset(&line);
	strbuf_appendf(&line, "hop %u \xc2\xb7 ", h->index);
	svg_text(sb, DIA_LABEL_X, ty, "strong", line.data);
	strbuf_appendf(sb, "<text x=\"%d\" y=\"%d\" class=\"state\">%s</text>"
	    "\n", DIA_LABEL_X + 58 + (h->index >= 10) * 8 +
	    (h->index >= 100) * 8, ty, state_word(h->tls));
	if (offender) {
		int bx = DIA_LABEL_X + 160;

		strbuf_appendf(sb, "<g class=\"badge\"><rect x=\"%d\" y=\"%d\" "
		    "width=\"128\" height=\"18\" rx=\"9\"/>", bx, ty - 13);
		svg_text(sb, bx + 10, ty, NULL, "FIRST OFFENDER");
		strbuf_appends(sb, "</g>\n");
	}
	strbuf_reset(&line);
	put_tls_detail(r, &line, h, HTML_LABEL_MAX);
	if (line.len == 0)
		strbuf_appends(&line, h->tls == TLSSTATE_YES ?
		    "version and cipher not stated" : "no TLS details");
	svg_text(sb, DIA_LABEL_X, ty + 17, "small", line.data);
	strbuf_reset(&line);
	strbuf_appendf(&line, "%s \xc2\xb7 %s%s", scope_name(h->scope),
	    trust_name(h->trust), h->judged ? "" : " \xc2\xb7 not judged");
	svg_text(sb, DIA_LABEL_X, ty + 33, "small", line.data);
	/* The delay, to one scale for the whole message. */
	strbuf_appends(sb, "<g class=\"delay\">");
	strbuf_appendf(sb, "<rect class=\"track\" x=\"%d\" y=\"%d\" "
	    "width=\"%d\" height=\"3\"/>", DIA_DELAY_X, ty + 4, DIA_DELAY_W);
	if (h->has_delay && h->delay > 0 && max_delay > 0) {
		long long w = (long long)((double)h->delay / (double)max_delay *
		    DIA_DELAY_W + 0.5);

		strbuf_appendf(sb, "<rect x=\"%d\" y=\"%d\" width=\"%lld\" "
		    "height=\"9\"/>", DIA_DELAY_X, ty + 1, w < 2 ? 2 : w);
	}
	strbuf_reset(&line);
	if (h->has_delay) {
		put_delay(&line, h->delay);
		if (h->delay < 0)
			strbuf_appends(&line, " (clock skew)");
	} else
		strbuf_appends(&line, "delay unknown");
	svg_text(sb, DIA_DELAY_X, ty - 6, "small", line.data);
	strbuf_appends(sb, "</g>\n</g>\n");
	strbuf_clear(&line);
}

/* The path as an SVG drawing, oldest hop at the top. */
static void
put_diagram(struct html_report *r, struct strbuf *sb, const struct chain *c)
{
	int64_t max_delay = 0;
	size_t i;
	int height, y;

	for (i = 0; i < c->nhops; i++) {
		if (c->hop[i].has_delay && c->hop[i].delay > max_delay)
			max_delay = c->hop[i].delay;
	}
	height = (int)(c->nhops + 1) * (DIA_NODE_H + DIA_EDGE_H) -
	    DIA_EDGE_H + 40;
	strbuf_appendf(sb, "<figure>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">"
	    "\n<title>The path of the message: %zu hop%s, oldest at the top"
	    "</title>\n<desc>", DIA_WIDTH, height, DIA_WIDTH, height,
	    c->nhops, c->nhops == 1 ? "" : "s");
	for (i = 0; i < c->nhops; i++)
		strbuf_appendf(sb, "Hop %u: %s, %s, %s%s. ", c->hop[i].index,
		    state_word(c->hop[i].tls), scope_name(c->hop[i].scope),
		    trust_name(c->hop[i].trust), c->first_offender ==
		    c->hop[i].index ? ", the first offending hop" : "");
	strbuf_appends(sb, "The table below gives every detail.</desc>\n");
	strbuf_appendf(sb, "<text x=\"%d\" y=\"14\" class=\"small\">delay "
	    "(bar: 0 to ", DIA_DELAY_X);
	put_delay(sb, max_delay);
	strbuf_appends(sb, ")</text>\n");
	y = 24;
	for (i = 0; i <= c->nhops; i++) {
		dia_node(r, sb, c, i, y);
		y += DIA_NODE_H;
		if (i < c->nhops)
			dia_edge(r, sb, c, i, y, max_delay);
		y += DIA_EDGE_H;
	}
	strbuf_appends(sb, "</svg>\n<figcaption class=\"muted\">Each box is a "
	    "server, each arrow a hop, coloured by TLS state: green TLS, red "
	    "dashed plaintext, grey local, amber dotted unknown. Faded hops "
	    "are not judged.</figcaption>\n</figure>\n");
}

/* The table of hops: the same facts as the drawing, for every reader. */
static void
put_hop_table(struct html_report *r, struct strbuf *sb, const struct chain *c,
    const char *anchor)
{
	char iso[DATETIME_ISO_MAX];
	size_t i;

	strbuf_appends(sb, "<div class=\"scroll\"><table>\n<caption "
	    "class=\"muted\">Hops, oldest "
	    "first</caption>\n<thead><tr><th scope=\"col\">Hop</th>"
	    "<th scope=\"col\">From</th><th scope=\"col\">By</th>"
	    "<th scope=\"col\">TLS</th><th scope=\"col\">Version, cipher, "
	    "bits</th><th scope=\"col\">Scope</th><th scope=\"col\">Trust"
	    "</th><th scope=\"col\">Date (UTC)</th><th scope=\"col\">Delay"
	    "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < c->nhops; i++) {
		const struct hop *h = &c->hop[i];
		bool offender = c->first_offender == h->index;

		strbuf_appendf(sb, "<tr id=\"%s-hop%u\" class=\"hop%s\">"
		    "<th scope=\"row\">%u%s</th><td class=\"name\">",
		    anchor, h->index, offender ? " offender" : "", h->index,
		    offender ? " (first offender)" : "");
		put_span(r, sb, hop_from(h), 0);
		if (h->ip[0] != '\0')
			strbuf_appendf(sb, " [%s]", h->ip);
		strbuf_appends(sb, "</td><td class=\"name\">");
		put_span(r, sb, h->rcv.clause[CLAUSE_BY].first, 0);
		strbuf_appendf(sb, "</td><td class=\"tls s-%s\">%s</td><td>",
		    tlsstate_name(h->tls), state_word(h->tls));
		put_tls_detail(r, sb, h, 0);
		strbuf_appendf(sb, "</td><td>%s</td><td>%s%s",
		    scope_name(h->scope), trust_name(h->trust),
		    h->judged ? "" : ", not judged");
		strbuf_appends(sb, "</td><td class=\"date\">");
		if (h->rcv.has_date &&
		    datetime_format_iso(h->rcv.date, iso, sizeof iso) > 0)
			strbuf_appends(sb, iso);
		strbuf_appends(sb, "</td><td class=\"num\">");
		if (h->has_delay)
			put_delay(sb, h->delay);
		strbuf_appends(sb, "</td></tr>\n");
	}
	strbuf_appends(sb, "</tbody>\n</table></div>\n");
}

/* A list of findings or notes, each with its code. */
static void
put_diag_list(struct html_report *r, struct strbuf *sb,
    const struct diaglist *list, const char *title, const char *anchor)
{
	size_t i;

	if (list->n == 0 && list->dropped == 0)
		return;
	strbuf_appendf(sb, "<h3>%s</h3>\n<ul class=\"findings\">\n", title);
	for (i = 0; i < list->n; i++) {
		const struct diag *d = &list->v[i];

		strbuf_appendf(sb, "<li class=\"%s\"><code>%s</code> %s",
		    severity_name(d->severity), d->code,
		    severity_name(d->severity));
		if (d->hop != 0)
			strbuf_appendf(sb, " <a href=\"#%s-hop%u\">hop %u</a>",
			    anchor, d->hop, d->hop);
		strbuf_appends(sb, ": <span class=\"text\">");
		put_untrusted(r, sb, d->text, strlen(d->text), 0);
		strbuf_appends(sb, "</span></li>\n");
	}
	if (list->dropped > 0)
		strbuf_appendf(sb, "<li>%zu more not shown</li>\n",
		    list->dropped);
	strbuf_appends(sb, "</ul>\n");
}

/* Each hop's evidence and raw field, folded. */
static void
put_evidence(struct html_report *r, struct strbuf *sb, const struct chain *c,
    const char *anchor)
{
	size_t i, k;

	if (c->nhops == 0)
		return;
	strbuf_appends(sb, "<h3>Evidence</h3>\n");
	for (i = 0; i < c->nhops; i++) {
		const struct hop *h = &c->hop[i];

		strbuf_appendf(sb, "<details id=\"%s-ev%u\"><summary>Hop %u: "
		    "%s, ", anchor, h->index, h->index, state_word(h->tls));
		put_span(r, sb, hop_from(h), HTML_NAME_MAX);
		strbuf_appends(sb, " \xe2\x86\x92 ");	/* U+2192 */
		put_span(r, sb, h->rcv.clause[CLAUSE_BY].first, HTML_NAME_MAX);
		strbuf_appendf(sb, "</summary>\n<dl>\n<dt>scope %s</dt><dd>%s"
		    "</dd>\n", scope_name(h->scope), h->scope_why ?
		    h->scope_why : "?");
		for (k = 0; k < h->nevidence; k++) {
			/* Rule names are ASCII names checked by rules.c. */
			strbuf_appends(sb, "<dt>");
			put_untrusted(r, sb, h->evidence[k].rule,
			    strlen(h->evidence[k].rule), 0);
			strbuf_appends(sb, "</dt><dd><code>");
			put_span(r, sb, h->evidence[k].text, 0);
			strbuf_appends(sb, "</code></dd>\n");
		}
		strbuf_appends(sb, "</dl>\n<pre>Received: ");
		put_span(r, sb, h->rcv.raw, 0);
		strbuf_appends(sb, "</pre>\n</details>\n");
	}
}

/* The heading text of a message: file, number, Message-ID. */
static void
put_message_name(struct html_report *r, struct strbuf *sb,
    const struct chain *c, const struct msgmeta *m)
{
	put_untrusted(r, sb, m->file, strlen(m->file), 0);
	if (m->in_mbox)
		strbuf_appendf(sb, " #%zu", m->number);
	if (SPAN_IS_SET(c->message_id) && c->message_id.len > 0) {
		strbuf_appends(sb, ": ");
		put_span(r, sb, c->message_id, 80);
	}
}

/* The whole of one message: verdict, drawing, tables, evidence. */
static void
put_message(struct html_report *r, struct strbuf *sb, const struct chain *c,
    const struct msgmeta *m, const char *anchor)
{
	struct strbuf sentence;
	size_t skip;

	strbuf_appendf(sb, "<section class=\"message\" id=\"%s\" "
	    "aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", anchor, anchor,
	    anchor);
	put_message_name(r, sb, c, m);
	strbuf_appendf(sb, "</h2>\n<div class=\"verdict v-%s\" role=\"status\">"
	    "<p><span class=\"word\">%s</span>", verdict_name(c->verdict),
	    verdict_word(c->verdict));
	/*
	 * The sentence is terminal-safe already: entities only.  Its
	 * "fail: " prefix repeats the word just shown.
	 */
	strbuf_init(&sentence);
	report_verdict_sentence(&sentence, c, r->ro->policy);
	skip = strlen(verdict_name(c->verdict)) + 2;
	if (sentence.len < skip)
		skip = 0;
	put_entities(sb, sentence.data + skip, sentence.len - skip);
	strbuf_clear(&sentence);
	strbuf_appends(sb, "</p>\n");
	/* The facts verdict_compute kept, as the JSON report gives them. */
	strbuf_appendf(sb, "<p class=\"facts\">reason <code class=\"reason\">"
	    "%s</code> \xc2\xb7 %zu of %zu hop%s judged \xc2\xb7 %zu used TLS",
	    reason_name(c->reason), c->njudged, c->nhops, c->nhops == 1 ?
	    "" : "s", c->ntls);
	if (c->lowest != TLSVER_NONE)
		strbuf_appendf(sb, " \xc2\xb7 lowest version %s",
		    tlsver_name(c->lowest));
	strbuf_appends(sb, "</p>\n");
	if (c->first_offender != 0)
		strbuf_appendf(sb, "<p><a href=\"#%s-hop%u\">%s: hop %u</a> "
		    "(<a href=\"#%s-ev%u\">its evidence</a>)</p>\n", anchor,
		    c->first_offender, c->verdict == VERDICT_FAIL ?
		    "First offending hop" : "Deciding hop", c->first_offender,
		    anchor, c->first_offender);
	strbuf_appends(sb, "</div>\n");
	if (c->nhops > 0) {
		put_diagram(r, sb, c);
		put_hop_table(r, sb, c, anchor);
	} else
		strbuf_appends(sb, "<p>The message has no Received fields "
		    "analysed.</p>\n");
	put_diag_list(r, sb, &c->findings, "Findings", anchor);
	put_diag_list(r, sb, &c->diags, "Notes", anchor);
	put_evidence(r, sb, c, anchor);
	strbuf_appends(sb, "</section>\n");
}

struct html_report *
html_report_new(const struct report_options *ro, bool summary_only)
{
	struct html_report *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->ro = ro;
	r->summary_only = summary_only;
	r->summary = summary_new();
	for (i = 0; i < 3; i++) {
		strbuf_init(&r->part[i].rows);
		strbuf_init(&r->part[i].sections);
	}
	strbuf_init(&r->scratch);
	return r;
}

void
html_report_free(struct html_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < 3; i++) {
		strbuf_clear(&r->part[i].rows);
		strbuf_clear(&r->part[i].sections);
	}
	strbuf_clear(&r->scratch);
	summary_free(r->summary);
	free(r->first_title);
	free(r);
}

void
html_report_add_error(struct html_report *r)
{
	r->not_analysed++;
	summary_add_error(r->summary);
}

void
html_report_add(struct html_report *r, const struct chain *c,
    const struct msgmeta *m)
{
	struct verdict_part *p = &r->part[c->verdict];
	size_t before;
	char anchor[32];

	r->messages++;
	p->total++;
	summary_add(r->summary, c);
	if (r->summary_only || p->shown >= HTML_DETAIL_PER_VERDICT ||
	    r->kept_bytes >= HTML_DETAIL_BYTES_MAX)
		return;
	p->shown++;
	(void)snprintf(anchor, sizeof anchor, "m%zu", ++r->next_id);
	before = p->rows.len + p->sections.len;
	strbuf_appendf(&p->rows, "<tr><td><a href=\"#%s\">", anchor);
	put_message_name(r, &p->rows, c, m);
	strbuf_appendf(&p->rows, "</a></td><td class=\"v-%s\">%s</td>"
	    "<td class=\"num\">%zu</td><td class=\"num\">", verdict_name(
	    c->verdict), verdict_word(c->verdict), c->nhops);
	if (c->first_offender != 0)
		strbuf_appendf(&p->rows, "<a href=\"#%s-hop%u\">%u</a>",
		    anchor, c->first_offender, c->first_offender);
	strbuf_appends(&p->rows, "</td></tr>\n");
	put_message(r, &p->sections, c, m, anchor);
	r->kept_bytes += p->rows.len + p->sections.len - before;
	if (r->first_title == NULL) {
		struct strbuf t;

		strbuf_init(&t);
		strbuf_appendf(&t, "%s: ", verdict_word(c->verdict));
		put_message_name(r, &t, c, m);
		r->first_title = t.data ? t.data : xstrdup("");
	}
}

/* One horizontal bar chart with its numbers in words for screen readers. */
struct bar {
	const char *label;	/* HTML-safe */
	const char *cls;	/* bar colour class; NULL: a count, no bar */
	unsigned long long n;
};

static void
put_chart(struct strbuf *sb, const char *id, const char *title,
    const struct bar *bars, size_t n, const char *empty)
{
	unsigned long long max = 0;
	size_t i;
	int height = (int)n * 24 + 8;

	strbuf_appendf(sb, "<figure>\n<figcaption id=\"%s-c\">%s"
	    "</figcaption>\n", id, title);
	if (n == 0) {
		strbuf_appendf(sb, "<p class=\"muted\">%s</p>\n</figure>\n",
		    empty);
		return;
	}
	for (i = 0; i < n; i++)
		if (bars[i].cls != NULL)
			max = bars[i].n > max ? bars[i].n : max;
	strbuf_appendf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 520 %d\" width=\"520\" height=\"%d\" role=\"img\">"
	    "\n<title>%s</title>\n<desc>", height, height, title);
	for (i = 0; i < n; i++)
		strbuf_appendf(sb, "%s%s: %llu", i ? "; " : "", bars[i].label,
		    bars[i].n);
	strbuf_appends(sb, "</desc>\n");
	for (i = 0; i < n; i++) {
		int y = 4 + (int)i * 24;
		long long w = max && bars[i].cls ? (long long)((double)
		    bars[i].n / (double)max * 250 + 0.5) : 0;

		strbuf_appendf(sb, "<text x=\"0\" y=\"%d\">%s</text>", y + 14,
		    bars[i].label);
		if (bars[i].n > 0 && bars[i].cls != NULL)
			strbuf_appendf(sb, "<rect class=\"%s\" x=\"200\" "
			    "y=\"%d\" width=\"%lld\" height=\"16\" rx=\"2\"/>",
			    bars[i].cls, y + 2, w < 2 ? 2 : w);
		strbuf_appendf(sb, "<text x=\"%lld\" y=\"%d\">%llu</text>\n",
		    206 + w, y + 14, bars[i].n);
	}
	strbuf_appends(sb, "</svg>\n</figure>\n");
}

/* For ranking the rows of a table by one figure. */
static size_t rank_field;

static int
row_cmp(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;

	if (x->n[rank_field] != y->n[rank_field])
		return x->n[rank_field] > y->n[rank_field] ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The names of a summary table with the most of one figure, as a chart:
 * the max first, the rest counted on one "others" line.
 */
static void
put_table_chart(struct html_report *r, struct strbuf *sb,
    enum summary_table t, size_t field, size_t max, const char *id,
    const char *title, const char *cls)
{
	struct summary_row *rows, others;
	struct bar bars[HTML_CHART_ROWS + 1] = { { NULL, NULL, 0 } };
	struct strbuf names[HTML_CHART_ROWS];
	unsigned long long rest;
	size_t i, n, kept = 0, shown;

	rows = summary_rows(r->summary, t, &n, &others);
	for (i = 0; i < n; i++) {
		if (rows[i].n[field] > 0)
			rows[kept++] = rows[i];
	}
	rank_field = field;
	if (kept > 1)
		qsort(rows, kept, sizeof(*rows), row_cmp);
	if (max > HTML_CHART_ROWS)
		max = HTML_CHART_ROWS;
	shown = kept < max ? kept : max;
	rest = others.n[field];
	for (i = shown; i < kept; i++)
		rest += rows[i].n[field];
	for (i = 0; i < shown; i++) {
		strbuf_init(&names[i]);
		put_untrusted(r, &names[i], rows[i].name,
		    strlen(rows[i].name), 26);
		bars[i].label = names[i].data;
		bars[i].cls = cls;
		bars[i].n = rows[i].n[field];
	}
	if (rest > 0) {
		bars[shown].label = "all others";
		bars[shown].cls = NULL;
		bars[shown].n = rest;
	}
	put_chart(sb, id, title, bars, shown + (rest > 0), "None.");
	for (i = 0; i < shown; i++)
		strbuf_clear(&names[i]);
	free(rows);
}

/* The summary charts of a mailbox page. */
static void
put_summary(struct html_report *r, struct strbuf *sb)
{
	static const enum tls_version versions[] = { TLSVER_TLS13,
	    TLSVER_TLS12, TLSVER_TLS11, TLSVER_TLS10, TLSVER_SSL3,
	    TLSVER_SSL2, TLSVER_NONE };
	static const char *const version_cls[] = { "bar-yes", "bar-yes",
	    "bar-unknown", "bar-no", "bar-no", "bar-no", "bar-local" };
	const struct summary *s = r->summary;
	struct bar bars[8] = { { NULL, NULL, 0 } };
	size_t i, n;

	strbuf_appendf(sb, "<section id=\"summary\" aria-labelledby=\"sum-h\">"
	    "\n<h2 id=\"sum-h\">Summary of %llu messages</h2>\n<p>%llu pass, "
	    "%llu fail, %llu unknown", s->messages,
	    s->verdict[VERDICT_PASS], s->verdict[VERDICT_FAIL],
	    s->verdict[VERDICT_UNKNOWN]);
	if (s->errors > 0)
		strbuf_appendf(sb, "; %llu inputs not analysed", s->errors);
	strbuf_appendf(sb, ". %llu hops, %llu of the judged ones in "
	    "plaintext.</p>\n<div class=\"charts\">\n", s->hops,
	    s->plaintext);
	bars[0] = (struct bar){ "pass", "bar-yes", s->verdict[VERDICT_PASS] };
	bars[1] = (struct bar){ "fail", "bar-no", s->verdict[VERDICT_FAIL] };
	bars[2] = (struct bar){ "unknown", "bar-unknown",
	    s->verdict[VERDICT_UNKNOWN] };
	n = 3;
	if (s->errors > 0)
		bars[n++] = (struct bar){ "not analysed", "bar-local",
		    s->errors };
	put_chart(sb, "verdicts", "Messages by verdict", bars, n, "");
	bars[0] = (struct bar){ "TLS", "bar-yes", s->state[TLSSTATE_YES] };
	bars[1] = (struct bar){ "plaintext", "bar-no", s->state[TLSSTATE_NO] };
	bars[2] = (struct bar){ "local", "bar-local",
	    s->state[TLSSTATE_LOCAL] };
	bars[3] = (struct bar){ "unknown", "bar-unknown",
	    s->state[TLSSTATE_UNKNOWN] };
	put_chart(sb, "states", "Hops by TLS state", bars, 4, "");
	for (i = n = 0; i < sizeof versions / sizeof versions[0]; i++) {
		if (s->version[versions[i]] == 0)
			continue;
		bars[n].label = versions[i] == TLSVER_NONE ? "not stated" :
		    tlsver_name(versions[i]);
		bars[n].cls = version_cls[i];
		bars[n++].n = s->version[versions[i]];
	}
	put_chart(sb, "versions", "TLS hops by version", bars, n,
	    "No TLS hops.");
	put_table_chart(r, sb, SUMMARY_SENDERS, SENDER_PLAINTEXT,
	    SUMMARY_TOP, "plain-senders", "Messages that reached us over "
	    "plaintext, by sending host", "bar-no");
	put_table_chart(r, sb, SUMMARY_SENDER_DOMAINS, SENDER_PLAINTEXT,
	    SUMMARY_TOP, "plain-domains", "Messages that reached us over "
	    "plaintext, by sending domain", "bar-no");
	put_table_chart(r, sb, SUMMARY_SENDERS, SENDER_DOWNGRADED,
	    SUMMARY_TOP, "down-senders", "Messages whose path dropped TLS, "
	    "by sending host", "bar-unknown");
	put_table_chart(r, sb, SUMMARY_SENDER_DOMAINS, SENDER_DOWNGRADED,
	    SUMMARY_TOP, "down-domains", "Messages whose path dropped TLS, "
	    "by sending domain", "bar-unknown");
	put_table_chart(r, sb, SUMMARY_PLAINTEXT_HOSTS, PLAIN_HOPS,
	    SUMMARY_TOP, "plain-hosts", "Judged plaintext hops, by sending "
	    "host (any hop)", "bar-no");
	put_table_chart(r, sb, SUMMARY_CODES, 0, HTML_CHART_ROWS, "codes",
	    "Findings by code", "bar-plain");
	strbuf_appends(sb, "</div>\n</section>\n");
}

/* The table of messages, failing ones first, and what was left out. */
static void
put_message_table(struct html_report *r, struct strbuf *sb)
{
	static const enum verdict order[] = { VERDICT_FAIL, VERDICT_UNKNOWN,
	    VERDICT_PASS };
	size_t i;

	strbuf_appends(sb, "<section id=\"messages\" aria-labelledby=\"msg-h\">"
	    "\n<h2 id=\"msg-h\">Messages</h2>\n");
	for (i = 0; i < 3; i++) {
		const struct verdict_part *p = &r->part[order[i]];

		if (p->total > p->shown)
			strbuf_appendf(sb, "<p>%s: %llu messages, the first "
			    "%zu drawn below; the other %llu are counted in "
			    "the summary only.</p>\n",
			    verdict_word(order[i]), p->total, p->shown,
			    p->total - p->shown);
	}
	strbuf_appends(sb, "<table>\n<thead><tr><th scope=\"col\">Message"
	    "</th><th scope=\"col\">Verdict</th><th scope=\"col\">Hops</th>"
	    "<th scope=\"col\">First offender</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < 3; i++) {
		const struct verdict_part *p = &r->part[order[i]];

		if (p->rows.len > 0)
			strbuf_append(sb, p->rows.data, p->rows.len);
	}
	strbuf_appends(sb, "</tbody>\n</table>\n</section>\n");
}

/* The head of the page, its policy naming the stylesheet by hash. */
static void
put_head(struct strbuf *sb, const char *title)
{
	char hash[SHA256_BASE64_MAX];

	sha256_base64(stylesheet, sizeof stylesheet - 1, hash);
	strbuf_appendf(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'sha256-%s'; base-uri 'none'; "
	    "form-action 'none'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"color-scheme\" content=\"light dark\">\n"
	    "<meta name=\"generator\" content=\"tlstrace %s\">\n"
	    "<title>%s</title>\n<style>", hash, PACKAGE_VERSION, title);
	strbuf_append(sb, stylesheet, sizeof stylesheet - 1);
	strbuf_appends(sb, "</style>\n</head>\n<body>\n<header>\n<h1>tlstrace: "
	    "how the message travelled</h1>\n");
}

int
html_report_finish(struct html_report *r, FILE *out)
{
	struct strbuf sb;
	size_t i;
	bool single = r->messages == 1 && r->not_analysed == 0 &&
	    !r->summary_only;
	int rc;

	strbuf_init(&sb);
	if (single) {
		struct strbuf title;

		strbuf_init(&title);
		strbuf_appendf(&title, "tlstrace: %s", r->first_title ?
		    r->first_title : "");
		put_head(&sb, title.data);
		strbuf_clear(&title);
	} else
		put_head(&sb, "tlstrace: mailbox report");
	strbuf_appendf(&sb, "<p>Generated offline by tlstrace %s from the "
	    "Received fields: each hop is what the receiving server wrote, "
	    "and only hops written by our own servers are attested.</p>\n"
	    "</header>\n<main>\n", PACKAGE_VERSION);
	if (!single) {
		put_summary(r, &sb);
		if (!r->summary_only)
			put_message_table(r, &sb);
	}
	rc = fwrite(sb.data, 1, sb.len, out) == sb.len ? 0 : -1;
	strbuf_reset(&sb);
	for (i = 0; rc == 0 && i < 3; i++) {
		static const enum verdict order[] = { VERDICT_FAIL,
		    VERDICT_UNKNOWN, VERDICT_PASS };
		const struct strbuf *s = &r->part[order[i]].sections;

		if (s->len > 0 && fwrite(s->data, 1, s->len, out) != s->len)
			rc = -1;
	}
	strbuf_appends(&sb, "</main>\n</body>\n</html>\n");
	if (rc == 0 && fwrite(sb.data, 1, sb.len, out) != sb.len)
		rc = -1;
	strbuf_clear(&sb);
	return rc;
}
