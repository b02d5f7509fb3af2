// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_plan.c: libFuzzer target for the plan reader, plan__parse()
 * (case/plan.c), which `twc judge` runs on the plan of a run.
 *
 * Any bytes must parse or be refused with a message that names a line of
 * the input, never crash, leak or read out of bounds (ASan, UBSan).  A plan that parses has every case at
 * its index, finds each case by its id, and survives a round trip: what
 * plan__write() writes of it parses again, and is written the same the
 * second time.  `make fuzz` seeds it with the fixture plan and the last
 * run's plan.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/plan.h"

/* How many bytes c there are in data. */
static size_t memcount(const uint8_t *data, size_t size, uint8_t c)
{
	size_t n = 0;

	for (size_t i = 0; i < size; i++)
		n += data[i] == c;
	return n;
}

/* plan__write into a malloc'd string. */
static char *plan__text(const struct plan *p, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f || plan__write(p, f))
		abort();
	fclose(f);
	return text;
}

/* Cases at their index, found by id; the written plan reads back the same. */
static void plan__check(const struct plan *p)
{
	char *text, *again, *msg = NULL;
	size_t len, len2;
	struct plan q;

	for (int i = 0; i < p->n_cases; i++) {
		const struct plan_case *pc = plan__find(p, p->cases[i].id);

		if (p->cases[i].idx != i || !pc || strcmp(pc->id, p->cases[i].id))
			abort();
	}
	text = plan__text(p, &len);
	if (plan__parse(&q, text, len, &msg))
		abort();	/* the plan twc wrote is one twc reads */
	again = plan__text(&q, &len2);
	if (len != len2 || memcmp(text, again, len) || q.n_cases != p->n_cases ||
	    q.n_reqs != p->n_reqs)
		abort();
	free(again);
	free(text);
	plan__free(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *msg = NULL;
	struct plan p;
	int err;

	err = plan__parse(&p, (const char *)data, size, &msg);
	if ((err && err != -EINVAL) || (err == -EINVAL && !msg) || (!err && msg))
		abort();	/* a refusal says why; a plan has no message */
	if (err == -EINVAL && !strncmp(msg, "line ", 5) &&
	    atol(msg + 5) > 1 + (long)memcount(data, size, '\n'))
		abort();	/* a refusal names a line of the input */
	if (!err)
		plan__check(&p);
	if (err && (p.n_cases || p.cases || p.run_id))
		abort();	/* a refused plan is freed */
	free(msg);
	plan__free(&p);
	return 0;
}
