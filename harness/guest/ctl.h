/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctl.h: the guest's side of the control port (twc.ctl=1, harness/vm/snap.h):
 * a second port of the virtio-serial device, named "twc.ctl", on which the
 * guest says it is ready for its cases and reads this boot's parameters.
 */
#ifndef TWC_GUEST_CTL_H
#define TWC_GUEST_CTL_H

#include <stddef.h>

/*
 * Say "READY" on the control port and wait for one line of parameters
 * ("twc.start=3 twc.alone=0,2": the kernel command line's keys) into
 * params (its '\n' dropped).  The host may save the VM while this waits
 * and start later boots from there, each of which reads its own line.
 * 0, or -errno (no such port: params is "").
 */
int ctl__wait(char *params, size_t len);

#endif /* TWC_GUEST_CTL_H */
