// SPDX-License-Identifier: GPL-2.0
/*
 * console.c: the results as people read them on the terminal: one line per
 * case as it is judged, the reason and details (a diff, a console tail) of
 * anything but a PASS, then a summary whose last line is the totals.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/result.h"
#include "lib/errnames.h"
#include "lib/sbuf.h"
#include "results/results.h"

void results__count(const struct result *rs, int n, struct results_count *c)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < n; i++)
		c->code[rs[i].code]++;
	c->passed = c->code[RES_PASS] + c->code[RES_XFAIL];
	c->failed = c->code[RES_FAIL] + c->code[RES_XPASS] + c->code[RES_ERROR] +
		    c->code[RES_CRASH];
	c->skipped = c->code[RES_SKIP];
}

char *results__kernel(const struct stream *s, const struct run_info *t)
{
	const char *rel = stream__fact(s, "release"), *ver = stream__fact(s, "version");
	const char *name = t ? t->kernel_name : NULL;
	char *k = NULL;

	if (asprintf(&k, "%s%s%s%s%s", name ? name : "", name && rel ? " " : "", rel ? rel : "",
		     ver ? " " : "", ver ? ver : "") < 0)
		return NULL;
	if (!*k) {
		free(k);
		k = strdup("unknown");
	}
	return k;
}

void results__print_case(const struct result *r, int id_width)
{
	struct sbuf line = {};
	char ebuf[32];

	sbuf__addf(&line, "%-8s %-*s", result_code__name(r->code), id_width, r->kase->id);
	if (r->loaded && !strcmp(r->phase, "load"))
		sbuf__addf(&line, "  %-8s", errname_str(r->err, ebuf, sizeof(ebuf)));
	if (r->loaded && r->insns >= 0)
		sbuf__addf(&line, "  %ld insns", r->insns);
	while (line.len && line.buf[line.len - 1] == ' ')
		line.buf[--line.len] = 0;
	printf("%s\n", sbuf__str(&line));
	sbuf__free(&line);
	if (r->reason)
		printf("         %s\n", r->reason);
	if (r->detail.len && r->code != RES_PASS)
		printf("%s", r->detail.buf);
	fflush(stdout);
}

void results__print_summary(const struct result *rs, int n, const struct run_info *t)
{
	struct results_count c;
	bool has_boot = false;

	results__count(rs, n, &c);
	printf("\nresults:");
	for (int code = 0, first = 1; code < RES__COUNT; code++)
		if (c.code[code])
			printf("%s %d %s", first ? "" : ",", c.code[code], result_code__name(code)),
			first = 0;
	printf("%s\ntimes:", n ? "" : " no cases");
	for (int i = 0; i < t->n; i++) {
		printf(" %s %.1fs,", t->keys[i], t->secs[i]);
		has_boot |= !strcmp(t->keys[i], "boot");
	}
	if (!has_boot)
		printf(" boot to /init %.1fs,", t->boot);
	printf(" load %.2fs, judge %.2fs\n", t->load, t->judge);
}

void results__print_totals(const struct result *rs, int n)
{
	struct results_count c;

	results__count(rs, n, &c);
	printf("%d passed, %d failed, %d skipped\n", c.passed, c.failed, c.skipped);
}
