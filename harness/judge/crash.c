// SPDX-License-Identifier: GPL-2.0
/*
 * crash.c: the signature of a kernel crash in its console (crash.h).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "judge/crash.h"
#include "lib/alarms.h"
#include "lib/sbuf.h"

/* The first line of text holding an alarm, and its length; NULL if none. */
static const char *alarm__line(const char *text, size_t *len)
{
	for (const char *p = text; p && *p; ) {
		size_t n = strcspn(p, "\n");

		if (console__alarm_in(p, n)) {
			*len = n;
			return p;
		}
		p += n + (p[n] == '\n');
	}
	return NULL;
}

/* How many characters at p are a console timestamp "[   77.391822] ". */
static size_t skip_timestamp(const char *p, size_t n)
{
	size_t i = 0;

	if (!n || p[0] != '[')
		return 0;
	for (i = 1; i < n && (p[i] == ' ' || isdigit((unsigned char)p[i]) || p[i] == '.'); i++)
		;
	return i < n && p[i] == ']' ? i + 1 + (i + 1 < n && p[i + 1] == ' ') : 0;
}

/* "+0x907/0xb70" at p: its length, else 0. */
static size_t skip_offset(const char *p, const char *end)
{
	const char *q = p;

	if (end - q < 4 || strncmp(q, "+0x", 3))
		return 0;
	for (q += 3; q < end && (isxdigit((unsigned char)*q) || *q == '/' || *q == 'x'); q++)
		;
	return q - p;
}

/* The alarm line without what changes between runs: "CPU: 0 PID: 1 ",
 * ", CPU#0: init/1", offsets after function names, trailing blanks. */
static int alarm__clean(const char *p, size_t n, struct sbuf *out)
{
	const char *end = p + n, *cpu;
	int err = 0;

	p += skip_timestamp(p, n);
	cpu = memmem(p, end - p, ", CPU#", 6);
	if (cpu)
		end = cpu;
	while (p < end && !err) {
		size_t off = skip_offset(p, end);

		if (off) {
			p += off;
		} else if (end - p > 5 && !strncmp(p, "CPU: ", 5)) {
			const char *at = memmem(p, end - p, " at ", 4);

			p = at ? at + 1 : end;	/* "CPU: 0 PID: 1 at x" -> "at x" */
		} else {
			err = sbuf__add(out, p++, 1);
		}
	}
	while (!err && out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = 0;
	return err;
}

/* The function of the first "RIP: 0010:func+0x..." line, into out. */
static int rip__function(const char *text, struct sbuf *out)
{
	const char *rip = text ? strstr(text, "RIP: ") : NULL, *f, *e;

	if (!rip)
		return 0;
	f = strchr(rip, ':');
	f = f ? strchr(f + 1, ':') : NULL;
	if (!f || f > rip + strcspn(rip, "\n"))
		return 0;
	for (e = ++f; *e && (isalnum((unsigned char)*e) || *e == '_' || *e == '.'); e++)
		;
	if (e == f || (out->buf && memmem(out->buf, out->len, f, e - f)))
		return 0;	/* the alarm line names the function already */
	return sbuf__addf(out, " (RIP %.*s)", (int)(e - f), f);
}

char *crash__signature(const char *console)
{
	struct sbuf sb = {};
	size_t n;
	const char *line = alarm__line(console, &n);

	if (!line)
		return NULL;
	if (alarm__clean(line, n, &sb) || rip__function(line, &sb)) {
		sbuf__free(&sb);
		return NULL;
	}
	return sbuf__detach(&sb);
}
