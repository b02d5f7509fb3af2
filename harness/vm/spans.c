// SPDX-License-Identifier: GPL-2.0
/*
 * spans.c: a boot's console cut into the lines of each case (boot.h's
 * boot__console), by the markers the guest writes to the kernel log:
 * "twc: case <idx> <id>" when a case starts (idx -1: every case is done)
 * and, with more than one loader process, "twc: end <idx>" when it ends.
 *
 * A line belongs to the cases in flight, or, when none is, to the case
 * that began last (with one loader, what the kernel prints between two
 * cases is the earlier one's, as it always was).  No more cases are in
 * flight than there are loaders: a marker past that ends the oldest, so a
 * lost end marker cannot hold a case in flight for the rest of the boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alarms.h"
#include "vm/boot.h"

/* A line of the console and one case it belongs to. */
struct span_line {
	long idx;
	size_t off, len;	/* the line and its '\n' */
};

/* The cases in flight as the markers tell, and the lines so far. */
struct spans {
	long in_flight[BOOT_MAX_ALONE];
	int n_in_flight, jobs;
	long last;		/* the case that began last, -1 */
	struct span_line *lines;
	int n_lines, cap_lines;
};

static int spans__add(struct spans *s, long idx, size_t off, size_t len)
{
	if (s->n_lines == s->cap_lines) {
		int cap = s->cap_lines ? 2 * s->cap_lines : 64;
		struct span_line *t = realloc(s->lines, cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		s->lines = t;
		s->cap_lines = cap;
	}
	s->lines[s->n_lines++] = (struct span_line){ idx, off, len };
	return 0;
}

/* A marker line: case idx starts (-1: all done) or ends; 1 if it was one. */
static int spans__marker(struct spans *s, const char *line, size_t len)
{
	const char *m = memmem(line, len, "twc: case ", 10), *e = memmem(line, len, "twc: end ", 9);
	long idx;

	if (e) {
		idx = strtol(e + 9, NULL, 10);
		for (int i = 0; i < s->n_in_flight; i++)
			if (s->in_flight[i] == idx)
				memmove(&s->in_flight[i], &s->in_flight[i + 1],
					(--s->n_in_flight - i) * sizeof(long));
		return 1;
	}
	if (!m)
		return 0;
	idx = strtol(m + 10, NULL, 10);
	s->last = idx;
	if (idx < 0) {
		s->n_in_flight = 0;
		return 1;
	}
	if (s->n_in_flight == s->jobs)
		memmove(&s->in_flight[0], &s->in_flight[1], --s->n_in_flight * sizeof(long));
	s->in_flight[s->n_in_flight++] = idx;
	return 1;
}

/* A line that is no marker: the cases it belongs to get it.  An alarm
 * line (lib/alarms.h) shared by two or more makes them CASE_SHARED: it
 * would fail a case, and it cannot be told whose.  Any other line (an RCU
 * stall report of a loaded host, say) decides nothing: each owner keeps it. */
static int spans__line(struct spans *s, const char *line, size_t off, size_t len,
		       struct boot_state *st)
{
	const long *owners = s->n_in_flight ? s->in_flight : &s->last;
	int n = s->n_in_flight ? s->n_in_flight : s->last >= 0, err = 0;
	bool alarm = n > 1 && console__alarm_in(line, len);

	for (int i = 0; i < n && !err; i++) {
		if (alarm && owners[i] < st->n_cases)
			st->cases[owners[i]] |= CASE_SHARED;
		err = spans__add(s, owners[i], off, len);
	}
	return err;
}

static int span_line__cmp(const void *a, const void *b)
{
	const struct span_line *x = a, *y = b;

	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* One CONSOLE record per case with lines, not dropped, in plan order. */
static void spans__write(FILE *out, const char *con, struct spans *s,
			 const struct boot_state *st)
{
	qsort(s->lines, s->n_lines, sizeof(*s->lines), span_line__cmp);
	for (int i = 0, j; i < s->n_lines; i = j) {
		long idx = s->lines[i].idx;
		size_t total = 0;

		for (j = i; j < s->n_lines && s->lines[j].idx == idx; j++)
			total += s->lines[j].len;
		if (idx >= 0 && idx < st->n_cases && (st->cases[idx] & CASE_DROPPED))
			continue;
		fprintf(out, "CONSOLE %ld %zu\n", idx, total);
		for (int k = i; k < j; k++)
			fwrite(con + s->lines[k].off, 1, s->lines[k].len, out);
		fputc('\n', out);
	}
}

int boot__console(FILE *out, const char *con, size_t len, int jobs, struct boot_state *st)
{
	struct spans s = { .last = -1, .jobs = jobs < 1 ? 1 : jobs > BOOT_MAX_ALONE ?
					  BOOT_MAX_ALONE : jobs };
	int err = 0;

	for (size_t off = 0; off < len && !err; ) {
		const char *nl = memchr(con + off, '\n', len - off);
		size_t n;

		if (!nl)
			break;	/* a line the kernel did not finish */
		n = nl + 1 - (con + off);
		if (!spans__marker(&s, con + off, n - 1))
			err = spans__line(&s, con + off, off, n, st);
		off += n;
	}
	if (!err && out)
		spans__write(out, con, &s, st);
	free(s.lines);
	return err;
}
