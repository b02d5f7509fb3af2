// SPDX-License-Identifier: GPL-2.0
/*
 * file.c: whole-file reads and atomic writes (file.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/sbuf.h"

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

int str__cmpp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *str__dup(const char *s)
{
	return s ? strdup(s) : NULL;
}
