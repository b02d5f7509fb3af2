// SPDX-License-Identifier: GPL-2.0
/*
 * image.c: `twc image` (vm.h): pack the guest's initramfs, without root and without loop
 * mounts: a "newc" cpio archive written directly, holding
 *   /init       the static loader (twc-init)
 *   /plan       the plan
 *   /obj/...    every object the plan names (CASE, BTFPATH)
 *   /btf/...    every BTF case file the plan names (--btf-dir)
 *   /dev/console, /proc, /sys   so the kernel can give init a console
 * Owners are root and mtimes zero, so the same inputs give the same bytes.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "vm/vm.h"

struct cpio {
	FILE *f;
	const char *path;
	unsigned int ino;
	int err;
};

static void cpio__pad(struct cpio *c)
{
	static const char zeros[4];
	long pos = ftell(c->f);

	if (pos % 4)
		fwrite(zeros, 1, 4 - pos % 4, c->f);
}

/* One entry: newc header, name, data (each padded to 4 bytes). */
static void cpio__entry(struct cpio *c, const char *name, unsigned int mode,
			unsigned int rmaj, unsigned int rmin,
			const void *data, size_t len)
{
	fprintf(c->f, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		++c->ino, mode, 0, 0, S_ISDIR(mode) ? 2 : 1, 0, len, 0, 0,
		rmaj, rmin, strlen(name) + 1, 0);
	fwrite(name, 1, strlen(name) + 1, c->f);
	cpio__pad(c);
	if (len)
		fwrite(data, 1, len, c->f);
	cpio__pad(c);
}

/* Add a host file under the archive name; -errno when it cannot be read. */
static int cpio__file(struct cpio *c, const char *name, const char *host, unsigned int perm)
{
	FILE *f = fopen(host, "rb");
	char *buf = NULL;
	long len;
	int err = 0;

	if (!f)
		goto fail;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto fail;
	buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != (size_t)len)
		goto fail;
	cpio__entry(c, name, S_IFREG | perm, 0, 0, buf, len);
	goto out;
fail:
	err = -errno ? -errno : -EIO;
	fprintf(stderr, "twc image: %s: cannot read: %s\n", host, strerror(-err));
out:
	free(buf);
	if (f)
		fclose(f);
	return err;
}

/* Add every directory leading to name ("obj/accept/x.o" adds obj, obj/accept). */
static void cpio__parents(struct cpio *c, const char *name, char seen[][256], int *n_seen)
{
	char dir[PATH_MAX];

	for (const char *p = strchr(name, '/'); p; p = strchr(p + 1, '/')) {
		int i;

		snprintf(dir, sizeof(dir), "%.*s", (int)(p - name), name);
		for (i = 0; i < *n_seen && strcmp(seen[i], dir); i++)
			;
		if (i < *n_seen || *n_seen >= 256)
			continue;
		strcpy(seen[(*n_seen)++], dir);
		cpio__entry(c, dir, S_IFDIR | 0755, 0, 0, NULL, 0);
	}
}

/* A BTF line's case file "btf/<rel>", from <btf_dir>/<rel>. */
static int image__btf_case(struct cpio *c, const char *line, const char *btf_dir,
			   char seen[][256], int *n_seen)
{
	char path[512], host[PATH_MAX];

	if (sscanf(line, "BTF %*d %*s %511s", path) != 1 || strncmp(path, "btf/", 4) || !btf_dir) {
		fprintf(stderr, "twc image: plan line '%.80s' names no btf/ file (or no --btf-dir)\n",
			line);
		return -EINVAL;
	}
	snprintf(host, sizeof(host), "%s/%s", btf_dir, path + 4);
	cpio__parents(c, path, seen, n_seen);
	return cpio__file(c, path, host, 0644) ? -EIO : 0;
}

/* The object a plan line names: a CASE line's, or a BTFPATH line's (the
 * BTF libbpf opens the case's object with); "" for another line. */
static void line__object(const char *line, char obj[512])
{
	if (sscanf(line, "CASE %*d %*s %511s", obj) != 1 &&
	    sscanf(line, "BTFPATH %*d %511s", obj) != 1)
		obj[0] = 0;
}

/* Add every object the plan's CASE and BTFPATH lines name, each once in
 * a row, and the case files of its BTF lines.
 */
static int image__objects(struct cpio *c, FILE *plan, const char *obj_dir, const char *btf_dir)
{
	static char seen[256][256];
	char line[8192], obj[512], prev[512] = "", prev_btf[512] = "", host[PATH_MAX];
	int n_seen = 0, err = 0;

	while (fgets(line, sizeof(line), plan)) {
		char *last = line[0] == 'B' ? prev_btf : prev;

		if (!strncmp(line, "BTF ", 4)) {
			err = image__btf_case(c, line, btf_dir, seen, &n_seen) ?: err;
			continue;
		}
		line__object(line, obj);
		if (!obj[0] || !strcmp(obj, last))
			continue;
		strcpy(last, obj);
		if (strncmp(obj, "obj/", 4)) {
			fprintf(stderr, "twc image: plan names '%s', not under obj/\n", obj);
			err = -EINVAL;
			continue;
		}
		snprintf(host, sizeof(host), "%s/%s", obj_dir, obj + 4);
		cpio__parents(c, obj, seen, &n_seen);
		if (cpio__file(c, obj, host, 0644))
			err = -EIO;
	}
	return err;
}

/* The guest's shell (make shell): busybox, and /shell to start it. */
static const char shell_script[] =
	"#!/bin/busybox sh\n"
	"/bin/busybox --install -s /bin\n"
	"mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs dev /dev\n"
	"mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null\n"
	"echo \"twc shell: $(uname -r); the plan is /plan, objects are in /obj, BTF cases\"\n"
	"echo \"in /btf; /init runs the plan and powers off; poweroff -f leaves.\"\n"
	"exec setsid cttyhack sh\n";

static int image__shell(struct cpio *c, const char *busybox)
{
	cpio__entry(c, "bin", S_IFDIR | 0755, 0, 0, NULL, 0);
	cpio__entry(c, "shell", S_IFREG | 0755, 0, 0, shell_script, strlen(shell_script));
	return cpio__file(c, "bin/busybox", busybox, 0755);
}

int image__write(const struct image_opts *o)
{
	struct cpio c = {};
	FILE *plan;
	int err;

	plan = fopen(o->plan, "r");
	if (!plan) {
		fprintf(stderr, "twc image: %s: %s\n", o->plan, strerror(errno));
		return 2;
	}
	c.f = fopen(o->out, "wb");
	if (!c.f) {
		fprintf(stderr, "twc image: %s: %s\n", o->out, strerror(errno));
		fclose(plan);
		return 2;
	}
	cpio__entry(&c, "dev", S_IFDIR | 0755, 0, 0, NULL, 0);
	cpio__entry(&c, "dev/console", S_IFCHR | 0600, 5, 1, NULL, 0);
	cpio__entry(&c, "proc", S_IFDIR | 0755, 0, 0, NULL, 0);
	cpio__entry(&c, "sys", S_IFDIR | 0755, 0, 0, NULL, 0);
	err = cpio__file(&c, "init", o->init, 0755);
	err = cpio__file(&c, "plan", o->plan, 0644) ?: err;
	err = image__objects(&c, plan, o->obj_dir, o->btf_dir) ?: err;
	if (o->busybox)
		err = image__shell(&c, o->busybox) ?: err;
	for (int x = 0; x < o->n_extra; x++) {
		char name[256];
		const char *eq = strchr(o->extra[x], '=');

		snprintf(name, sizeof(name), "%.*s", (int)(eq - o->extra[x]), o->extra[x]);
		err = cpio__file(&c, name, eq + 1, 0755) ?: err;
	}
	cpio__entry(&c, "TRAILER!!!", 0, 0, 0, NULL, 0);
	fclose(plan);
	if (fclose(c.f) || err) {
		fprintf(stderr, "twc image: %s: incomplete, removed\n", o->out);
		remove(o->out);
		return 2;
	}
	return 0;
}
