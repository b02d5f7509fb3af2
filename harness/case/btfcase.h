/* SPDX-License-Identifier: GPL-2.0 */
/*
 * btfcase.h: the BTF case language of twc (btf/maps/<name>.case, btf/<name>.case).
 *
 * A BTF case builds a BTF blob type by type with libbpf's BTF-writing API,
 * loads it, creates maps with it, loads small probe programs against them,
 * and runs them; every step that talks to the kernel states what the kernel
 * must answer.  One parser (this file's btfcase__parse) serves both sides:
 * the host validates cases with it (a malformed case is an ERROR naming the
 * line and the field) and the guest executes the same text.
 *
 * Format: one statement a line, tokens separated by blanks; '#' starts a
 * comment line.  The first comment block is the header:
 *
 *   # <the rule in one sentence (may wrap)>
 *   # Enforced by: <kernel function(s)>
 *   # Rule: <ID>[, <ID>...]
 *   # <more lines: e.g. where the kernel differs from rules.md>
 *
 * Declarations (before the btf step; each type is one BTF type, numbered
 * from 1 in the order written):
 *
 *   requires <fact>                  kfunc:NAME | preempt_rt | !preempt_rt
 *   std <name>                       a standard type, defined as the kernel's
 *                                    UAPI does: u8 u16 u32 u64 s8 s16 s32 s64
 *                                    int char bpf_timer bpf_wq bpf_spin_lock
 *                                    bpf_res_spin_lock bpf_task_work
 *                                    bpf_refcount bpf_list_head bpf_list_node
 *                                    bpf_rb_root bpf_rb_node
 *   type <name> int <size> [signed]
 *   type <name> struct|union <size> [btfname=<name>|btfname=-]
 *     field <name>|- <type> <off>[b] [bitsize=<n>]     off in bytes, or bits with 'b'
 *   type <name> typedef <type> [btfname=<name>]
 *   type <name> const|volatile|ptr <type>|void
 *   type <name> array <type> <nelems>
 *   type <name> type_tag <value> <type>|void
 *   type <name> fwd struct|union
 *   type <name> datasec <size>
 *     var <name> <type> <off> [size=<n>]
 *
 * <name> is the case's handle for the type and, for int, struct, union,
 * typedef, fwd and datasec, also its BTF name (btfname= overrides it; '-'
 * makes it anonymous).  Types may refer to types written later.
 *
 * Steps (run in order by the guest; each is one STEP record):
 *
 *   btf expect <e>                   BPF_BTF_LOAD of every type above
 *   map <name> <maptype> entries=<n> [key=<type>] [key_size=<n>]
 *       [value=<type>] [value_size=<n>] [flags=<F>[|<F>]...] [extra=<n>]
 *       [inner=<map>] [unpriv] expect <e>
 *                                    BPF_MAP_CREATE; with value= the map
 *                                    has the case's BTF (sizes default to
 *                                    the types' sizes); unpriv drops
 *                                    CAP_BPF, CAP_SYS_ADMIN, CAP_PERFMON,
 *                                    CAP_NET_ADMIN for the call
 *   probe <name> <kind> <map> <off> [outer=<map>] [flags=<n>] [ns=<n>] expect <e>
 *                                    BPF_PROG_LOAD of a tc program: look up
 *                                    key 0 of <map> (through <outer>'s key 0
 *                                    when given), NULL check, then call the
 *                                    kind's helper or kfunc on value+<off>
 *                                    and return its result (-ENOENT when
 *                                    the lookup found nothing).  Kinds:
 *                                    timer-init (flags default 1, MONOTONIC)
 *                                    timer-setcb (a callback returning 0)
 *                                    timer-start (ns default 10 s, flags 0)
 *                                    timer-cancel timer-cancel-async
 *                                    wq-init wq-setcb wq-start (flags 0)
 *   run <probe> expect <retval>      BPF_PROG_TEST_RUN; the program's return
 *   update <map> [key=<n>] [fd=<map>] [flags=<F>[|<F>]] expect <e>
 *                                    value zero, or a map fd; flags any,
 *                                    noexist, exist, lock (BPF_F_LOCK)
 *   delete <map> [key=<n>] expect <e>
 *   mmap <map> expect <e>            mmap(PROT_READ|PROT_WRITE, MAP_SHARED)
 *   freeze <map> expect <e>          BPF_MAP_FREEZE
 *   close <map>|<probe>              close the fd (always succeeds)
 *   kernel struct|func <name> expect <e>
 *                                    the booted kernel's BTF for <name>, as
 *                                    text (size, alignment, members; or
 *                                    prototype, linkage and decl tags)
 *   msg "<text>"                     the previous step's log holds <text>,
 *                                    after the previous msg's match;
 *                                    {{regex}} islands as in __msg
 *
 * <e> is ok or an errno (-EINVAL); <retval> an integer or an errno.  An
 * object (map, probe) that failed to be created keeps fd -1, and the
 * kernel's answer to that is the result of the steps that use it.
 */
#ifndef TWC_CASE_BTFCASE_H
#define TWC_CASE_BTFCASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>



struct btf;

#define BTFCASE_MAX_LINE	4096
#define BTFCASE_MAX_TYPES	4096
#define BTFCASE_MAX_STEPS	256
#define BTFCASE_MAX_MSGS	16
#define BTFCASE_MAX_RULES	16
#define BTFCASE_MAX_REQS	8
#define BTFCASE_OBJ_NAME_LEN	16	/* BPF_OBJ_NAME_LEN, NUL included */

enum btfcase_kind {
	BTFCASE_INT, BTFCASE_STRUCT, BTFCASE_UNION, BTFCASE_TYPEDEF, BTFCASE_CONST,
	BTFCASE_VOLATILE, BTFCASE_PTR, BTFCASE_ARRAY, BTFCASE_TYPE_TAG, BTFCASE_FWD,
	BTFCASE_DATASEC, BTFCASE_VAR,
};

/* A member of a struct or union, or a variable of a datasec. */
struct btfcase_member {
	char *name;		/* "" for an anonymous member */
	int type;		/* index into btfcase.types */
	uint32_t bit_off;	/* datasec: byte offset */
	uint32_t bit_size;	/* datasec: the var's size */
	int line;
};

struct btfcase_type {
	char *name;		/* the case's handle; "" for std helpers */
	char *btf_name;		/* the name in BTF, "" when anonymous */
	enum btfcase_kind kind;
	uint32_t size;		/* int, struct, union, datasec */
	bool is_signed;		/* int */
	bool fwd_union;		/* fwd */
	int ref;		/* referenced type index, -1 for void */
	uint32_t nelems;	/* array */
	int index_type;		/* array: the index int's type index */
	char *tag;		/* type_tag value */
	int n_members;
	struct btfcase_member *members;
	int line;
};

enum btfcase_verb {
	BTFCASE_STEP_BTF, BTFCASE_STEP_MAP, BTFCASE_STEP_PROBE, BTFCASE_STEP_RUN,
	BTFCASE_STEP_UPDATE, BTFCASE_STEP_DELETE, BTFCASE_STEP_MMAP,
	BTFCASE_STEP_FREEZE, BTFCASE_STEP_CLOSE, BTFCASE_STEP_KERNEL,
	BTFCASE_STEP__COUNT,
};

enum btfcase_probe {
	BTFCASE_PROBE_TIMER_INIT, BTFCASE_PROBE_TIMER_SETCB, BTFCASE_PROBE_TIMER_START,
	BTFCASE_PROBE_TIMER_CANCEL, BTFCASE_PROBE_TIMER_CANCEL_ASYNC, BTFCASE_PROBE_WQ_INIT,
	BTFCASE_PROBE_WQ_SETCB, BTFCASE_PROBE_WQ_START,
	BTFCASE_PROBE__COUNT,
};

struct btfcase_step {
	enum btfcase_verb verb;
	int line;
	char *text;		/* the statement as written, without "expect ..." */
	bool has_expect;
	int expect_err;		/* 0 or -errno */
	long long expect_value;	/* run: the program's return value */
	int n_msgs;
	char *msgs[BTFCASE_MAX_MSGS];
	char *name;		/* map, probe: the object's name */
	int target;		/* step index of the map/probe acted on, -1 */
	/* map */
	int map_type;
	int key_type, value_type;	/* type index or -1 */
	bool has_key_size, has_value_size;
	uint32_t key_size, value_size, max_entries, map_flags;
	uint64_t map_extra;
	int inner;		/* step index of the inner map, -1 */
	bool unpriv;
	/* probe */
	enum btfcase_probe probe;
	uint32_t off;
	int outer;		/* step index of the outer map, -1 */
	bool has_flags;
	uint64_t flags;
	uint64_t ns;		/* timer-start: nanoseconds (default 10 s) */
	/* update, delete */
	uint32_t key;
	int fd_map;		/* update: step index of the map whose fd is the value */
	/* kernel */
	bool kernel_func;	/* func, else struct */
};

struct btfcase {
	char *description;	/* the header's sentence */
	char *enforced_by;
	int n_rules;
	char *rules[BTFCASE_MAX_RULES];
	int n_reqs;
	char *reqs[BTFCASE_MAX_REQS];
	int n_types;
	struct btfcase_type *types;
	int n_steps;
	struct btfcase_step *steps;
	int btf_step;		/* index of the btf step, -1 */
	char *error;		/* "line N: field 'F': what: 'value'" */
};

/* Parse a case text of len bytes.  0, -EINVAL with bc->error set, or
 * -ENOMEM.  bc is always safe to btfcase__free afterwards.
 */
int btfcase__parse(struct btfcase *bc, const char *text, size_t len);
void btfcase__free(struct btfcase *bc);

/* Build the case's BTF with libbpf (type i is BTF id i + 1) and fill in
 * the key and value sizes of the maps that leave them to their types.
 * 0, or -errno with bc->error naming the line libbpf refused.
 */
int btfcase__build(struct btfcase *bc, struct btf **out);

/* Names: "hash" for BPF_MAP_TYPE_HASH, "timer-init", "map", ... */
const char *btfcase__map_type_name(int map_type);
int btfcase__map_type_count(void);	/* highest map type + 1 */
const char *btfcase__probe_name(enum btfcase_probe p);
const char *btfcase__verb_name(enum btfcase_verb v);

/* The booted kernel's BTF for a struct or a func as readable text, without
 * type ids: size, alignment and members of a struct; linkage, return type,
 * parameters and decl tags of a func.  *out is malloc'd.  0, -ENOENT when
 * the kernel has no such type, -ENOMEM.
 */
int btfcase__render_kernel(const struct btf *btf, bool func, const char *name, char **out);

#endif /* TWC_CASE_BTFCASE_H */
