// SPDX-License-Identifier: GPL-2.0
/*
 * boot.c: one boot of the guest as twc run reads it (boot.h): the scan of
 * its stream, its records in plan order, and where the next boot starts.
 * The console's lines per case are in spans.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>

#include "vm/boot.h"
#include "vm/progress.h"

int boot_state__init(struct boot_state *st, int n_cases, struct progress *progress)
{
	*st = (struct boot_state){ .n_cases = n_cases, .last_begin = -1, .last_end = -1,
				   .progress = progress };
	st->cases = calloc(n_cases > 0 ? n_cases : 1, 1);
	return st->cases ? 0 : -ENOMEM;
}

void boot_state__free(struct boot_state *st)
{
	free(st->cases);
	free(st->recs);
	st->cases = NULL;
	st->recs = NULL;
}

/* A record line of the stream followed by <nbytes> bytes and a newline
 * (<nbytes> its third field). */
static bool record__has_blob(const char *tag)
{
	return !strcmp(tag, "LOG") || !strcmp(tag, "LIBBPF") || !strcmp(tag, "CONSOLE") ||
	       !strcmp(tag, "STEPLOG") || !strcmp(tag, "XLATED") || !strcmp(tag, "BPFSTREAM") ||
	       !strcmp(tag, "JITED");
}

/* The guest's records of one case: "<tag> <idx> ...". */
static bool record__of_case(const char *tag)
{
	static const char *const tags[] = { "BEGIN", "LIBBPF", "AUX", "LOAD", "LOG", "RETVAL",
					    "XLATED", "BPFSTREAM", "JITED", "FAULT", "TIME", "END", "STEP",
					    "STEPLOG" };

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (!strcmp(tag, tags[i]))
			return true;
	return false;
}

/* Keep a whole record before DONE; -ENOMEM (the boot is then written
 * without regrouping what did not fit). */
static int boot_state__keep(struct boot_state *st, long idx, size_t off, size_t len)
{
	if (st->tail)
		return 0;
	if (st->n_recs == st->cap_recs) {
		int cap = st->cap_recs ? 2 * st->cap_recs : 256;
		struct boot_record *t = realloc(st->recs, cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		st->recs = t;
		st->cap_recs = cap;
	}
	st->recs[st->n_recs++] = (struct boot_record){ idx, off, len };
	return 0;
}

/* Note BEGIN, END and DONE of a whole record line. */
static void boot_state__note(struct boot_state *st, const char *line, size_t off)
{
	long idx;

	if (sscanf(line, "BEGIN %ld", &idx) == 1) {
		st->last_begin = idx;
		st->n_begun++;
		if (idx >= 0 && idx < st->n_cases)
			st->cases[idx] |= CASE_BEGUN;
	} else if (sscanf(line, "END %ld", &idx) == 1) {
		st->last_end = idx;
		st->n_ended++;
		if (idx >= 0 && idx < st->n_cases)
			st->cases[idx] |= CASE_ENDED;
	} else if (!strncmp(line, "DONE", 4)) {
		st->done = 1;
		if (!st->tail)
			st->tail = true, st->tail_off = off;
	}
}

size_t boot_state__scan(struct boot_state *st, const char *buf, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t start = pos, nbytes, n;
		char line[128], tag[16];
		long idx = -1;

		if (!nl)
			break;
		n = MIN((size_t)(nl - (buf + pos)), sizeof(line) - 1);
		memcpy(line, buf + pos, n);	/* sscanf() would strlen() the rest */
		line[n] = 0;
		pos = nl + 1 - buf;
		if (sscanf(line, "%15s %ld %zu", tag, &idx, &nbytes) == 3 && record__has_blob(tag)) {
			if (pos + nbytes + 1 > len) {
				st->need = st->complete + pos + nbytes + 1;
				return start;
			}
			pos += nbytes + 1;
		}
		if (st->done)
			continue;	/* what follows DONE is no case's */
		if (st->progress)
			progress__record(st->progress, line);
		boot_state__note(st, line, st->complete + start);
		if (sscanf(line, "%15s %ld", tag, &idx) != 2 || !record__of_case(tag))
			idx = -1;
		if (boot_state__keep(st, idx, st->complete + start, pos - start))
			st->tail = true, st->tail_off = st->complete + start;
	}
	return pos;
}

int boot_state__in_flight(const struct boot_state *st, long *in_flight, int max)
{
	int n = 0;

	for (int i = 0; i < st->n_cases; i++)
		if ((st->cases[i] & (CASE_BEGUN | CASE_ENDED)) == CASE_BEGUN) {
			if (n < max)
				in_flight[n] = i;
			n++;
		}
	return n;
}

/* Sort key of boot__write: the case, then where the record was. */
static int record__cmp(const void *a, const void *b)
{
	const struct boot_record *x = a, *y = b;

	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The records of st->recs that are of a case, in plan order; NULL and
 * *n 0 when there is no memory (boot__write then keeps the boot's order). */
static struct boot_record *boot__case_records(const struct boot_state *st, int *n)
{
	struct boot_record *t = malloc((st->n_recs ? st->n_recs : 1) * sizeof(*t));

	*n = 0;
	if (!t)
		return NULL;
	for (int i = 0; i < st->n_recs; i++)
		if (st->recs[i].idx >= 0)
			t[(*n)++] = st->recs[i];
	qsort(t, *n, sizeof(*t), record__cmp);
	return t;
}

/* Is the record kept in the run's stream: not of a dropped case. */
static bool boot__keeps(const struct boot_state *st, const struct boot_record *r)
{
	return r->idx < 0 || r->idx >= st->n_cases || !(st->cases[r->idx] & CASE_DROPPED);
}

void boot__write(FILE *out, const char *file, const struct boot_state *st)
{
	int n, first = 0;
	struct boot_record *sorted = boot__case_records(st, &n);
	size_t end = st->tail ? st->tail_off : st->complete;

	while (first < st->n_recs && st->recs[first].idx < 0)
		first++;
	for (int i = 0; i < first; i++)
		fwrite(file + st->recs[i].off, 1, st->recs[i].len, out);
	for (int i = 0; i < n; i++)
		if (boot__keeps(st, &sorted[i]))
			fwrite(file + sorted[i].off, 1, sorted[i].len, out);
	for (int i = first; i < st->n_recs; i++)
		if ((sorted ? st->recs[i].idx < 0 : 1) && boot__keeps(st, &st->recs[i]))
			fwrite(file + st->recs[i].off, 1, st->recs[i].len, out);
	fwrite(file + end, 1, st->complete - end, out);
	free(sorted);
}

/* Is idx in the first n of list. */
static bool list__has(const int *list, int n, long idx)
{
	for (int i = 0; i < n; i++)
		if (list[i] == idx)
			return true;
	return false;
}

int boot__next(struct boot_start *next, const struct boot_start *at,
	       struct boot_state *st)
{
	long begun_in_order = 0;

	next->n_alone = 0;
	for (int i = 0; i < at->n_alone; i++)
		if (!(st->cases[at->alone[i]] & CASE_BEGUN))
			next->alone[next->n_alone++] = at->alone[i];
	for (int i = 0; i < st->n_cases; i++) {
		if ((st->cases[i] & CASE_BEGUN) && !list__has(at->alone, at->n_alone, i))
			begun_in_order++;
		if ((st->cases[i] & (CASE_BEGUN | CASE_SHARED)) == (CASE_BEGUN | CASE_SHARED) &&
		    next->n_alone < BOOT_MAX_ALONE) {
			st->cases[i] |= CASE_DROPPED;
			next->alone[next->n_alone++] = i;
		}
	}
	next->start = st->done ? st->n_cases : at->start + begun_in_order;
	return next->n_alone;
}

void boot_start__alone(const struct boot_start *b, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (int i = 0; i < b->n_alone && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%d", i ? "," : "", b->alone[i]);
}
