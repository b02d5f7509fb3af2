// SPDX-License-Identifier: GPL-2.0
/*
 * qmp.c: what one line from QEMU's machine protocol says (qmp.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "vm/qmp.h"

/*
 * The JSON string that starts at p (at its '"') into val (NULL: skipped);
 * returns the byte after its closing quote, or NULL when it does not end.
 */
static const char *json__string(const char *p, char *val, size_t len)
{
	size_t n = 0;

	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;	/* \" and \\ as the character; \n as 'n' (never asked for) */
		if (val && n + 1 < len)
			val[n++] = *p;
	}
	if (val && len)
		val[n] = 0;
	return *p ? p + 1 : NULL;
}

/* After a string at q: whether a ':' follows (it was a key). */
static bool json__is_key(const char *q)
{
	q += strspn(q, " \t\r\n");
	return *q == ':';
}

/*
 * Walk line's keys: for each key at depth (1 the outermost object) or at
 * any depth (depth 0), call found(key, the text after its ':', ctx); stop
 * when it returns true.  Returns whether one did.
 */
static bool json__keys(const char *line, int depth,
		       bool (*found)(const char *key, const char *value, void *ctx), void *ctx)
{
	int level = 0;

	for (const char *p = line; p && *p; ) {
		char key[64];
		const char *q;

		if (*p == '{' || *p == '[')
			level++;
		else if (*p == '}' || *p == ']')
			level--;
		if (*p != '"') {
			p++;
			continue;
		}
		q = json__string(p, key, sizeof(key));
		if (q && json__is_key(q) && (!depth || level == depth) &&
		    found(key, strchr(q, ':') + 1, ctx))
			return true;
		p = q;
	}
	return false;
}

static bool kind__found(const char *key, const char *value, void *ctx)
{
	static const struct { const char *key; enum qmp_kind kind; } kinds[] = {
		{ "QMP", QMP_GREETING }, { "event", QMP_EVENT },
		{ "return", QMP_RETURN }, { "error", QMP_ERROR },
	};
	enum qmp_kind *kind = ctx;

	(void)value;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(key, kinds[i].key)) {
			*kind = kinds[i].kind;
			return true;
		}
	}
	return false;
}

enum qmp_kind qmp__kind(const char *line)
{
	enum qmp_kind kind = QMP_OTHER;

	json__keys(line, 1, kind__found, &kind);
	return kind;
}

struct str_want {
	const char *key;
	char *val;
	size_t len;
};

static bool str__found(const char *key, const char *value, void *ctx)
{
	struct str_want *w = ctx;

	if (strcmp(key, w->key))
		return false;
	value += strspn(value, " \t\r\n");
	return *value == '"' && json__string(value, w->val, w->len);
}

int qmp__str(const char *line, const char *key, char *val, size_t len)
{
	struct str_want w = { key, val, len };

	if (len)
		val[0] = 0;
	return json__keys(line, 0, str__found, &w) ? 0 : -ENOENT;
}
