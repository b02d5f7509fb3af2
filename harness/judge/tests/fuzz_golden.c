// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_golden.c: libFuzzer target for the golden reader, golden__body()
 * (judge/golden.c), and the line diff the judge shows under a golden
 * mismatch, diff__unified() (lib/diff.c).
 *
 * Input: one byte that sets the diff's context lines (0 to 7), then two
 * texts, split at the first NUL byte (or, without one, in the middle):
 * the golden file, and the log it is compared with.  The golden's body is
 * diffed against the log and must never crash, leak or read out of bounds
 * (ASan, UBSan).  The diff must be empty exactly when the two have the
 * same lines, count the changed lines it shows, have hunk headers that
 * agree with their lines, and turn the body into the log when applied.
 * `make fuzz` seeds it with pairs of goldens from expected/.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "judge/golden.h"
#include "lib/diff.h"
#include "lib/sbuf.h"

/* Text as diff.c sees it, its lines: a final '\n' ends no line, so "x"
 * and "x\n" are one line "x", "" has none and "\n" one empty line. */
static bool text__same_lines(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	la -= la && a[la - 1] == '\n';
	lb -= lb && b[lb - 1] == '\n';
	return la == lb && !memcmp(a, b, la) && !*a == !*b;
}

/* Skip a hunk header "@@ -A[,N] +B[,M] @@"; *na and *nb get N and M. */
static const char *hunk__header(const char *p, long *a, long *na, long *b, long *nb)
{
	char *e;

	if (strncmp(p, "@@ -", 4))
		abort();
	*a = strtol(p + 4, &e, 10);
	*na = *e == ',' ? strtol(e + 1, &e, 10) : 1;
	if (strncmp(e, " +", 2))
		abort();
	*b = strtol(e + 2, &e, 10);
	*nb = *e == ',' ? strtol(e + 1, &e, 10) : 1;
	if (strncmp(e, " @@\n", 4))
		abort();
	return e + 4;
}

/* Copy the next line of *pa to out, with its '\n'. */
static void line__copy(const char **pa, struct sbuf *out)
{
	size_t len = strcspn(*pa, "\n");

	if (!**pa)
		abort();	/* the diff names a line past the end of a */
	if (sbuf__add(out, *pa, len) || sbuf__add(out, "\n", 1))
		abort();
	*pa += len + ((*pa)[len] == '\n');
}

/* One hunk's lines: context and '-' lines must be a's next lines. */
static const char *hunk__apply(const char *d, const char **pa, long na, long nb,
			       struct sbuf *out, long *changes)
{
	while (na > 0 || nb > 0) {
		const char *nl = strchr(d, '\n'), *al = *pa;
		size_t len = nl ? (size_t)(nl - d - 1) : 0, alen = strcspn(al, "\n");

		if (!nl || nl == d || !strchr(" -+", *d))
			abort();
		if (*d != '+' && (!*al || alen != len || memcmp(al, d + 1, len)))
			abort();	/* not the line of a the diff says it is */
		if (*d != '+')
			*pa = al + alen + (al[alen] == '\n'), na--;
		if (*d != '-' && (sbuf__add(out, d + 1, len) || sbuf__add(out, "\n", 1)))
			abort();
		nb -= *d != '-';
		*changes += *d != ' ';
		d = nl + 1;
	}
	if (na || nb)
		abort();	/* the header's counts are not the hunk's lines */
	return d;
}

/* Apply the unified diff d to a; the result must be b, line for line. */
static void diff__check(const char *d, const char *a, const char *b, int changes)
{
	struct sbuf out = {};
	long at = 0, seen = 0, start, na, startb, nb;

	if (strncmp(d, "--- golden\n+++ log\n", 19))
		abort();
	for (d += 19; *d; ) {
		d = hunk__header(d, &start, &na, &startb, &nb);
		start -= na != 0;	/* "-5,0" is after line 5, "-5,2" from it */
		if (start < at)
			abort();	/* hunks in order, not overlapping */
		for (; at < start; at++)
			line__copy(&a, &out);
		d = hunk__apply(d, &a, na, nb, &out, &seen);
		at += na;
	}
	while (*a)
		line__copy(&a, &out);
	if (seen != changes || !text__same_lines(sbuf__str(&out), b))
		abort();
	sbuf__free(&out);
}

/* s as the diff shows it: a carriage return is "^M" (lib/diff.h). */
static char *cr__shown(const char *s)
{
	struct sbuf out = {};
	char *shown;

	for (; *s; s++)
		if (*s == '\r' ? sbuf__adds(&out, "^M") : sbuf__add(&out, s, 1))
			abort();
	shown = strdup(sbuf__str(&out));
	if (!shown)
		abort();
	sbuf__free(&out);
	return shown;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t half, n = size ? size - 1 : 0;
	const char *text = (const char *)data + 1, *nul, *body;
	struct sbuf d = {};
	char *golden, *log;
	int context, changes;

	if (!size)
		return 0;
	context = data[0] % 8;
	nul = memchr(text, 0, n);
	half = nul ? (size_t)(nul - text) : n / 2;
	golden = strndup(text, half);
	log = strndup(text + half + (nul != NULL), n - half - (nul != NULL));
	if (!golden || !log)
		abort();
	body = golden__body(golden);
	if (body < golden || body > golden + strlen(golden) || !strncmp(body, "# ", 2))
		abort();	/* the body is in the text, past every header line */
	changes = diff__unified(body, log, "golden", "log", context, &d);
	if (changes < 0 || (changes == 0) != !d.len || (changes == 0) != text__same_lines(body, log))
		abort();
	if (changes) {
		char *a = cr__shown(body), *b = cr__shown(log);

		diff__check(d.buf, a, b, changes);
		free(a);
		free(b);
	}
	sbuf__free(&d);
	free(golden);
	free(log);
	return 0;
}
