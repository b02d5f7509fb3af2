// SPDX-License-Identifier: GPL-2.0
/*
 * progress.c: the run as the guest reports it, while it runs (progress.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vm/progress.h"

static unsigned long long progress__now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int progress__init(struct progress *p, const char *plan, FILE *out, const char *label)
{
	char line[4096], id[512];
	FILE *f = fopen(plan, "r");

	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = out && isatty(fileno(out));
	p->label = label ? label : "";
	p->idx = -1;
	p->t0 = progress__now();
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char **t;

		if (sscanf(line, "CASE %*d %511s", id) != 1 && sscanf(line, "BTF %*d %511s", id) != 1)
			continue;
		t = realloc(p->ids, (p->n + 1) * sizeof(*t));
		if (!t || !(t[p->n] = strdup(id))) {
			p->ids = t ? t : p->ids;
			fclose(f);
			return -ENOMEM;
		}
		p->ids = t;
		p->n++;
	}
	fclose(f);
	return 0;
}

/* "[ 12/687]" and, on a terminal, the share done and the time left. */
static void progress__count(struct progress *p, char *buf, size_t len)
{
	double secs = (progress__now() - p->t0) / 1e9;
	int w = snprintf(NULL, 0, "%d", p->n);

	if (!p->tty || !p->done) {
		snprintf(buf, len, "[%*d/%d]", w, p->done, p->n);
		return;
	}
	snprintf(buf, len, "[%*d/%d] %3d%% ETA %3.0fs", w, p->done, p->n, 100 * p->done / p->n,
		 secs / p->done * (p->n - p->done));
}

/* The case in flight ended: its line, or the status line on a terminal. */
static void progress__ended(struct progress *p, long idx)
{
	const char *id = idx >= 0 && idx < p->n ? p->ids[idx] : "?";
	char count[64];

	p->done++;
	if (!p->out)
		return;
	progress__count(p, count, sizeof(count));
	if (p->tty)
		fprintf(p->out, "\r\033[K%s%s %s %s", p->label, count, id, p->what);
	else
		fprintf(p->out, "  %s%s %s  %s\n", p->label, count, id, p->what);
	if (p->tty && p->done == p->n)
		fprintf(p->out, "\r\033[K");
	fflush(p->out);
	p->idx = -1;
	p->what[0] = 0;
}

void progress__record(struct progress *p, const char *line)
{
	char phase[16], errname[24], verb[16], how[24];
	long idx, insns, n;
	long long err;

	if (sscanf(line, "BEGIN %ld", &idx) == 1) {
		p->idx = idx;
		p->what[0] = 0;
	} else if (sscanf(line, "LOAD %ld %15s %lld %23s %*u %ld", &idx, phase, &err, errname,
			  &insns) == 5) {
		if (!strcmp(phase, "load") && !err)
			snprintf(p->what, sizeof(p->what), "%s  %ld insns", errname, insns);
		else if (!strcmp(phase, "load"))
			snprintf(p->what, sizeof(p->what), "%s", errname);
		else
			snprintf(p->what, sizeof(p->what), "libbpf (%s): %s", phase, errname);
	} else if (sscanf(line, "RETVAL %ld %*s %lld %23s %23s", &idx, &err, errname, how) == 4) {
		n = strlen(p->what);
		snprintf(p->what + n, sizeof(p->what) - n, "  %s %s", err ? "test run" : "retval",
			 err ? errname : how);
	} else if (sscanf(line, "STEP %ld %ld %15s", &idx, &n, verb) == 3) {
		snprintf(p->what, sizeof(p->what), "btf: %ld steps", n + 1);
	} else if (sscanf(line, "FAULT %ld %23s", &idx, how) == 2) {
		snprintf(p->what, sizeof(p->what), "loader fault (%s)", how);
	} else if (sscanf(line, "END %ld", &idx) == 1) {
		progress__ended(p, idx);
	}
}

void progress__again(struct progress *p, long idx)
{
	if (p->done > 0)
		p->done--;
}

void progress__crash(struct progress *p, long idx, const char *kind)
{
	snprintf(p->what, sizeof(p->what), "kernel %s", kind);
	progress__ended(p, idx);
}

void progress__free(struct progress *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->ids[i]);
	free(p->ids);
	memset(p, 0, sizeof(*p));
}
