// SPDX-License-Identifier: GPL-2.0
/*
 * util.c: small helpers of the host tools: a growable buffer, whole-file
 * reads and atomic writes, symbolic errnos.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errnames.h"
#include "twc.h"

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

/* Read a whole file into a NUL-terminated buffer (the file may hold NULs). */
int file__read(const char *path, char **buf, size_t *len)
{
	struct sbuf sb = {};
	char chunk[65536];
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			goto cleanup;
		}
		err = sbuf__add(&sb, chunk, n);
		if (err)
			goto cleanup;
	}
	if (!sb.buf)
		err = sbuf__add(&sb, "", 0);
cleanup:
	close(fd);
	if (err) {
		sbuf__free(&sb);
		return err;
	}
	*len = sb.len;
	*buf = sbuf__detach(&sb);
	return 0;
}

/* mkdir -p of the directory part of path. */
int dir__make_parents(const char *path)
{
	char *p, *s = strdup(path);
	int err = 0;

	if (!s)
		return -ENOMEM;
	for (p = s + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(s, 0755) && errno != EEXIST) {
			err = -errno;
			break;
		}
		*p = '/';
	}
	free(s);
	return err;
}

/* Write path.tmp, then rename it over path: readers never see half a file. */
int file__write(const char *path, const void *data, size_t len)
{
	struct sbuf tmp = {};
	const char *p = data;
	int fd, err;

	err = dir__make_parents(path);
	if (err)
		return err;
	err = sbuf__addf(&tmp, "%s.tmp", path);
	if (err)
		return err;
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		goto cleanup;
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			close(fd);
			goto cleanup_tmp;
		}
		p += n;
		len -= n;
	}
	if (close(fd) || rename(tmp.buf, path))
		err = -errno;
cleanup_tmp:
	if (err)
		unlink(tmp.buf);
cleanup:
	sbuf__free(&tmp);
	return err;
}

const char *errno__str(int err, char *buf, size_t len)
{
	return errname_str(err, buf, len);
}

int errno__parse(const char *name)
{
	return errname_parse(name);
}

char *str__dup(const char *s)
{
	return s ? strdup(s) : NULL;
}
