/* SPDX-License-Identifier: GPL-2.0 */
/*
 * testloader.h: what the kernel selftests' test_loader does around the
 * load of one program (tools/testing/selftests/bpf/test_loader.c), done by
 * twc-init for every C case (testloader.c, linked into twc-init only).
 */
#ifndef TWC_GUEST_TESTLOADER_H
#define TWC_GUEST_TESTLOADER_H

#include <stdbool.h>

#include <bpf/libbpf.h>

/*
 * Before bpf_object__prepare(): only the program under test and its
 * auxiliary programs (aux: "a,b" or "-") are loaded, so libbpf relocates
 * exactly those (a SEC("?...") program is not autoloaded by default, and
 * libbpf would leave it unrelocated); an unprivileged load creates only the
 * maps an unprivileged user may create.  0, or -ENOENT when the object has
 * no program named prog (nothing is changed then).
 */
int testloader__select(struct bpf_object *obj, const char *prog, const char *aux, bool unpriv);

/* The program flags of a load: the plan's, and those libbpf gives the
 * program from its section (BPF_F_SLEEPABLE of "lsm.s/", ...), as
 * test_loader's bpf_program__set_flags(prog, bpf_program__flags(prog) |
 * spec->prog_flags) (bpf_program__clone() would take the plan's alone);
 * less a testing flag the kernel refuses (testloader__probe()). */
unsigned int testloader__flags(const struct bpf_program *prog, unsigned int plan_flags);

/* BPF_F_TEST_RND_HI32 | BPF_F_TEST_REG_INVARIANTS, which test_loader sets
 * on every load where the kernel takes them (testing_prog_flags()). */
#define TESTLOADER_TESTING_FLAGS ((1U << 2) | (1U << 7))

/* Which of the testing flags this kernel takes, probed once with a
 * two-instruction program per flag (privileged: before any case); later
 * loads leave out the others.  Returns the flags taken. */
unsigned int testloader__probe(void);

/*
 * What the plan gives a case beyond its CASE line (PROTOCOL.md: the
 * setup records that follow it): the BTF libbpf opens the object with
 * (BTFPATH, test_loader's btf_custom_path of __btf_path), the test run's
 * linear area (LINEAR, __linear_size) and the map values written before
 * the test run (MAPVAL, prog_tests/verifier.c's pre_execution_cb).
 */
#define TESTLOADER_MAPVAL_MAX 1024	/* bytes of a key or value */
#define TESTLOADER_MAX_MAPVALS 8
struct testloader_mapval {
	char map[128];
	unsigned char key[TESTLOADER_MAPVAL_MAX];
	unsigned char value[TESTLOADER_MAPVAL_MAX];
};

struct testloader_setup {
	char btf_path[512];	/* "": the kernel's BTF */
	int linear_size;	/* 0: none */
	int n_mapvals;
	struct testloader_mapval mapvals[TESTLOADER_MAX_MAPVALS];
};

/* Read one setup record of the plan into s: 0, or -EINVAL when it is no
 * such record or a malformed one (the guest names the line). */
int testloader__setup_line(struct testloader_setup *s, const char *line);

/* Write the map values of s into the maps of the prepared object (by
 * name; BPF_MAP_UPDATE_ELEM, flags 0), in order; *bad names the map of a
 * failure.  0, -ENOENT (no such map) or -errno of the update. */
int testloader__map_values(struct bpf_object *obj, const struct testloader_setup *s,
			   const char **bad);

/*
 * Run a loaded program once, as test_loader's do_prog_test_run() does:
 * BPF_PROG_TEST_RUN with TEST_DATA_LEN (64) zero bytes in, room for four
 * times that out, repeat 1, and with a linear_size (not 0) a struct
 * __sk_buff as ctx_in whose data_end is linear_size (the skb's linear
 * area); a BPF_PROG_TYPE_SYSCALL program gets no options at all
 * (test_loader clears them for it).  *retval is the program's return
 * value as test_loader reads it (a 32-bit int).  0, or -errno of the
 * test run.
 */
int testloader__test_run(const struct bpf_program *prog, int fd, int linear_size, int *retval);

/* TEST_DATA_LEN of the selftests' test_loader: the bytes of data_in. */
#define TESTLOADER_DATA_LEN 64

/*
 * The program fd as the verifier rewrote it, read as test_loader's
 * get_xlated_program() reads it (BPF_OBJ_GET_INFO_BY_FD twice: the length,
 * then xlated_prog_insns): *buf (grown with realloc, kept by the caller
 * from case to case) holds *len bytes of struct bpf_insn.  Without
 * CAP_BPF or CAP_SYS_ADMIN the kernel reports no instructions at all.
 * 0, or -errno.
 */
int testloader__xlated(int fd, void **buf, __u32 *len);

/* The bytes test_loader reads of a BPF stream: its log buffer,
 * TEST_LOADER_LOG_BUF_SZ (2 MiB), less one for the NUL it adds. */
#define TESTLOADER_STREAM_MAX (2097152 - 1)

/*
 * Read one of a loaded program's BPF streams (stream_id 1 stdout, 2
 * stderr) as test_loader's verify_stderr() and get_stream() do: one
 * BPF_PROG_STREAM_READ_BY_FD of up to TESTLOADER_STREAM_MAX bytes into
 * *buf (allocated on first use, kept by the caller from case to case);
 * *len is what the kernel gave, 0 for an empty stream.  0, or -errno.
 */
int testloader__stream_read(int fd, int stream_id, char **buf, int *len);

/* Whether the kernel knows BPF_PROG_STREAM_READ_BY_FD (BPF streams, 6.17
 * on): the command on fd -1 gives -EBADF where it does and -EINVAL where
 * the command is unknown.  Returns that errno for the judge to read (FACT
 * bpf_stream_probe), 0 never. */
int testloader__stream_probe(void);

/* A program's JIT image as BPF_OBJ_GET_INFO_BY_FD gives it: the bytes of
 * every function, one after the other, and each function's length. */
struct testloader_jited {
	void *image;		/* len bytes (grown with realloc, kept from case to case) */
	__u32 len;
	__u32 *lens;		/* n_lens lengths, in the order of the bytes */
	__u32 n_lens;
};

/*
 * The JIT image of the program fd, read as the selftests'
 * get_jited_program_text() reads it (jit_disasm_helpers.c:
 * BPF_OBJ_GET_INFO_BY_FD for jited_prog_len and nr_jited_func_lens, then
 * again for jited_prog_insns and jited_func_lens).  A kernel without the
 * JIT on gives no bytes and one length of 0.  0 or -errno; *call names
 * what failed: "get_info" (the kernel's answer), "malloc" (the loader's
 * room), or "hidden" (-EPERM: the kernel gave the lengths but withheld
 * the bytes, bpf_dump_raw_ok(): kernel.kptr_restrict).
 */
int testloader__jited(int fd, struct testloader_jited *j, const char **call);

/* Whether the kernel's BPF JIT is on, as test_loader's is_jit_enabled()
 * reads it: the first byte of net.core.bpf_jit_enable is not '0' (no
 * file: off).  __load_if_JITed and __load_if_no_JITed depend on it. */
bool testloader__jit_enabled(void);

/* Facts about the guest the judge needs for upstream programs: the
 * selftests' test module is loaded (its BTF is in /sys/kernel/btf), and
 * libbpf can read the kernel's config for __kconfig externs (where libbpf
 * looks: /boot/config-<release>, then /proc/config.gz); a config the host
 * packed as /boot/config is linked to /boot/config-<release> first. */
bool testloader__has_testmod(void);
bool testloader__kconfig_ready(const char *release);

#endif /* TWC_GUEST_TESTLOADER_H */
