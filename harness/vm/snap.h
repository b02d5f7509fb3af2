/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snap.h: boots that cost less (private to vm/).  The first boot of a run
 * goes as far as a guest ready for its cases (/init set up, the image
 * unpacked, facts and plan read, the channel open) and says READY on a
 * second port of the virtio-serial device, the control port "twc.ctl"
 * (kernel command line twc.ctl=1; it said INIT there when /init started,
 * the host's measure of a boot as the first record is without it).  There the host saves the VM once: its
 * RAM is a file in /dev/shm (memory-backend-file, shared), so QMP's
 * migrate with x-ignore-shared writes only the devices' state, and the
 * RAM file is copied while the VM is stopped.  Every later boot of the run
 * starts QEMU with -incoming defer on a private mapping of that copy
 * (share=off: what the guest writes is its own), restores the devices
 * over QMP and lets the guest go on: no kernel boot, no /init set-up.
 * Each boot, restored or not, gets its parameters on the control port, the
 * text the kernel command line carries without snapshots ("twc.start=3
 * twc.alone=0,2").  A restore that fails is a boot that reached no case:
 * twc run then boots cold from there on, and says so.
 *
 * The sockets, the state and the RAM files are in a directory of their own
 * under /dev/shm, named by twc run's pid and removed by snap__free; one a
 * run killed by SIGKILL left is removed by the next run's snap__init.
 * QEMU connects to the host's sockets as a client, so a restored guest's
 * port is connected before it runs.
 */
#ifndef TWC_VM_SNAP_H
#define TWC_VM_SNAP_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct boot_start;

/* What snap__poll did. */
enum snap_event {
	SNAP_NOTHING,		/* nothing new */
	SNAP_PROGRESS,		/* a connection, bytes, the parameters sent */
	SNAP_INIT,		/* the guest's first word (INIT): its /init runs */
	SNAP_FAILED,		/* the saved state did not restore: stop this QEMU */
};

struct snap {
	char dir[96];			/* the directory of the files below */
	char ctl_path[128], qmp_path[128], state[128], ram[128], saved_ram[128];
	int mem_mb;			/* the guest's RAM, a file: ram, then saved_ram */
	int ctl_listen, qmp_listen;	/* the host's sockets, for each boot */
	int ctl, qmp;			/* this boot's connections, or -1 */
	bool off;			/* no (more) snapshots: cold boots */
	bool active;			/* this boot has the control port */
	bool taken;			/* state holds a guest waiting for parameters */
	bool restoring;			/* this boot starts from state */
	bool init, ready, sent;		/* this boot: INIT, READY seen, parameters sent */
	char params[1024];		/* this boot's parameters, a line */
	char ctl_buf[64], qmp_buf[4096];
	size_t ctl_len, qmp_len;
	unsigned long long save_ns;	/* how long saving the state took */
	volatile sig_atomic_t *stop;	/* set by a signal: give up waiting */
};

/* The directory and the listening sockets, for a guest of mem_mb MB; 0 or
 * -errno (s->off then: -ENOSPC when /dev/shm has no room for the RAM). */
int snap__init(struct snap *s, int mem_mb, volatile sig_atomic_t *stop);
/* No snapshots: every boot a cold one, parameters on the command line. */
void snap__init_off(struct snap *s);
/* Close the sockets, remove the files and the directory. */
void snap__free(struct snap *s);

/* The parameters of a boot that starts at at, as the guest reads them:
 * "twc.start=<n>[ twc.alone=<list>]\n". */
void snap__params(const struct boot_start *at, char *buf, size_t len);

/* Before QEMU starts for a boot from at: forget the last boot's
 * connections (and any a dead QEMU left); this boot has the control port
 * unless snapshots are off, and restores when a state is saved. */
void snap__boot(struct snap *s, const struct boot_start *at);

/*
 * One step of this boot's talk with the guest, without waiting (but for
 * the save or the restore, up to timeout_s): accept QEMU's connections,
 * read INIT and READY, save the state the first time, or restore it, and
 * send the parameters.  A save that
 * fails is said on stderr and turns snapshots off; the boot goes on.
 */
enum snap_event snap__poll(struct snap *s, int timeout_s);

#endif /* TWC_VM_SNAP_H */
