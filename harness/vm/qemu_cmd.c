// SPDX-License-Identifier: GPL-2.0
/*
 * qemu_cmd.c: QEMU's command line for a twc guest (qemu_cmd.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vm/qemu_cmd.h"

static void arg(struct qemu_cmd *c, const char *a)
{
	if (c->argc < (int)(sizeof(c->argv) / sizeof(c->argv[0])) - 1)
		c->argv[c->argc++] = (char *)a;
	c->argv[c->argc] = NULL;
}

static void args(struct qemu_cmd *c, const char *a, const char *b)
{
	arg(c, a);
	arg(c, b);
}

void qemu_cmd__build(struct qemu_cmd *c, const struct vm_opts *o, const char *serial,
		     const char *chardev, const char *rdinit, long start, const char *alone)
{
	int kvm = !strcmp(o->accel, "kvm"), jobs = o->jobs > 0 ? o->jobs : 1;
	char one_at_a_time[32] = "";

	memset(c, 0, sizeof(*c));
	snprintf(c->mem, sizeof(c->mem), "%d", o->mem_mb);
	snprintf(c->smp, sizeof(c->smp), "%d", jobs);
	if (o->serial > 0)
		snprintf(one_at_a_time, sizeof(one_at_a_time), " twc.serial=%d", o->serial);
	/* no_timer_check: under TCG on a loaded host the IO-APIC timer check can
	 * fail ("IO-APIC + timer doesn't work!") and panic a healthy kernel;
	 * nokaslr under gdb, so the symbols' addresses hold */
	snprintf(c->append, sizeof(c->append), "console=ttyS0 panic=-1 oops=panic "
		 "no_timer_check rdinit=%s twc.jobs=%d twc.start=%ld%s%s%s%s%s%s", rdinit, jobs,
		 start, *alone ? " twc.alone=" : "", alone, one_at_a_time, o->gdb_port ? " nokaslr" : "",
		 o->append ? " " : "", o->append ? o->append : "");
	arg(c, o->qemu);
	args(c, "-accel", kvm ? "kvm" : "tcg");
	args(c, "-cpu", kvm ? "host" : "max");
	args(c, "-m", c->mem);
	args(c, "-smp", c->smp);
	arg(c, "-nodefaults");
	arg(c, "-no-user-config");
	args(c, "-display", "none");
	arg(c, "-no-reboot");
	args(c, "-kernel", o->kernel);
	args(c, "-initrd", o->initrd);
	args(c, "-append", c->append);
	args(c, "-serial", serial);
	args(c, "-device", "virtio-serial-pci");
	args(c, "-chardev", chardev);
	args(c, "-device", "virtconsole,chardev=twc");
	if (o->gdb_port) {
		snprintf(c->gdb, sizeof(c->gdb), "tcp::%d", o->gdb_port);
		args(c, "-gdb", c->gdb);
	}
	if (o->gdb_port && o->gdb_wait)
		arg(c, "-S");
}

void qemu_cmd__snap(struct qemu_cmd *c, const char *ctl_path, const char *qmp_path,
		    const char *ram_path, bool restoring)
{
	size_t n = strlen(c->append);

	snprintf(c->append + n, sizeof(c->append) - n, " twc.ctl=1");
	snprintf(c->ram, sizeof(c->ram), "memory-backend-file,id=twcram,size=%sM,mem-path=%s,"
		 "share=%s", c->mem, ram_path, restoring ? "off" : "on");
	args(c, "-object", c->ram);
	args(c, "-machine", "memory-backend=twcram");
	snprintf(c->ctl, sizeof(c->ctl), "socket,id=twcctl,path=%s", ctl_path);
	args(c, "-chardev", c->ctl);
	args(c, "-device", "virtserialport,chardev=twcctl,name=twc.ctl");
	snprintf(c->qmp, sizeof(c->qmp), "socket,id=twcqmp,path=%s", qmp_path);
	args(c, "-chardev", c->qmp);
	args(c, "-mon", "chardev=twcqmp,mode=control");
	if (restoring)
		args(c, "-incoming", "defer");
}

void qemu_cmd__print(const struct qemu_cmd *c, FILE *f)
{
	for (int i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];
		bool quote = strpbrk(a, " '\"$") != NULL;

		fprintf(f, "%s%s%s%s", i ? " " : "", quote ? "'" : "", a, quote ? "'" : "");
	}
	fprintf(f, "\n");
}
