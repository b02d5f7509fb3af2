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

static void out_write(const void *buf, size_t len)
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
