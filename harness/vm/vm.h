

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h: the part of twc that speaks to QEMU: it packs the guest's
 * initramfs (image.c) and boots the kernel on it, watching the result
 * stream and surviving hangs and panics (qemu.c).  What the guest writes
 * is PROTOCOL.md's stream; vm/ copies it and adds its own host records
 * (CRASH, CONSOLE, BOOT), and judges nothing.
 */
#ifndef TWC_VM_VM_H
#define TWC_VM_VM_H

#include <stdbool.h>

struct image_opts {
	const char *out;	/* the cpio archive to write */
	const char *init;	/* the static loader, packed as /init */
	const char *plan;	/* packed as /plan; names the objects */
	const char *obj_dir;	/* where the plan's obj/... are */
	const char *btf_dir;	/* where the plan's btf/... are, or NULL */
	const char *busybox;	/* a static busybox: add it and /shell, or NULL */
	int n_extra;
	const char *extra[8];	/* "NAME=HOST": the host file as /NAME, executable */
};

/* Write the initramfs; 0, or 2 (said on stderr; no file is left). */
int image__write(const struct image_opts *o);

struct vm_opts {
	const char *kernel, *initrd, *plan, *out_dir, *accel, *qemu;
	const char *append;	/* more kernel command line, or NULL */
	int mem_mb;
	int jobs;		/* vCPUs, and the guest's loader processes (twc.jobs) */
	int serial;		/* the order's head run one at a time (twc.serial) */
	int case_timeout;	/* seconds of stream silence that make a hang */
	int boot_timeout;	/* the same before the first case */
	int retries;		/* boots again after one that reached no case */
	int gdb_port;		/* QEMU's gdb stub on this TCP port, 0 for none */
	bool gdb_wait;		/* with the stub: start stopped, for gdb to continue */
	bool snapshot;		/* boots after the first restore its saved state (no gdb) */
	bool verbose;		/* print QEMU's command line (V=1) */
	bool quiet;		/* no line per case while the VM runs */
	const char *label;	/* before each progress line (the matrix's kernel), or NULL */
};

/*
 * Boot until every case of the plan has a result: a crash or a hang is
 * recorded on the case in flight and the guest boots again from the next.
 * Writes <out_dir>/stream and console.log.  0 done, 2 usage or I/O error
 * (a kernel that is no bzImage), 3 the VM did not run the cases (no boot
 * reached a case; QEMU's messages are shown), 130 stopped by a signal.
 */
int vm__run(const struct vm_opts *o);

/*
 * Boot the guest with a shell on the console instead of the loader (the
 * initramfs must hold /shell: twc image --shell): QEMU takes over this
 * process and the terminal; the guest's /init runs the corpus.  Returns
 * only when QEMU cannot be started (2).
 */
int vm__shell(const struct vm_opts *o);

#endif /* TWC_VM_VM_H */
