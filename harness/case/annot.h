/* SPDX-License-Identifier: GPL-2.0 */
/*
 * annot.h: case annotations, read from the BTF decl tags of a case object.
 *
 * The dialect is the kernel selftests' one (harness/include/bpf_misc.h)
 * plus twc's project keys (harness/include/twc.h).  Parsing never ignores
 * a tag: an unknown key, a key twc does not implement, a malformed value or
 * a contradiction (__success with __failure) makes the program's
 * annotation invalid, with a message naming the key.
 */
#ifndef TWC_CASE_ANNOT_H
#define TWC_CASE_ANNOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>




#define ANNOT_MAX_MSGS 64
#define ANNOT_MAX_RULES 16
#define ANNOT_MAX_REQS 32

/* Upstream's POINTER_VALUE: a __retval that only asks the test run to
 * succeed (bpf_misc.h: the program returns a pointer, whose value varies). */
#define ANNOT_RETVAL_ANY 0xbadcafe

/* __arch values, upstream's spelling. */
enum annot_arch {
	ANNOT_ARCH_X86_64	= 1 << 0,
	ANNOT_ARCH_ARM64	= 1 << 1,
	ANNOT_ARCH_RISCV64	= 1 << 2,
	ANNOT_ARCH_S390X	= 1 << 3,
	ANNOT_ARCH_LOONGARCH	= 1 << 4,
};

enum annot_expect {
	ANNOT_EXPECT_NONE = 0,	/* neither __success nor __failure */
	ANNOT_EXPECT_SUCCESS,
	ANNOT_EXPECT_FAILURE,
};

/* One __msg or __not_msg, or one __xlated line, in source order. */
struct annot_msg {
	bool negative;		/* __not_msg */
	bool on_next_line;	/* __xlated: on the line after the previous match's */
	char *text;		/* as written, {{regex}} islands included */
};

/* The program's BPF streams, by upstream's stream id less one. */
enum annot_stream { ANNOT_STDOUT = 0, ANNOT_STDERR = 1, ANNOT_N_STREAMS = 2 };

/* The __stdout or __stderr lines of a program, read as __xlated's. */
struct annot_lines {
	int n;
	struct annot_msg *v;	/* malloc'd */
	bool gap;		/* reading the tags: the last one was "..." */
};

/* Everything annotated on one program. */
struct annot_prog {
	char *name;		/* program (function) name */
	char *section;		/* ELF section, e.g. "tc" */
	bool auxiliary;
	enum annot_expect expect;
	int log_level;		/* -1 when not annotated */
	uint32_t prog_flags;	/* OR of __flag values */
	char *description;
	int expected_errno;	/* > 0 (e.g. EINVAL) or 0 when not annotated */
	char *xfail;		/* reason, or NULL */
	uint32_t arch_mask;	/* OR of ANNOT_ARCH_*, 0 when not annotated */
	int n_msgs;
	struct annot_msg msgs[ANNOT_MAX_MSGS];
	int n_rules;
	char *rules[ANNOT_MAX_RULES];
	/*
	 * Facts the case needs (__requires, annot_req__valid()): "kfunc:NAME",
	 * "preempt_rt", "!preempt_rt", or alternatives "kfunc:A|kfunc:B".  The
	 * annotated ones first, then those the object implies
	 * (annot_obj__kfunc_reqs()), without repeats.
	 */
	int n_reqs;
	char *reqs[ANNOT_MAX_REQS];
	/*
	 * Unprivileged mode (upstream's *_unpriv keys): the case is opened,
	 * prepared and loaded with CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_PERFMON
	 * and CAP_BPF dropped, except the capabilities in caps_keep
	 * (__caps_unpriv).  A program has either kind of keys, not both.
	 */
	bool unpriv;
	bool priv_keys;		/* saw __success, __failure, __msg or __not_msg */
	uint64_t caps_keep;	/* bit n = capability n */
	/*
	 * __retval(N) (or __retval_unpriv(N) for the unprivileged run): after
	 * a successful load the program is run once with BPF_PROG_TEST_RUN and
	 * must return N (a 32-bit value, as test_loader compares it);
	 * ANNOT_RETVAL_ANY (upstream's POINTER_VALUE) takes any value.
	 */
	bool has_retval;
	int32_t retval;
	/*
	 * __xlated("...") (or __xlated_unpriv): lines of the program as the
	 * verifier rewrote it, read after a successful load and disassembled
	 * as test_loader prints it ("N: insn").  Matched in order as __msg
	 * is; each on the line after the previous one's match, unless a
	 * __xlated("...") came between them (test_loader's push_disasm_msg()).
	 */
	int n_xlated;
	struct annot_msg *xlated;	/* malloc'd */
	bool xlated_gap;	/* reading the tags: the last one was "..." */
	/*
	 * __stdout("...") and __stderr("...") (or their _unpriv forms): what
	 * the program's BPF streams hold after its test run, read as
	 * test_loader reads them (BPF_PROG_STREAM_READ_BY_FD) and matched as
	 * __xlated lines are (push_disasm_msg(): in order, each on the line
	 * after the previous one's unless "..." came between them).
	 * test_loader reads a stream only after a test run
	 * (annot_prog__reads_stream()); a twc case must have one.
	 */
	struct annot_lines bpf_stream[ANNOT_N_STREAMS];
	/*
	 * __jited("...") (or __jited_unpriv), upstream runs only, after an
	 * __arch of x86_64 (annot_upstream.c drops another architecture's):
	 * lines of the program as the JIT compiled it, read after a
	 * successful load and disassembled as test_loader prints it
	 * (judge/jited.c).  Matched as __xlated is; an __arch tag starts
	 * the lines afresh (the next one is on the line after the previous
	 * match), as test_loader's parse_test_spec() resets it.
	 */
	int n_jited;
	struct annot_msg *jited;	/* malloc'd */
	bool jited_gap;		/* reading the tags: the last one was "..." */
	/*
	 * __load_if_JITed (1) or __load_if_no_JITed (-1), 0 when neither:
	 * test_loader runs the program only when the kernel's JIT is (not)
	 * enabled.  annot_prog__finish() makes it a requirement on the fact
	 * jit_enabled, so a run the condition excludes is a SKIP.
	 */
	int load_jit;
	/*
	 * __btf_path("file") (upstream files): the BTF libbpf takes for the
	 * object's CO-RE relocations instead of the kernel's (test_loader's
	 * btf_custom_path), a file name of the selftests' objects, as
	 * test_progs finds it beside its own; NULL when not annotated.
	 */
	char *btf_path;
	/*
	 * __linear_size(N) (upstream files, SCHED_CLS, SCHED_ACT and
	 * CGROUP_SKB programs): the test run passes a struct __sk_buff whose
	 * data_end is N, the skb's linear area (test_loader's
	 * do_prog_test_run()); 0 is a linear skb, as without the key.
	 */
	bool has_linear_size;
	int linear_size;
	/*
	 * One run of an upstream selftest program (annot_upstream.c), read as
	 * test_loader reads it: the mode is the spec's, not the keys'; an
	 * __auxiliary may carry __success; the last __description wins; an
	 * empty __msg matches anywhere.
	 */
	bool upstream;
	bool expect_implied;	/* upstream: no __success/__failure (a success test) */
	char *error;		/* NULL, or why the annotation is invalid */
};

struct annot_obj {
	int n_progs;
	struct annot_prog *progs;	/* in ELF order */
	char *compiler;		/* producer string of the object, or NULL */
	char *error;		/* NULL, or why the object could not be read */
};

/* Read the annotations of every program in a BPF object file, and add the
 * facts the object implies (annot_obj__kfunc_reqs()) to each program's.
 * Returns 0, or -errno when the file cannot be opened as a BPF object
 * (then obj->error says why).  Per-program problems go to prog->error.
 */
int annot_obj__read(struct annot_obj *obj, const char *path);
/* The compiler that made the object at path: its .comment, else DWARF's
 * producer string; NULL when neither names one (malloc'd). */
char *annot__obj_compiler(const char *path);
void annot_obj__free(struct annot_obj *obj);

/*
 * The facts a case object implies, in *reqs (sorted, no repeats, *n of
 * them; free each and the array): "kfunc:NAME" for each strong kfunc
 * extern, NAME without a "___flavour" suffix as libbpf resolves it (a
 * program whose strong kfunc is missing never reaches the verifier: libbpf
 * refuses the object), and the __requires tags of its kfunc externs (twc.h
 * tags its weak pairs of renamed kfuncs).  A kfunc extern is a FUNC of the
 * ".ksyms" DATASEC in the object's BTF; strong or weak is the binding of its
 * ELF symbol.  Returns 0, or -EINVAL with *error set when an extern carries
 * another annotation or a malformed one, or another -errno.
 */
int annot_obj__kfunc_reqs(const char *path, char ***reqs, int *n, char **error);

/*
 * The name of extern idx of the object at path as libbpf numbers its
 * externs (every __kconfig extern first, then the ".ksyms" ones, kfuncs
 * and typed ksyms, by name: libbpf.c's cmp_externs()), malloc'd; NULL if
 * the object has no such extern (or no BTF, or no memory).  libbpf writes
 * a weak kfunc extern it could not resolve as a call of
 * "unknown#<2002000000 + idx>" (poison_kfunc_call()).
 */
char *annot_obj__extern_name(const char *path, long idx);

/* A well-formed requirement: "kfunc:NAME" (NAME a C identifier),
 * "preempt_rt", "bpf_testmod" (the selftests' test module is loaded),
 * "kconfig" (libbpf can read the kernel's config), "jit_enabled" (the
 * kernel's BPF JIT is on, as test_loader's is_jit_enabled() reads
 * net.core.bpf_jit_enable), either negated with a
 * leading '!', or positive facts joined by '|' (one of them must hold). */
bool annot_req__valid(const char *req);

struct btf;
/* The "comment:" decl tags of the FUNC func_id in source order (the
 * __COUNTER__ of "comment:<N>:"), in *tags (free the array, not the
 * strings: they are btf's).  0 or -ENOMEM. */
int annot_func__tags(const struct btf *btf, int func_id, const char ***tags, int *n);

/* The key part of a decl tag: after "comment:" and an optional "<N>:";
 * NULL when it is no annotation tag. */
const char *annot_tag__body(const char *tag);

/* A prog with nothing annotated (log_level -1). */
void annot_prog__init(struct annot_prog *prog);

/* Parse one decl tag string ("comment:3:test_expect_msg=foo") into prog.
 * Returns 0 or -EINVAL with prog->error set.  Exposed for the tests.
 */
int annot_prog__add_tag(struct annot_prog *prog, const char *tag);

/* Check that the tags of prog agree with each other (__success and
 * __failure, __errno with __success); run after the last add_tag.
 * Returns 0 or -EINVAL with prog->error set.
 */
int annot_prog__finish(struct annot_prog *prog);
void annot_prog__free(struct annot_prog *prog);

/* Whether the guest runs the program once after loading it (test_loader's
 * should_do_test_run()): it has a __retval and is expected to load.
 * Inline: the plan's readers link without the annotation reader. */
static inline bool annot_prog__test_run(const struct annot_prog *prog)
{
	return prog->has_retval && prog->expect != ANNOT_EXPECT_FAILURE;
}

/* Whether the guest reads the translated program after loading it: it
 * has __xlated lines and is expected to load (test_loader reads it after
 * any load; of one that failed it fails the run, which the judge does
 * without asking the guest). */
static inline bool annot_prog__xlated(const struct annot_prog *prog)
{
	return prog->n_xlated && prog->expect != ANNOT_EXPECT_FAILURE;
}

/* Whether the guest reads the BPF stream which (ANNOT_STDOUT,
 * ANNOT_STDERR) after the test run: it has lines for it and is run
 * (test_loader's run_subtest() reads them right after the test run). */
static inline bool annot_prog__reads_stream(const struct annot_prog *prog, int which)
{
	return prog->bpf_stream[which].n && annot_prog__test_run(prog);
}

/* Whether the guest reads the JIT image after loading it: __jited lines
 * and a run expected to load (as annot_prog__xlated()). */
static inline bool annot_prog__jited(const struct annot_prog *prog)
{
	return prog->n_jited && prog->expect != ANNOT_EXPECT_FAILURE;
}

/* Match the __msg/__not_msg list of prog against a log, with the
 * semantics of the selftests' test_loader: positive messages in order,
 * each searched from the end of the previous match; a __not_msg must not
 * occur between the neighbouring positive matches (the whole log when
 * there are none).  A message holding "{{...}}" is a POSIX extended
 * regex outside of which text is literal.
 * Returns 0 when everything matched, 1 on a mismatch with *why set to a
 * malloc'd explanation, -errno on failure (e.g. an invalid regex).
 */
int annot_msgs__check(const struct annot_prog *prog, const char *log, char **why);
/* annot_msgs__check, and on a mismatch the offset in log where it was
 * seen: where the search for the missing message began, or the start of
 * the unexpected one (for showing the log around it). */
int annot_msgs__match(const struct annot_prog *prog, const char *log, char **why,
		      size_t *stop_at);
/*
 * The __xlated lines of prog against the disassembly of the translated
 * program, as test_loader's validate_msgs() matches them: in order, each
 * from the end of the previous match, and a line whose on_next_line is
 * set must match on the line after the previous match's (its first
 * occurrence is the one that counts).  Returns as annot_msgs__match();
 * *stop_at is where the search began, or the match on the wrong line.
 */
int annot_xlated__match(const struct annot_prog *prog, const char *text, char **why,
			size_t *stop_at);
/* The __jited lines of prog against the disassembled JIT image, as
 * annot_xlated__match() matches the __xlated lines. */
int annot_jited__match(const struct annot_prog *prog, const char *text, char **why,
		       size_t *stop_at);

/* The __stdout or __stderr lines of prog (which: ANNOT_STDOUT,
 * ANNOT_STDERR) against what the stream held, as annot_xlated__match()
 * matches (test_loader's validate_msgs() for both). */
int annot_stream__match(const struct annot_prog *prog, int which, const char *text, char **why,
			size_t *stop_at);

/* Compile one message pattern to a POSIX extended regex; the pattern
 * string is returned malloc'd in *re (for the tests and the parser).
 */
int annot_msg__to_regex(const char *text, char **re);

#endif /* TWC_CASE_ANNOT_H */
