// SPDX-License-Identifier: GPL-2.0
/*
 * diff.c: unified line diffs (see diff.h).
 *
 * The edit script is a list of operations over line indexes: keep a[i]
 * (and b[j]), delete a[i], insert b[j].  Hunks are then cut from it with
 * `context` lines around each change, merging changes that are at most
 * 2 * context lines apart, exactly as GNU diff -u does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

#include "lib/diff.h"
#include "lib/sbuf.h"

struct dline {
	const char *s;
	size_t len;
};

enum dop_kind { DOP_KEEP, DOP_DEL, DOP_INS };

struct dop {
	enum dop_kind kind;
	int a, b;	/* line of a (KEEP, DEL) and of b (KEEP, INS) */
};

struct dscript {
	struct dop *ops;
	int n, cap;
};

/* Split text into lines (without their '\n'); a final '\n' ends no line. */
static int lines__split(const char *text, struct dline **out, int *n)
{
	int cap = 16, cnt = 0;
	struct dline *l = malloc(cap * sizeof(*l));
	const char *p = text;

	if (!l)
		return -ENOMEM;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (cnt == cap) {
			struct dline *t = realloc(l, (cap *= 2) * sizeof(*l));

			if (!t) {
				free(l);
				return -ENOMEM;
			}
			l = t;
		}
		l[cnt++] = (struct dline){ p, len };
		p += len + (nl != NULL);
	}
	*out = l;
	*n = cnt;
	return 0;
}

static bool dline__eq(const struct dline *x, const struct dline *y)
{
	return x->len == y->len && !memcmp(x->s, y->s, x->len);
}

static int dscript__push(struct dscript *sc, enum dop_kind kind, int a, int b)
{
	if (sc->n == sc->cap) {
		int cap = sc->cap ? sc->cap * 2 : 64;
		struct dop *t = realloc(sc->ops, cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		sc->ops = t;
		sc->cap = cap;
	}
	sc->ops[sc->n++] = (struct dop){ kind, a, b };
	return 0;
}

/*
 * Myers' greedy forward search over a[0..n) and b[0..m); trace[d] keeps
 * the furthest x of every diagonal after d edits, for the walk back.
 * Returns D (the number of edits), -E2BIG above DIFF_MAX_EDITS, -ENOMEM.
 */
static int myers__search(const struct dline *a, int n, const struct dline *b, int m,
			 int **trace)
{
	int max = n + m < DIFF_MAX_EDITS ? n + m : DIFF_MAX_EDITS;
	int *v = calloc(2 * max + 3, sizeof(int)), off = max + 1;

	if (!v)
		return -ENOMEM;
	for (int d = 0; d <= max; d++) {
		for (int k = -d; k <= d; k += 2) {
			int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ?
				v[off + k + 1] : v[off + k - 1] + 1;
			int y = x - k;

			while (x < n && y < m && dline__eq(&a[x], &b[y]))
				x++, y++;
			v[off + k] = x;
		}
		trace[d] = malloc((2 * d + 1) * sizeof(int));
		if (!trace[d]) {
			free(v);
			return -ENOMEM;
		}
		memcpy(trace[d], v + off - d, (2 * d + 1) * sizeof(int));
		if (n - m >= -d && n - m <= d && v[off + n - m] >= n) {
			free(v);
			return d;
		}
	}
	free(v);
	return -E2BIG;
}

/* Walk trace back from (n, m) and push the operations, last first. */
static int myers__walk(int **trace, int dmax, int n, int m, int a0, int b0,
		       struct dscript *sc)
{
	int x = n, y = m, err = 0;

	for (int d = dmax; d > 0 && !err; d--) {
		int *pv = trace[d - 1] + (d - 1);	/* pv[k] for k in [-(d-1), d-1] */
		int k = x - y, pk, px, py;

		pk = (k == -d || (k != d && pv[k - 1] < pv[k + 1])) ? k + 1 : k - 1;
		px = pv[pk];
		py = px - pk;
		while (x > px && y > py && !err)
			x--, y--, err = dscript__push(sc, DOP_KEEP, a0 + x, b0 + y);
		if (!err && x == px)
			err = dscript__push(sc, DOP_INS, a0 + x, b0 + --y);
		else if (!err)
			err = dscript__push(sc, DOP_DEL, a0 + --x, b0 + y);
	}
	while (x > 0 && y > 0 && !err)
		x--, y--, err = dscript__push(sc, DOP_KEEP, a0 + x, b0 + y);
	return err;
}

/* The middle part as a replacement: all of a deleted, all of b inserted. */
static int script__replace(int a0, int n, int b0, int m, struct dscript *sc)
{
	int err = 0;

	for (int j = m - 1; j >= 0 && !err; j--)
		err = dscript__push(sc, DOP_INS, a0 + n, b0 + j);
	for (int i = n - 1; i >= 0 && !err; i--)
		err = dscript__push(sc, DOP_DEL, a0 + i, b0);
	return err;
}

/* The whole edit script, in order: prefix, middle (Myers), suffix. */
static int script__build(const struct dline *a, int na, const struct dline *b, int nb,
			 struct dscript *sc)
{
	int pre = 0, suf = 0, n, m, d, err = 0;
	int **trace;

	while (pre < na && pre < nb && dline__eq(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	       dline__eq(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	n = na - pre - suf;
	m = nb - pre - suf;
	for (int i = 0; i < suf && !err; i++)
		err = dscript__push(sc, DOP_KEEP, na - 1 - i, nb - 1 - i);
	trace = calloc(DIFF_MAX_EDITS + 1, sizeof(*trace));
	if (!trace || err) {
		free(trace);
		return -ENOMEM;
	}
	d = myers__search(a + pre, n, b + pre, m, trace);
	if (d >= 0)
		err = myers__walk(trace, d, n, m, pre, pre, sc);
	else if (d == -E2BIG)
		err = script__replace(pre, n, pre, m, sc);
	else
		err = d;
	for (int i = 0; i <= DIFF_MAX_EDITS; i++)
		free(trace[i]);
	free(trace);
	for (int i = pre - 1; i >= 0 && !err; i--)
		err = dscript__push(sc, DOP_KEEP, i, i);
	/* pushed last-first: reverse */
	for (int i = 0, j = sc->n - 1; i < j; i++, j--) {
		struct dop t = sc->ops[i];

		sc->ops[i] = sc->ops[j];
		sc->ops[j] = t;
	}
	return err;
}

/* "-start,len" as diff -u writes it (",1" omitted, start 0 for empty). */
static int hunk__range(struct sbuf *out, char sign, int start, int len)
{
	if (len == 1)
		return sbuf__addf(out, " %c%d", sign, start + 1);
	return sbuf__addf(out, " %c%d,%d", sign, len ? start + 1 : start, len);
}

/* One diff line: sign, text, newline; a carriage return is written "^M",
 * so a CRLF line end shows (a terminal would hide it). */
static int line__write(struct sbuf *out, char sign, const struct dline *l)
{
	const char *p = l->s, *end = l->s + l->len, *cr;
	int err = sbuf__add(out, &sign, 1);

	while (!err && (cr = memchr(p, '\r', end - p))) {
		err = sbuf__add(out, p, cr - p) ?: sbuf__adds(out, "^M");
		p = cr + 1;
	}
	return err ?: sbuf__add(out, p, end - p) ?: sbuf__adds(out, "\n");
}

/* Write the hunk covering ops [from, to). */
static int hunk__write(const struct dscript *sc, int from, int to, const struct dline *a,
		       const struct dline *b, struct sbuf *out)
{
	int na = 0, nb = 0, err;

	for (int i = from; i < to; i++) {
		na += sc->ops[i].kind != DOP_INS;
		nb += sc->ops[i].kind != DOP_DEL;
	}
	err = sbuf__adds(out, "@@") ?: hunk__range(out, '-', sc->ops[from].a, na) ?:
	      hunk__range(out, '+', sc->ops[from].b, nb) ?: sbuf__adds(out, " @@\n");
	for (int i = from; i < to && !err; i++) {
		const struct dop *o = &sc->ops[i];
		const struct dline *l = o->kind == DOP_INS ? &b[o->b] : &a[o->a];

		err = line__write(out, " -+"[o->kind], l);
	}
	return err;
}

/* Cut the script into hunks; returns the number of changed lines. */
static int script__hunks(const struct dscript *sc, const struct dline *a,
			 const struct dline *b, int context, struct sbuf *out)
{
	int changes = 0, i = 0, err = 0;

	while (i < sc->n && !err) {
		int start, end, last;

		while (i < sc->n && sc->ops[i].kind == DOP_KEEP)
			i++;
		if (i == sc->n)
			break;
		start = i - context > 0 ? i - context : 0;
		last = i;
		for (end = i; end < sc->n; end++) {
			if (sc->ops[end].kind != DOP_KEEP)
				last = end, changes++;
			else if (end - last > 2 * context)
				break;
		}
		end = last + 1 + context < sc->n ? last + 1 + context : sc->n;
		err = hunk__write(sc, start, end, a, b, out);
		i = end;
	}
	return err ? err : changes;
}

int diff__unified(const char *a, const char *b, const char *label_a,
		  const char *label_b, int context, struct sbuf *out)
{
	struct dline *la = NULL, *lb = NULL;
	struct dscript sc = {};
	struct sbuf hunks = {};
	int na, nb, err;

	err = lines__split(a, &la, &na) ?: lines__split(b, &lb, &nb);
	if (!err)
		err = script__build(la, na, lb, nb, &sc);
	if (!err)
		err = script__hunks(&sc, la, lb, context, &hunks);
	if (err > 0 && (sbuf__addf(out, "--- %s\n+++ %s\n", label_a, label_b) ||
			sbuf__add(out, hunks.buf, hunks.len)))
		err = -ENOMEM;
	sbuf__free(&hunks);
	free(sc.ops);
	free(la);
	free(lb);
	return err;
}
