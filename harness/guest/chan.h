/* SPDX-License-Identifier: GPL-2.0 */
/*
 * chan.h: the guest's side of the result channel (virtconsole /dev/hvc0),
 * shared by the loader (loader.c) and the coverage /init
 * (gcov-init.c).  Each is one static binary of one source file, so
 * these are static functions over one static descriptor.  Record formats:
 * harness/PROTOCOL.md.
 */
#ifndef TWC_GUEST_CHAN_H
#define TWC_GUEST_CHAN_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>




#define CHANNEL_PATH	"/dev/hvc0"

static int out_fd = -1;

/* Open the channel raw: a tty would turn "\n" into "\r\n" inside log bytes. */
static int chan__open(void)
{
	struct termios tio;

	out_fd = open(CHANNEL_PATH, O_WRONLY | O_NOCTTY);
	if (out_fd < 0)
		return -errno;
	if (!tcgetattr(out_fd, &tio)) {
		cfmakeraw(&tio);
		tcsetattr(out_fd, TCSANOW, &tio);
	}
	return 0;
}

/* Records held back to be written in one go (a case's, in its child):
 * each write to the virtconsole costs a trip to the host. */
static struct {
	char *buf;
	size_t len, cap;
	int on;
} out_batch;

static void out_write_now(const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(out_fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= n;
	}
}

/* Write the held records, and stop holding them back. */
static void out_flush(void)
{
	if (out_batch.len)
		out_write_now(out_batch.buf, out_batch.len);
	out_batch.len = 0;
	out_batch.on = 0;
}

/* Hold records back until out_flush() (one write for a case's records). */
static void out_hold(void)
{
	out_batch.on = 1;
}

static void out_write(const void *buf, size_t len)
{
	if (out_batch.on && out_batch.len + len > out_batch.cap) {
		size_t cap = out_batch.cap ? out_batch.cap : 1 << 16;
		char *p;

		while (cap < out_batch.len + len)
			cap *= 2;
		p = realloc(out_batch.buf, cap);
		if (!p)
			out_flush();	/* no room: write what is held, then this */
		else
			out_batch.buf = p, out_batch.cap = cap;
	}
	if (!out_batch.on) {
		out_write_now(buf, len);
		return;
	}
	memcpy(out_batch.buf + out_batch.len, buf, len);
	out_batch.len += len;
}

/* One record line (at most 4 KiB; longer text is cut). */
static __attribute__((format(printf, 1, 2))) void out_printf(const char *fmt, ...)
{
	char line[4096 + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

#endif /* TWC_GUEST_CHAN_H */
