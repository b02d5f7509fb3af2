/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctl.h: the guest's side of the control port (twc.ctl=1, harness/vm/snap.h):
 * a second port of the virtio-serial device, named "twc.ctl", on which the
 * guest says it is ready for its cases and reads this boot's parameters.
 */
#ifndef TWC_GUEST_CTL_H
#define TWC_GUEST_CTL_H

#include <stddef.h>

/* Open the control port (waiting up to 5 s for the driver to add it) and
 * say "INIT" there: /init runs.  The fd, or -errno. */
int ctl__open(void);

/*
 * Say "READY" on the control port fd and wait for one line of parameters
 * ("twc.start=3 twc.alone=0,2": the kernel command line's keys) into
 * params (its '\n' dropped); closes fd.  The host may save the VM while
 * this waits and start later boots from there, each of which reads its
 * own line.  0, or -errno (params is then "").
 */
int ctl__wait(int fd, char *params, size_t len);

/* The text after "<key>=" in params (this boot's line from ctl__wait())
 * or else on the kernel command line, up to a space, or "" (at most
 * len - 1 characters). */
void ctl__param(const char *params, const char *key, char *val, size_t len);
/* The number after "<key>=" as ctl__param() finds it, or dflt. */
int ctl__param_int(const char *params, const char *key, int dflt);

#endif /* TWC_GUEST_CTL_H */
