/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sbuf.h: a growable byte buffer, always NUL-terminated.  Functions return
 * 0 or -ENOMEM; a zeroed struct sbuf is an empty buffer.
 */
#ifndef TWC_LIB_SBUF_H
#define TWC_LIB_SBUF_H

#include <stddef.h>




struct sbuf {
	char *buf;	/* NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
};

int sbuf__add(struct sbuf *sb, const void *data, size_t len);
int sbuf__adds(struct sbuf *sb, const char *s);
int sbuf__addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The buffer's string, never NULL ("" while empty). */
const char *sbuf__str(const struct sbuf *sb);
/* Hand the string over to the caller (malloc'd, never NULL on success). */
char *sbuf__detach(struct sbuf *sb);
void sbuf__free(struct sbuf *sb);

#endif /* TWC_LIB_SBUF_H */
