// SPDX-License-Identifier: GPL-2.0
/*
 * testloader.c: the parts of the selftests' test_loader (run_subtest())
 * that decide what one load is, for twc-init: which programs of the object
 * libbpf prepares, which maps an unprivileged load creates, the program
 * flags; what the plan's setup records add (the BTF of __btf_path, the
 * linear area of __linear_size, map values written before the test run);
 * the test run of a program with a __retval; and the facts of the guest
 * upstream programs need.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "guest/testloader.h"

/* name is one of the comma-separated names of list ("-": none). */
static bool list__has(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
		if (strcspn(p, ",") == n && !strncmp(p, name, n))
			return true;
	}
	return false;
}

/* test_loader's is_unpriv_capable_map(): the map types an unprivileged
 * user may create (and hashes without BPF_F_ZERO_SEED). */
static bool map__unpriv_capable(const struct bpf_map *map)
{
	switch (bpf_map__type(map)) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		return !(bpf_map__map_flags(map) & BPF_F_ZERO_SEED);
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return true;
	default:
		return false;
	}
}

int testloader__select(struct bpf_object *obj, const char *prog, const char *aux, bool unpriv)
{
	struct bpf_program *p;
	struct bpf_map *map;

	if (!bpf_object__find_program_by_name(obj, prog))
		return -ENOENT;
	bpf_object__for_each_program(p, obj) {
		const char *name = bpf_program__name(p);

		bpf_program__set_autoload(p, !strcmp(name, prog) || list__has(aux, name));
	}
	bpf_object__for_each_map(map, obj)
		bpf_map__set_autocreate(map, !unpriv || map__unpriv_capable(map));
	return 0;
}

/* The testing flags the kernel takes; all until probed. */
static unsigned int testing_taken = TESTLOADER_TESTING_FLAGS;

unsigned int testloader__flags(const struct bpf_program *prog, unsigned int plan_flags)
{
	return (bpf_program__flags(prog) | plan_flags) &
	       ~(TESTLOADER_TESTING_FLAGS & ~testing_taken);
}

unsigned int testloader__probe(void)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	testing_taken = 0;
	for (unsigned int flag = 1; flag; flag <<= 1) {
		LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_flags = flag);
		int fd;

		if (!(flag & TESTLOADER_TESTING_FLAGS))
			continue;
		fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", insns, 2, &opts);
		if (fd >= 0) {
			testing_taken |= flag;
			close(fd);
		}
	}
	return testing_taken;
}

int testloader__test_run(const struct bpf_program *prog, int fd, int linear_size, int *retval)
{
	unsigned char in[TESTLOADER_DATA_LEN] = {}, out[TESTLOADER_DATA_LEN * 4];
	struct __sk_buff ctx = { .data_end = linear_size };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = sizeof(in),
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
	LIBBPF_OPTS(bpf_test_run_opts, empty);
	int err;

	if (linear_size) {
		opts.ctx_in = &ctx;
		opts.ctx_size_in = sizeof(ctx);
	}
	err = bpf_prog_test_run_opts(fd, bpf_program__type(prog) == BPF_PROG_TYPE_SYSCALL ?
					 &empty : &opts);
	if (err)
		return err;	/* libbpf 1.x: -errno */
	*retval = (int)(bpf_program__type(prog) == BPF_PROG_TYPE_SYSCALL ? empty.retval :
			opts.retval);
	return 0;
}

/* n bytes of hex digits into out; false when s is not exactly that. */
static bool hex__bytes(const char *s, unsigned char *out, size_t n)
{
	if (strlen(s) != 2 * n || strspn(s, "0123456789abcdef") != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char byte[3] = { s[2 * i], s[2 * i + 1], 0 };

		out[i] = strtoul(byte, NULL, 16);
	}
	return true;
}

/* MAPVAL <idx> <map> <key-hex> <value-hex>: the sizes are the map's,
 * which the host checked; here they only have to fit. */
static int setup__mapval(struct testloader_setup *s, const char *line)
{
	static char key[2 * TESTLOADER_MAPVAL_MAX + 2], value[2 * TESTLOADER_MAPVAL_MAX + 2];
	struct testloader_mapval *m = &s->mapvals[s->n_mapvals];

	if (s->n_mapvals == TESTLOADER_MAX_MAPVALS ||
	    sscanf(line, "MAPVAL %*d %127s %2049s %2049s", m->map, key, value) != 3 ||
	    strlen(key) > 2 * TESTLOADER_MAPVAL_MAX || strlen(value) > 2 * TESTLOADER_MAPVAL_MAX ||
	    !hex__bytes(key, m->key, strlen(key) / 2) ||
	    !hex__bytes(value, m->value, strlen(value) / 2))
		return -EINVAL;
	s->n_mapvals++;
	return 0;
}

int testloader__setup_line(struct testloader_setup *s, const char *line)
{
	if (!strncmp(line, "MAPVAL ", 7))
		return setup__mapval(s, line);
	if (sscanf(line, "BTFPATH %*d %511s", s->btf_path) == 1)
		return 0;
	if (sscanf(line, "LINEAR %*d %d", &s->linear_size) == 1 && s->linear_size > 0)
		return 0;
	return -EINVAL;
}

int testloader__map_values(struct bpf_object *obj, const struct testloader_setup *s,
			   const char **bad)
{
	for (int i = 0; i < s->n_mapvals; i++) {
		const struct testloader_mapval *m = &s->mapvals[i];
		struct bpf_map *map = bpf_object__find_map_by_name(obj, m->map);
		int err = map ? bpf_map_update_elem(bpf_map__fd(map), m->key, m->value, 0) :
				-ENOENT;

		if (err) {
			*bad = m->map;
			return err < 0 ? err : -EIO;	/* libbpf 1.x: -errno */
		}
	}
	return 0;
}

int testloader__xlated(int fd, void **buf, __u32 *len)
{
	struct bpf_prog_info info = {};
	__u32 info_len = sizeof(info), n;
	void *p;
	int err;

	err = bpf_prog_get_info_by_fd(fd, &info, &info_len);
	if (err)
		return err;	/* libbpf 1.x: -errno */
	n = info.xlated_prog_len;
	if (n % sizeof(struct bpf_insn))
		return -EBADMSG;	/* test_loader refuses it too */
	p = realloc(*buf, n ? n : 1);
	if (!p)
		return -ENOMEM;
	*buf = p;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = n;
	info.xlated_prog_insns = (__u64)(unsigned long)p;
	info_len = sizeof(info);
	err = bpf_prog_get_info_by_fd(fd, &info, &info_len);
	if (err)
		return err;
	*len = n < info.xlated_prog_len ? n : info.xlated_prog_len;
	return 0;
}

int testloader__stream_read(int fd, int stream_id, char **buf, int *len)
{
	int ret;

	if (!*buf && !(*buf = malloc(TESTLOADER_STREAM_MAX + 1)))
		return -ENOMEM;
	ret = bpf_prog_stream_read(fd, stream_id, *buf, TESTLOADER_STREAM_MAX, NULL);
	if (ret < 0)
		return ret;	/* libbpf 1.x: -errno */
	*len = ret;
	return 0;
}

int testloader__stream_probe(void)
{
	char c;
	int ret = bpf_prog_stream_read(-1, 2, &c, 1, NULL);

	return ret < 0 ? ret : -EPROTO;	/* fd -1 read: impossible */
}

/* Room for n bytes in *buf, zeroed (realloc; 1 byte at least). */
static int buf__zeroed(void **buf, size_t n)
{
	void *p = realloc(*buf, n ? n : 1);

	if (!p)
		return -ENOMEM;
	*buf = p;
	memset(p, 0, n ? n : 1);
	return 0;
}

int testloader__jited(int fd, struct testloader_jited *j, const char **call)
{
	struct bpf_prog_info info = {};
	__u32 info_len = sizeof(info), len, n;
	int err;

	*call = "get_info";
	err = bpf_prog_get_info_by_fd(fd, &info, &info_len);
	if (err)
		return err;	/* libbpf 1.x: -errno */
	len = info.jited_prog_len;
	n = info.nr_jited_func_lens;
	*call = "malloc";
	if (buf__zeroed(&j->image, len) || buf__zeroed((void **)&j->lens, n * sizeof(__u32)))
		return -ENOMEM;
	*call = "get_info";
	memset(&info, 0, sizeof(info));
	info.jited_prog_insns = (__u64)(unsigned long)j->image;
	info.jited_prog_len = len;
	info.jited_func_lens = (__u64)(unsigned long)j->lens;
	info.nr_jited_func_lens = n;
	info_len = sizeof(info);
	err = bpf_prog_get_info_by_fd(fd, &info, &info_len);
	if (err)
		return err;
	j->len = len < info.jited_prog_len ? len : info.jited_prog_len;
	j->n_lens = n < info.nr_jited_func_lens ? n : info.nr_jited_func_lens;
	if (len && !info.jited_prog_insns) {
		*call = "hidden";
		return -EPERM;
	}
	return 0;
}

bool testloader__jit_enabled(void)
{
	int fd = open("/proc/sys/net/core/bpf_jit_enable", O_RDONLY | O_CLOEXEC);
	char c = '0';

	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = '0';
	close(fd);
	return c != '0';
}

bool testloader__has_testmod(void)
{
	return !access("/sys/kernel/btf/bpf_testmod", F_OK);
}

/* libbpf reads __kconfig values from /boot/config-<release> or
 * /proc/config.gz.  The host packs the kernel's config as /boot/config
 * (harness/sh/kconfig.sh), not knowing the release of any bzImage; it is
 * linked to the name libbpf looks for here, where the release is known. */
bool testloader__kconfig_ready(const char *release)
{
	char path[300];

	snprintf(path, sizeof(path), "/boot/config-%s", release);
	if (access(path, F_OK) && !access("/boot/config", R_OK) && symlink("config", path))
		fprintf(stderr, "twc-init: %s: %s\n", path, strerror(errno));
	return !access(path, R_OK) || !access("/proc/config.gz", R_OK);
}
