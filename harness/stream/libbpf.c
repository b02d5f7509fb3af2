// SPDX-License-Identifier: GPL-2.0
/*
 * libbpf.c: what libbpf said, as the stream carries it (LIBBPF records):
 * the one line that says why loading failed (stream.h).
 */
#define _GNU_SOURCE
#include <string.h>

#include "lib/sbuf.h"
#include "stream/stream.h"

/* The last non-empty line of text, malloc'd; NULL if none. */
static char *last_line(const char *text)
{
	const char *e = text ? text + strlen(text) : NULL, *b;

	while (e && e > text && (e[-1] == '\n' || e[-1] == ' '))
		e--;
	if (!e || e == text)
		return NULL;
	for (b = e; b > text && b[-1] != '\n'; b--)
		;
	return strndup(b, e - b);
}

/* libbpf's last message that says why, not that, loading failed. */
char *libbpf__reason(const char *text)
{
	struct sbuf kept = {};
	const char *p = text;
	char *line;

	while (p && *p) {
		size_t len = strcspn(p, "\n");

		if (!memmem(p, len, "failed to load object", 21))
			sbuf__addf(&kept, "%.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	line = last_line(kept.len ? kept.buf : text);
	sbuf__free(&kept);
	return line;
}
