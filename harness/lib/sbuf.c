// SPDX-License-Identifier: GPL-2.0
/*
 * sbuf.c: a growable byte buffer, always NUL-terminated (sbuf.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"

/* Make room for len more bytes plus the terminating NUL. */
static int sbuf__grow(struct sbuf *sb, size_t len)
{
	size_t cap = sb->cap ? sb->cap : 64;
	char *p;

	if (sb->len + len + 1 <= sb->cap)
		return 0;
	while (cap < sb->len + len + 1)
		cap *= 2;
	p = realloc(sb->buf, cap);
	if (!p)
		return -ENOMEM;
	sb->buf = p;
	sb->cap = cap;
	return 0;
}

int sbuf__add(struct sbuf *sb, const void *data, size_t len)
{
	int err = sbuf__grow(sb, len);

	if (err)
		return err;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = 0;
	return 0;
}

int sbuf__adds(struct sbuf *sb, const char *s)
{
	return sbuf__add(sb, s, strlen(s));
}

int sbuf__addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	err = sbuf__grow(sb, n);
	if (err)
		return err;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
	va_end(ap);
	sb->len += n;
	return 0;
}

const char *sbuf__str(const struct sbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *sbuf__detach(struct sbuf *sb)
{
	char *s = sb->buf ? sb->buf : strdup("");

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sbuf__free(struct sbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
