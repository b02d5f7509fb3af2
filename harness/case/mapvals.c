// SPDX-License-Identifier: GPL-2.0
/*
 * mapvals.c: the table of map values upstream test runs need
 * (upstream.h: cases/upstream/map-values.tsv), read into rows whose key
 * and value are every byte in hex, as the plan's MAPVAL records carry
 * them.  A bad row stops the run with the file and the line.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/upstream.h"
#include "lib/file.h"

/* A decimal number of digits only, at most max; -1 when not. */
static long mapval__num(const char *s, size_t n, long max)
{
	long v = 0;

	if (!n || n > 7 || strspn(s, "0123456789") < n)
		return -1;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v <= max ? v : -1;
}

/* Set bytes of buf (size of them) from one "<offset>=<hex>" piece of n
 * characters; a message for what is wrong, or NULL. */
static const char *mapval__piece(unsigned char *buf, long size, const char *s, size_t n)
{
	size_t eq = strcspn(s, "=");
	long off = eq < n ? mapval__num(s, eq, size) : -1;
	const char *hex = s + eq + 1;
	size_t digits = eq < n ? n - eq - 1 : 0;

	if (off < 0)
		return "a piece is not <offset>=<hex> with a decimal offset inside the size";
	if (!digits || digits % 2 || strspn(hex, "0123456789abcdefABCDEF") < digits)
		return "a piece's bytes are not hex digits, two a byte";
	if (off + (long)digits / 2 > size)
		return "a piece goes past the size";
	for (size_t i = 0; i < digits; i += 2) {
		char byte[3] = { hex[i], hex[i + 1], 0 };

		buf[off + i / 2] = strtoul(byte, NULL, 16);
	}
	return NULL;
}

/* "<size>[:<piece>,...]" as every byte in hex (*hex, malloc'd); a
 * message for what is wrong, or NULL (*hex NULL then: out of memory). */
static const char *mapval__bytes(const char *field, char **hex)
{
	unsigned char buf[UPSTREAM_MAPVAL_MAX] = {};
	size_t n = strcspn(field, ":");
	long size = mapval__num(field, n, UPSTREAM_MAPVAL_MAX);
	const char *s = field + n, *why = NULL;

	*hex = NULL;
	if (size < 1)
		return "the size is not a number from 1 to " "1024";
	while (*s && !why) {
		s++;	/* ':' or ',' */
		n = strcspn(s, ",");
		why = mapval__piece(buf, size, s, n);
		s += n;
	}
	if (why)
		return why;
	*hex = malloc(2 * size + 1);
	for (long i = 0; *hex && i < size; i++)
		snprintf(*hex + 2 * i, 3, "%02x", buf[i]);
	return NULL;
}

/* A name the plan can carry: a C identifier (a map, a stem of letters,
 * digits and _ . + -). */
static bool mapval__name(const char *s, const char *more)
{
	for (const char *c = s; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && !strchr(more, *c))
			return false;
	return *s && !isdigit((unsigned char)*s);
}

/* One row of four fields into r; a message for what is wrong, or NULL. */
static const char *mapval__row(struct upstream_mapval *r, char *const f[4], int *err)
{
	const char *why;

	*err = 0;
	if (!mapval__name(f[0], ".+-"))
		return "the stem is not a progs file's (letters, digits and _ . + -)";
	if (!mapval__name(f[1], ""))
		return "the map is not a C identifier";
	if ((why = mapval__bytes(f[2], &r->key)))
		return why;
	if (r->key && (why = mapval__bytes(f[3], &r->value)))
		return why;
	r->stem = strdup(f[0]);
	r->map = strdup(f[1]);
	*err = r->key && r->value && r->stem && r->map ? 0 : -ENOMEM;
	return NULL;
}

/* One line (taken apart in place): a row appended to t, or nothing for a
 * comment or blank line; a message for a bad one. */
static const char *mapvals__line(struct upstream_mapvals *t, char *line, int n, int *err)
{
	char *f[5], *save = NULL, *tok;
	struct upstream_mapval *v;
	const char *why;
	int k = 0;

	*err = 0;
	line[strcspn(line, "#")] = 0;
	for (tok = strtok_r(line, " \t", &save); tok && k < 5; tok = strtok_r(NULL, " \t", &save))
		f[k++] = tok;
	if (!k)
		return NULL;
	if (k != 4)
		return "not four fields: <stem> <map> <key> <value>";
	v = realloc(t->v, (t->n + 1) * sizeof(*v));
	if (!v)
		return *err = -ENOMEM, NULL;
	t->v = v;
	memset(&v[t->n], 0, sizeof(*v));
	v[t->n].line = n;
	why = mapval__row(&v[t->n++], f, err);
	return why;
}

int upstream_mapvals__parse(struct upstream_mapvals *t, const char *path, const char *text,
			    char **errmsg)
{
	const char *why = NULL;
	int err = 0, n = 0;

	memset(t, 0, sizeof(*t));
	*errmsg = NULL;
	t->path = strdup(path);
	err = t->path ? 0 : -ENOMEM;
	for (const char *p = text; *p && !err && !why; n++) {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len);

		if (!line)
			err = -ENOMEM;
		else
			why = mapvals__line(t, line, n + 1, &err);
		free(line);
		p += len + (p[len] == '\n');
	}
	if (why && asprintf(errmsg, "%s: line %d: %s", path, n, why) < 0)
		*errmsg = NULL;
	err = err ?: why ? -EINVAL : 0;
	if (err)
		upstream_mapvals__free(t);
	return err;
}

int upstream_mapvals__read(struct upstream_mapvals *t, const char *path, char **errmsg)
{
	char *text;
	size_t len;
	int err;

	memset(t, 0, sizeof(*t));
	*errmsg = NULL;
	err = file__read(path, &text, &len);
	if (err) {
		if (asprintf(errmsg, "%s: cannot read the map values: %s", path,
			     strerror(-err)) < 0)
			*errmsg = NULL;
		return err;
	}
	err = strlen(text) == len ? upstream_mapvals__parse(t, path, text, errmsg) : -EINVAL;
	if (err == -EINVAL && !*errmsg && asprintf(errmsg, "%s: a NUL byte", path) < 0)
		*errmsg = NULL;
	free(text);
	return err;
}

void upstream_mapvals__free(struct upstream_mapvals *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->v[i].stem);
		free(t->v[i].map);
		free(t->v[i].key);
		free(t->v[i].value);
	}
	free(t->v);
	free(t->path);
	memset(t, 0, sizeof(*t));
}
