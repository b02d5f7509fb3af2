// SPDX-License-Identifier: GPL-2.0
/*
 * norm.c: the named rules of the log normalizer (see norm.h).
 *
 * Each rule is a function from text to text, tested on its own with a
 * before/after pair (harness/judge/tests/test_norm.c).  Rules stay narrow: they
 * rewrite what is known to vary, and nothing that a case could mean to
 * check.  Add a rule (and bump NORM_VERSION) when two runs of the same
 * kernel on the same object give different logs.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "judge/norm.h"
#include "lib/sbuf.h"

/* NUL bytes: the guest's buffer may carry the log's terminator. */
static int rule_nul_bytes(const char *in, size_t len, struct sbuf *out)
{
	size_t i = 0, j;
	int err = 0;

	while (i < len && !err) {
		for (j = i; j < len && in[j]; j++)
			;
		err = sbuf__add(out, in + i, j - i);
		i = j + 1;
	}
	return err ?: sbuf__add(out, "", 0);
}

/* Spaces, tabs and carriage returns at the end of each line. */
static int rule_trailing_whitespace(const char *in, size_t len, struct sbuf *out)
{
	const char *p = in, *end = in + len;
	int err = sbuf__add(out, "", 0);

	while (p < end && !err) {
		const char *nl = memchr(p, '\n', end - p);
		const char *e = nl ? nl : end;

		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		err = sbuf__add(out, p, e - p);
		if (!err && nl)
			err = sbuf__add(out, "\n", 1);
		p = nl ? nl + 1 : end;
	}
	return err;
}

/* A character of a word (an identifier or a number). */
static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Length of the decimal number at p (at most end), 0 if none. */
static size_t digits_at(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && isdigit((unsigned char)*q))
		q++;
	return q - p;
}

/*
 * "call NAME#N" and "kfunc NAME#N": helper ids are small, stable UAPI
 * numbers and stay; a kfunc's N is its vmlinux BTF id, which changes with
 * every kernel build.  Helper ids are below 1000 (about 220 in 2025), BTF
 * ids of kfuncs above.  The verifier prints "kfunc NAME#N" when a kfunc's
 * callback fails verification.
 */
static const char *const btf_id_prefixes[] = { "call ", "kfunc " };

#define N_BTF_ID_PREFIXES (sizeof(btf_id_prefixes) / sizeof(btf_id_prefixes[0]))

/* Where each prefix next occurs at a word start, at or after the last
 * position asked for: every prefix is searched once over the log, not from
 * every match to the end (a log of many "call " lines and no "kfunc "). */
struct btf_id_scan {
	const char *in, *end;
	const char *next[N_BTF_ID_PREFIXES];	/* NULL: none left */
	bool found[N_BTF_ID_PREFIXES];		/* next[] was searched */
};

/* The first "call " or "kfunc " in [p, end) at a word start; *plen its length. */
static const char *btf_id_prefix(struct btf_id_scan *s, const char *p, size_t *plen)
{
	const char *best = NULL;

	for (size_t i = 0; i < N_BTF_ID_PREFIXES; i++) {
		size_t n = strlen(btf_id_prefixes[i]);
		const char *c = s->next[i];

		if (!s->found[i] || (c && c < p)) {
			c = p;
			while ((c = memmem(c, s->end - c, btf_id_prefixes[i], n)) &&
			       c > s->in && (isalnum((unsigned char)c[-1]) || c[-1] == '_'))
				c += n;
			s->next[i] = c;
			s->found[i] = true;
		}
		if (c && (!best || c < best)) {
			best = c;
			*plen = n;
		}
	}
	return best;
}

static int rule_kfunc_btf_id(const char *in, size_t len, struct sbuf *out)
{
	const char *p = in, *end = in + len;
	struct btf_id_scan scan = { .in = in, .end = end };
	int err = sbuf__add(out, "", 0);

	while (p < end && !err) {
		size_t plen = 0, nd;
		const char *c = btf_id_prefix(&scan, p, &plen), *name, *q;

		if (!c) {
			err = sbuf__add(out, p, end - p);
			break;
		}
		name = q = c + plen;
		while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
			q++;
		nd = q < end && *q == '#' && q > name ? digits_at(q + 1, end) : 0;
		if (nd && (nd > 3 || strtol(q + 1, NULL, 10) >= 1000)) {
			err = sbuf__add(out, p, q + 1 - p) ?: sbuf__adds(out, "<btf_id>");
			p = q + 1 + nd;
		} else {
			err = sbuf__add(out, p, q - p);
			p = q;
		}
	}
	return err;
}

/* "verification time N usec": wall time of the verifier. */
static int rule_verification_time(const char *in, size_t len, struct sbuf *out)
{
	static const char key[] = "verification time ";
	const char *p = in, *end = in + len;
	int err = sbuf__add(out, "", 0);

	while (p < end && !err) {
		const char *c = memmem(p, end - p, key, sizeof(key) - 1);
		const char *num = c ? c + sizeof(key) - 1 : end;
		size_t nd = c ? digits_at(num, end) : 0;

		if (!c) {
			err = sbuf__add(out, p, end - p);
			break;
		}
		err = sbuf__add(out, p, num - p);
		if (!err && nd && end - (num + nd) >= 5 && !strncmp(num + nd, " usec", 5)) {
			err = sbuf__adds(out, "<usec>");
			num += nd;
		}
		p = num;
	}
	return err;
}

/*
 * Kernel addresses: the verifier prints the address of a map (ld_imm64 of
 * a map or of a map value: "r1 = 0xff26c91002701e00"), which KASLR and the
 * allocator change on every boot.  Kernel data lives in
 * [0xff00000000000000, 0xffffffff00000000); 64-bit constants above that
 * range (small negative numbers) stay.  The address is a word of its
 * own ("0xff...00kfunc" is not one), so normalizing twice changes nothing.
 */
static int rule_kernel_address(const char *in, size_t len, struct sbuf *out)
{
	const char *p = in, *end = in + len;
	int err = sbuf__add(out, "", 0);

	while (p < end && !err) {
		const char *c = memmem(p, end - p, "0x", 2), *h = c ? c + 2 : end;
		size_t nx = 0;

		while (h + nx < end && isxdigit((unsigned char)h[nx]))
			nx++;
		if (c && nx == 16 && (c == in || !word_char(c[-1])) &&
		    (h + nx == end || !word_char(h[nx])) &&
		    !strncasecmp(h, "ff", 2) && strncasecmp(h, "ffffffff", 8)) {
			err = sbuf__add(out, p, c - p) ?: sbuf__adds(out, "<kaddr>");
			p = h + nx;
		} else {
			err = sbuf__add(out, p, (c ? h + nx : end) - p);
			p = c ? h + nx : end;
		}
	}
	return err;
}

/* In "<text> @ <file>:<line>[:<col>]" at the end of a line (BTF line info,
 * and the 7.3 diagnostic block's "At:" and "Causal path:" places), where
 * the line number starts; NULL when the line has none. */
static const char *source__line_number(const char *b, const char *e)
{
	const char *at = NULL, *p, *q;

	for (p = b; p + 3 <= e; p++)
		if (p[0] == ' ' && p[1] == '@' && p[2] == ' ')
			at = p + 3;
	if (!at)
		return NULL;
	for (p = e; p > at && p[-1] != ':'; p--)	/* the last ':' */
		;
	q = p > at ? p - 1 : NULL;			/* its position */
	if (!q || q == at || p == e || digits_at(p, e) != (size_t)(e - p))
		return NULL;
	/* ":<line>:<col>": the line is the field before the last one */
	for (p = q; p > at && p[-1] != ':'; p--)
		;
	if (p > at && digits_at(p, q) == (size_t)(q - p) && q > p)
		return p;
	if (p > at && q - p == 6 && !strncmp(p, "<line>", 6))
		return NULL;	/* ":<line>:<col>", normalized before */
	return q + 1;
}

/* A line of a "Source context:" block: "      46 | ...", "  >>> 48 | ...",
 * or a marker's continuation "         | ^-- ..."; the text after the
 * gutter, or NULL when the line is none of these. */
static const char *source__gutter(const char *b, const char *e, bool *marked, bool *numbered)
{
	const char *p = b;
	size_t n;

	while (p < e && *p == ' ')
		p++;
	*marked = e - p > 4 && !strncmp(p, ">>> ", 4);
	p += *marked ? 4 : 0;
	n = digits_at(p, e);
	*numbered = n > 0;
	p += n;
	if (n && p < e && *p == ' ')
		p++;
	if (p >= e || *p != '|' || (!n && *marked))
		return NULL;
	return p + 1;
}

/* Source line numbers: "@ f.bpf.c:15" -> "@ f.bpf.c:<line>", and the
 * "Source context:" gutter numbers -> <line>, in a fixed-width gutter: a
 * comment added above the code moves every line number, not the program. */
/* [b, e) with its "@ file:N" place's line number as <line>, if it has one. */
static int source__add_line(struct sbuf *out, const char *b, const char *e)
{
	const char *num = source__line_number(b, e);
	size_t nd = num ? digits_at(num, e) : 0;

	if (!num)
		return sbuf__add(out, b, e - b);
	return sbuf__add(out, b, num - b) ?: sbuf__adds(out, "<line>") ?:
	       sbuf__add(out, num + nd, e - num - nd);
}

static int rule_source_line(const char *in, size_t len, struct sbuf *out)
{
	const char *p = in, *end = in + len;
	bool in_ctx = false;
	struct sbuf line = {};
	int err = sbuf__add(out, "", 0);

	while (p < end && !err) {
		const char *nl = memchr(p, '\n', end - p), *e = nl ? nl : end, *rest;
		bool marked, numbered;

		rest = in_ctx ? source__gutter(p, e, &marked, &numbered) : NULL;
		in_ctx = rest || (e - p >= 15 && !strncmp(e - 15, "Source context:", 15));
		line.len = 0;
		/* a gutter line's source text may hold a place too ("@ f.c:9" in a
		 * comment): normalized as well, so a second pass changes nothing */
		err = rest ? sbuf__addf(&line, "%s|%.*s", !numbered ? "             " :
					marked ? "  >>> <line> " : "      <line> ", (int)(e - rest), rest)
			   : sbuf__add(&line, p, e - p);
		if (!err)
			err = source__add_line(out, sbuf__str(&line), sbuf__str(&line) + line.len);
		if (!err && nl)
			err = sbuf__add(out, "\n", 1);
		p = nl ? nl + 1 : end;
	}
	sbuf__free(&line);
	return err;
}

/* A non-empty log ends with exactly one newline. */
static int rule_final_newline(const char *in, size_t len, struct sbuf *out)
{
	while (len && in[len - 1] == '\n')
		len--;
	if (!len)
		return sbuf__add(out, "", 0);
	return sbuf__add(out, in, len) ?: sbuf__add(out, "\n", 1);
}

static const struct norm_rule norm_rules[] = {
	{ "nul-bytes", "drop NUL bytes (the log's terminator and padding)",
	  rule_nul_bytes },
	{ "trailing-whitespace", "strip spaces, tabs and CRs at the end of lines",
	  rule_trailing_whitespace },
	{ "kfunc-btf-id", "'call NAME#N' or 'kfunc NAME#N' with N >= 1000 (a kfunc's BTF id): N -> <btf_id>",
	  rule_kfunc_btf_id },
	{ "verification-time", "'verification time N usec' -> 'verification time <usec> usec'",
	  rule_verification_time },
	{ "kernel-address", "0x + 16 hex digits in [0xff00..., 0xffffffff00000000) -> <kaddr>",
	  rule_kernel_address },
	{ "source-line", "'@ file.c:N[:C]' -> '@ file.c:<line>[:C]', and the line numbers in a "
	  "'Source context:' gutter -> <line> (a comment added above the code moves no golden)",
	  rule_source_line },
	{ "final-newline", "a non-empty log ends with exactly one newline",
	  rule_final_newline },
};

const struct norm_rule *norm__rules(int *n)
{
	*n = sizeof(norm_rules) / sizeof(norm_rules[0]);
	return norm_rules;
}

const struct norm_rule *norm__rule(const char *name)
{
	for (size_t i = 0; i < sizeof(norm_rules) / sizeof(norm_rules[0]); i++)
		if (!strcmp(norm_rules[i].name, name))
			return &norm_rules[i];
	return NULL;
}

/* Run the rules in order, each on the previous one's output. */
int norm__log(const char *raw, size_t len, char **out)
{
	struct sbuf cur = {}, next = {};
	int err = sbuf__add(&cur, raw, len);

	for (size_t i = 0; !err && i < sizeof(norm_rules) / sizeof(norm_rules[0]); i++) {
		err = norm_rules[i].apply(cur.buf, cur.len, &next);
		sbuf__free(&cur);
		cur = next;
		next = (struct sbuf){};
	}
	if (err) {
		sbuf__free(&cur);
		return err;
	}
	*out = sbuf__detach(&cur);
	return 0;
}
