// SPDX-License-Identifier: GPL-2.0
/* test_diff.c: unified diffs: exact output on small cases, and random texts
 * whose diff, applied to the first, must give the second.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/diff.h"
#include "lib/sbuf.h"
#include "unit/unit.h"

static char *diff(const char *a, const char *b, int *changes)
{
	struct sbuf out = {};

	*changes = diff__unified(a, b, "a", "b", 3, &out);
	return sbuf__detach(&out);
}

static void test_equal(void)
{
	int n;
	char *d = diff("x\ny\n", "x\ny\n", &n);

	EXPECT_INT(n, 0);
	EXPECT_STR(d, "");
	free(d);
}

static void test_one_change(void)
{
	int n;
	char *d = diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", &n);

	EXPECT_INT(n, 2);
	EXPECT_STR(d, "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	free(d);
}

static void test_edges(void)
{
	int n;
	char *d;

	d = diff("", "x\ny\n", &n);
	EXPECT_STR(d, "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
	free(d);
	d = diff("a\nb\n", "b\n", &n);
	EXPECT_STR(d, "--- a\n+++ b\n@@ -1,2 +1 @@\n-a\n b\n");
	free(d);
	d = diff("a\nb\n", "a\n", &n);
	EXPECT_STR(d, "--- a\n+++ b\n@@ -1,2 +1 @@\n a\n-b\n");
	free(d);
	/* a missing final newline is not a difference of its own */
	d = diff("a\nb", "a\nb\n", &n);
	EXPECT_INT(n, 0);
	free(d);
}

static void test_hunks(void)
{
	struct sbuf a = {}, b = {};
	int n;
	char *d;

	for (int i = 1; i <= 30; i++) {
		sbuf__addf(&a, "%d\n", i);
		sbuf__addf(&b, "%s\n", i == 5 ? "x" : i == 25 ? "y" : i == 12 ? "z" : "");
		if (i != 5 && i != 25 && i != 12)
			b.buf[--b.len] = 0, sbuf__addf(&b, "%d\n", i);
	}
	/* 5 and 12 are 6 lines apart: one hunk; 25 is far: a second one */
	d = diff(a.buf, b.buf, &n);
	EXPECT_INT(n, 6);
	EXPECT_SUBSTR(d, "@@ -2,14 +2,14 @@\n");
	EXPECT_SUBSTR(d, "@@ -22,7 +22,7 @@\n");
	free(d);
	sbuf__free(&a);
	sbuf__free(&b);
}

/* A carriage return is shown as ^M: a CRLF line end does not hide. */
static void test_cr(void)
{
	int n;
	char *d = diff("a\r\nb\r\n", "a\nb\n", &n);

	EXPECT_INT(n, 4);
	EXPECT_STR(d, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n-a^M\n-b^M\n+a\n+b\n");
	free(d);
	d = diff("x\ra\n", "xa\n", &n);
	EXPECT_STR(d, "--- a\n+++ b\n@@ -1 +1 @@\n-x^Ma\n+xa\n");
	free(d);
}

/* Apply a unified diff to text a; NULL when it does not apply. */
static char *patch(const char *a, const char *d)
{
	const char *p = a, *l = strstr(d, "\n@@ ");
	struct sbuf out = {};
	int line = 1;

	for (l = l ? l + 1 : NULL; l && !strncmp(l, "@@ -", 4); ) {
		int as, al = 1;

		if (sscanf(l, "@@ -%d,%d", &as, &al) < 1)
			break;
		/* an empty old range starts after line as, others at it */
		for (; line <= (al ? as - 1 : as) && *p; line++) {
			size_t n = strcspn(p, "\n") + 1;

			sbuf__add(&out, p, n);
			p += n;
		}
		for (l = strchr(l, '\n') + 1; *l && strncmp(l, "@@ ", 3); ) {
			size_t n = strcspn(l + 1, "\n");

			if (*l != '+' && (strncmp(p, l + 1, n) || p[n] != '\n')) {
				sbuf__free(&out);
				return NULL;
			}
			if (*l != '+')
				p += n + 1, line++;
			if (*l != '-')
				sbuf__add(&out, l + 1, n + 1);
			l += n + 2;
		}
	}
	sbuf__adds(&out, p);
	return sbuf__detach(&out);
}

/* Random texts over a small alphabet (many equal lines, like logs). */
static void test_random(void)
{
	unsigned int seed = 12345;
	int bad = 0;

	for (int t = 0; t < 300; t++) {
		struct sbuf a = {}, b = {};
		int na = rand_r(&seed) % 40, nb = rand_r(&seed) % 40, n;
		char *d, *back;

		for (int i = 0; i < na; i++)
			sbuf__addf(&a, "l%d\n", rand_r(&seed) % 6);
		for (int i = 0; i < nb; i++)
			sbuf__addf(&b, "l%d\n", rand_r(&seed) % 6);
		d = diff(sbuf__str(&a), sbuf__str(&b), &n);
		back = patch(sbuf__str(&a), d);
		if (!back || strcmp(back, sbuf__str(&b))) {
			if (!bad++)
				printf("#     a:\n%s#     b:\n%s#     diff:\n%s", sbuf__str(&a),
				       sbuf__str(&b), d);
		}
		free(back);
		free(d);
		sbuf__free(&a);
		sbuf__free(&b);
	}
	EXPECT_INT(bad, 0);
}

/* Long logs: prefix/suffix trimming keeps one change cheap; a total
 * rewrite beyond DIFF_MAX_EDITS still gives a diff that applies.
 */
static void test_large(void)
{
	struct sbuf a = {}, b = {};
	clock_t t0 = clock();
	char *d, *back;
	int n;

	for (int i = 0; i < 200000; i++) {
		sbuf__addf(&a, "%d: (b7) r0 = 0\n", i);
		sbuf__addf(&b, "%d: (b7) r0 = %d\n", i, i == 100000);
	}
	d = diff(a.buf, b.buf, &n);
	EXPECT_INT(n, 2);
	EXPECT((clock() - t0) / (double)CLOCKS_PER_SEC < 5.0);
	free(d);
	sbuf__free(&b);
	for (int i = 0; i < 3000; i++)
		sbuf__addf(&b, "other %d\n", i);
	d = diff(a.buf, b.buf, &n);
	EXPECT_INT(n, 203000);
	back = patch(a.buf, d);
	EXPECT(back && !strcmp(back, b.buf));
	free(back);
	free(d);
	sbuf__free(&a);
	sbuf__free(&b);
}

UNIT_GROUP(diff,
	{ "equal texts give no diff", test_equal },
	{ "one changed line, 3 lines of context", test_one_change },
	{ "empty sides, first and last lines", test_edges },
	{ "close changes share a hunk, far ones do not", test_hunks },
	{ "a carriage return shows as ^M", test_cr },
	{ "random texts: the diff applies", test_random },
	{ "long logs stay fast", test_large },
);
