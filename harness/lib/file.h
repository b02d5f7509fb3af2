/* SPDX-License-Identifier: GPL-2.0 */
/*
 * file.h: whole-file reads and atomic writes, and the one printer of the
 * host tools' messages.  Functions return 0 or a negative errno; messages
 * go to stderr through pr_warn() as
 * "twc: <what>: <what happened>: '<value>': -ESYM".
 */
#ifndef TWC_LIB_FILE_H
#define TWC_LIB_FILE_H

#include <stddef.h>
#include <stdio.h>




#define pr_warn(fmt, ...) fprintf(stderr, "twc: " fmt, ##__VA_ARGS__)

/* Read a whole file; *buf is malloc'd and NUL-terminated after *len bytes. */
int file__read(const char *path, char **buf, size_t *len);
/* Write a file through a temporary name, creating parent directories. */
int file__write(const char *path, const void *data, size_t len);
int dir__make_parents(const char *path);
/* qsort comparison of two char * (an array of strings by content). */
int str__cmpp(const void *a, const void *b);
/* strdup that tolerates NULL. */
char *str__dup(const char *s);

#endif /* TWC_LIB_FILE_H */
