// SPDX-License-Identifier: GPL-2.0
/*
 * annot.c: read case annotations from the BTF decl tags of a case object.
 *
 * A tag is "comment:<N>:<key>[=<value>]" (or the older "comment:<key>...").
 * Keys are looked up in one table; each entry says whether the key takes a
 * value and which function applies it.  A key with no function is an
 * upstream key twc knows but does not implement: the case is an ERROR
 * rather than a test that silently checks less than it says.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "case/annot.h"
#include "lib/errnames.h"
#include "lib/file.h"
#include "lib/regex.h"

struct annot_key {
	const char *key;	/* tag key, e.g. "test_expect_msg" */
	const char *macro;	/* what the case author wrote */
	bool value;		/* takes "=<value>" */
	int (*apply)(struct annot_prog *p, const struct annot_key *k, const char *val);
};

/* Set prog->error (the first error wins) and return -EINVAL. */
__attribute__((format(printf, 2, 3)))
static int annot_prog__fail(struct annot_prog *p, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (p->error)
		return -EINVAL;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	p->error = msg;
	return -EINVAL;
}

/* Decimal or 0x-hex integer covering all of s, with a digit ("0x" alone
 * is no number). */
static int parse_long(const char *s, long *out)
{
	bool hex = !strncmp(s, "0x", 2) || !strncmp(s, "0X", 2);
	const char *digits = hex ? s + 2 : s;
	char *end;

	if (!*digits || isspace((unsigned char)*digits))
		return -EINVAL;
	errno = 0;
	*out = strtol(digits, &end, hex ? 16 : 10);
	return errno || *end || end == digits ? -EINVAL : 0;
}

/* Keys ending in "_unpriv" set the unprivileged mode; the others privileged. */
static int note_mode(struct annot_prog *p, const struct annot_key *k)
{
	size_t n = strlen(k->key);

	if (p->upstream)
		return 0;	/* annot_upstream.c gave this spec its mode */
	if (n > 7 && !strcmp(k->key + n - 7, "_unpriv"))
		p->unpriv = true;
	else
		p->priv_keys = true;
	if (p->unpriv && p->priv_keys)
		return annot_prog__fail(p, "%s: privileged and unprivileged expectations on one "
					"program; twc runs one mode per case: split it in two", k->macro);
	return 0;
}

static int apply_expect(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	enum annot_expect e = strncmp(k->key, "test_expect_success", 19) ?
			      ANNOT_EXPECT_FAILURE : ANNOT_EXPECT_SUCCESS;

	if (note_mode(p, k))
		return -EINVAL;
	if (p->expect != ANNOT_EXPECT_NONE && p->expect != e)
		return annot_prog__fail(p, "__success and __failure together");
	p->expect = e;
	return 0;
}

static int apply_auxiliary(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	p->auxiliary = true;
	return 0;
}

/* __auxiliary_unpriv: an auxiliary program of unprivileged runs, which
 * only upstream files have (annot_upstream.c); twc cases run one mode. */
static int apply_auxiliary_unpriv(struct annot_prog *p, const struct annot_key *k,
				  const char *val)
{
	if (!p->upstream)
		return annot_prog__fail(p, "%s ('%s') is not supported by twc yet", k->macro,
					k->key);
	p->auxiliary = true;
	return 0;
}

/* A message or __xlated pattern: not empty (but upstream's, where ""
 * matches anywhere), and a regex that compiles where it has {{...}}. */
static int pattern__check(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	char *re = NULL, *why = NULL;
	regex_t rx;
	int err;

	if (!*val && !p->upstream)	/* test_loader: "" matches anywhere */
		return annot_prog__fail(p, "%s: empty message", k->macro);
	if (!strstr(val, "{{"))
		return 0;
	err = annot_msg__to_regex(val, &re);
	if (err == -ENOMEM)
		return err;
	if (err || (err = regex__compile(&rx, re, REG_EXTENDED | REG_NEWLINE, &why))) {
		free(re);
		err = err == -E2BIG ? annot_prog__fail(p, "%s: regex refused: %s", k->macro,
						      why ? why : val)
				    : annot_prog__fail(p, "%s: malformed regex: '%s'", k->macro, val);
		free(why);
		return err;
	}
	regfree(&rx);
	free(re);
	return 0;
}

static int apply_msg(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	bool negative = !strncmp(k->key, "test_expect_not_msg", 19);
	int err;

	if (note_mode(p, k))
		return -EINVAL;
	if (p->n_msgs >= ANNOT_MAX_MSGS)
		return annot_prog__fail(p, "%s: more than %d messages", k->macro, ANNOT_MAX_MSGS);
	err = pattern__check(p, k, val);
	if (err)
		return err;
	p->msgs[p->n_msgs].negative = negative;
	p->msgs[p->n_msgs].text = strdup(val);
	if (!p->msgs[p->n_msgs].text)
		return -ENOMEM;
	p->n_msgs++;
	return 0;
}

/*
 * One line of a disassembly (__xlated, __jited) into *list, read as
 * test_loader's push_disasm_msg() reads it: "..." is no line but lets the
 * next one match further down; every other line must match on the line
 * after the previous one's.
 */
static int push_disasm(struct annot_prog *p, const struct annot_key *k, const char *val,
		       struct annot_msg **list, int *n, bool *gap)
{
	struct annot_msg *t;
	int err;

	if (!strcmp(val, "...")) {
		*gap = true;
		return 0;
	}
	err = pattern__check(p, k, val);
	if (err)
		return err;
	t = realloc(*list, (*n + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	*list = t;
	t[*n] = (struct annot_msg){ .on_next_line = !*gap, .text = strdup(val) };
	*gap = false;
	return t[(*n)++].text ? 0 : -ENOMEM;
}

/* __xlated(line), __xlated_unpriv(line): a line of the translated program. */
static int apply_xlated(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	if (note_mode(p, k))
		return -EINVAL;
	return push_disasm(p, k, val, &p->xlated, &p->n_xlated, &p->xlated_gap);
}

/*
 * __jited(line), __jited_unpriv(line): a line of the JIT image, in
 * upstream files (annot_upstream.c keeps only those after an __arch of
 * x86_64).  test_loader fails a program whose __jited comes before any
 * __arch; so does twc, as the spec's error.
 */
static int apply_jited(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	if (!p->upstream)
		return annot_prog__fail(p, "%s ('%s') is supported in upstream files only",
					k->macro, k->key);
	if (!p->arch_mask)
		return annot_prog__fail(p, "%s before any __arch: test_loader fails the program",
					k->macro);
	return push_disasm(p, k, val, &p->jited, &p->n_jited, &p->jited_gap);
}

/*
 * __stdout(line), __stderr(line) and their _unpriv forms: a line of the
 * program's BPF stream, read as test_loader reads them, with
 * push_disasm_msg() as __xlated's: "..." lets the next line match
 * further down.
 */
static int apply_stream(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	struct annot_lines *l = &p->bpf_stream[strstr(k->key, "stdout") ? ANNOT_STDOUT :
					       ANNOT_STDERR];
	struct annot_msg *t;
	int err;

	if (note_mode(p, k))
		return -EINVAL;
	if (!strcmp(val, "...")) {
		l->gap = true;
		return 0;
	}
	err = pattern__check(p, k, val);
	if (err)
		return err;
	t = realloc(l->v, (l->n + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	l->v = t;
	t[l->n] = (struct annot_msg){ .on_next_line = !l->gap, .text = strdup(val) };
	l->gap = false;
	return t[l->n++].text ? 0 : -ENOMEM;
}

/* __load_if_JITed() and __load_if_no_JITed(): "load_mode=jited" or
 * "load_mode=no_jited"; upstream's last one holds (annot_prog__finish()
 * turns it into a requirement). */
static int apply_load_mode(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	int v = !strcmp(val, "jited") ? 1 : !strcmp(val, "no_jited") ? -1 : 0;

	if (!v)
		return annot_prog__fail(p, "%s: unknown load mode: '%s'", k->macro, val);
	if (p->load_jit && !p->upstream)
		return annot_prog__fail(p, "%s given twice", k->macro);
	p->load_jit = v;
	return 0;
}

static int apply_log_level(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	long v;

	if (p->log_level >= 0)
		return annot_prog__fail(p, "%s given twice", k->macro);
	/* BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2 | BPF_LOG_STATS | BPF_LOG_FIXED */
	if (parse_long(val, &v) || v < 0 || v > 15)
		return annot_prog__fail(p, "%s: malformed value: '%s'", k->macro, val);
	p->log_level = v;
	return 0;
}

static const struct {
	const char *name;
	uint32_t flag;
} prog_flag_names[] = {
	{ "BPF_F_STRICT_ALIGNMENT", 1U << 0 },
	{ "BPF_F_ANY_ALIGNMENT", 1U << 1 },
	{ "BPF_F_TEST_RND_HI32", 1U << 2 },
	{ "BPF_F_TEST_STATE_FREQ", 1U << 3 },
	{ "BPF_F_SLEEPABLE", 1U << 4 },
	{ "BPF_F_XDP_HAS_FRAGS", 1U << 5 },
	{ "BPF_F_XDP_DEV_BOUND_ONLY", 1U << 6 },
	{ "BPF_F_TEST_REG_INVARIANTS", 1U << 7 },
};

/* __flag(NAME), __flag(!NAME) clears, or a number (upstream). */
static int apply_flag(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	bool clear = val[0] == '!';
	const char *s = val + clear;
	long v = -1;

	for (size_t i = 0; i < sizeof(prog_flag_names) / sizeof(prog_flag_names[0]); i++)
		if (!strcmp(s, prog_flag_names[i].name))
			v = prog_flag_names[i].flag;
	if (v < 0 && (parse_long(s, &v) || v < 0 || v > UINT32_MAX))
		return annot_prog__fail(p, "%s: unknown flag: '%s'", k->macro, val);
	if (clear)
		p->prog_flags &= ~(uint32_t)v;
	else
		p->prog_flags |= (uint32_t)v;
	return 0;
}

/* A string key that may be given once: __description, __xfail. */
static int apply_once(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	char **dst = !strcmp(k->key, "twc_xfail") ? &p->xfail : &p->description;

	if (*dst && p->upstream && dst == &p->description)
		free(*dst), *dst = NULL;	/* test_loader: the last one */
	if (*dst)
		return annot_prog__fail(p, "%s given twice", k->macro);
	if (!*val)
		return annot_prog__fail(p, "%s: empty value", k->macro);
	*dst = strdup(val);
	return *dst ? 0 : -ENOMEM;
}

static const struct {
	const char *name;
	uint32_t mask;
} arch_names[] = {
	{ "X86_64", ANNOT_ARCH_X86_64 }, { "ARM64", ANNOT_ARCH_ARM64 },
	{ "RISCV64", ANNOT_ARCH_RISCV64 }, { "s390x", ANNOT_ARCH_S390X },
	{ "LOONGARCH", ANNOT_ARCH_LOONGARCH },
};

static int apply_arch(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	for (size_t i = 0; i < sizeof(arch_names) / sizeof(arch_names[0]); i++) {
		if (!strcmp(val, arch_names[i].name)) {
			p->arch_mask |= arch_names[i].mask;
			p->jited_gap = false;	/* test_loader: __jited lines start afresh */
			return 0;
		}
	}
	return annot_prog__fail(p, "%s: unknown architecture: '%s'", k->macro, val);
}

/* Rule ids look like "TMR-ARG-08": capitals, digits, dashes. */
static int apply_rule(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	const char *c;

	if (!isupper((unsigned char)val[0]) || !strchr(val, '-'))
		return annot_prog__fail(p, "%s: malformed rule id: '%s'", k->macro, val);
	for (c = val; *c; c++)
		if (!isupper((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '-')
			return annot_prog__fail(p, "%s: malformed rule id: '%s'", k->macro, val);
	if (p->n_rules >= ANNOT_MAX_RULES)
		return annot_prog__fail(p, "%s: more than %d rules", k->macro, ANNOT_MAX_RULES);
	p->rules[p->n_rules] = strdup(val);
	return p->rules[p->n_rules++] ? 0 : -ENOMEM;
}

static int apply_errno(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	int e = errname_parse(val);

	if (p->expected_errno)
		return annot_prog__fail(p, "%s given twice", k->macro);
	if (e <= 0 || (val[0] != 'E' && strncmp(val, "-E", 2)))
		return annot_prog__fail(p, "%s: unknown errno: '%s'", k->macro, val);
	p->expected_errno = e;
	return 0;
}

/*
 * __retval(N), __retval_unpriv(N): the value as upstream's bpf_misc.h
 * stringifies it (XSTR, so macros are expanded: POINTER_VALUE is
 * "0xbadcafe", TEST_DATA_LEN "64", -EFAULT "-14" where errno.h defines
 * it), read as test_loader's parse_retval() reads it: "_INT_MIN", a
 * decimal with an optional sign, or "0x" and hex digits; a value past
 * INT_MAX (0xfffffffe) is its 32-bit two's complement.  A value that does
 * not fit 32 bits is refused (test_loader would cut it silently).
 */
static int apply_retval(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	long v;

	if (note_mode(p, k))
		return -EINVAL;
	if (p->has_retval && !p->upstream)
		return annot_prog__fail(p, "%s given twice", k->macro);
	if (!strcmp(val, "_INT_MIN"))
		v = INT32_MIN;
	else if (parse_long(val, &v) || v < INT32_MIN || v > UINT32_MAX)
		return annot_prog__fail(p, "%s: not a 32-bit number: '%s'", k->macro, val);
	p->has_retval = true;	/* upstream: the last one holds */
	p->retval = (int32_t)(uint32_t)v;
	return 0;
}

/* One fact of n characters: "kfunc:NAME" (NAME a C identifier), "preempt_rt",
 * "bpf_testmod", "kconfig" or "jit_enabled". */
static bool fact__valid(const char *f, size_t n)
{
	if ((n == 10 && !strncmp(f, "preempt_rt", 10)) || (n == 7 && !strncmp(f, "kconfig", 7)) ||
	    (n == 11 && !strncmp(f, "bpf_testmod", 11)) || (n == 11 && !strncmp(f, "jit_enabled", 11)))
		return true;
	if (n <= 6 || strncmp(f, "kfunc:", 6) || isdigit((unsigned char)f[6]))
		return false;
	for (size_t i = 6; i < n; i++)
		if (!isalnum((unsigned char)f[i]) && f[i] != '_')
			return false;
	return true;
}

bool annot_req__valid(const char *req)
{
	const char *f = req + (req[0] == '!'), *bar;

	if (req[0] == '!' && strchr(f, '|'))
		return false;	/* "none of them" is not a fact twc needs */
	for (;; f = bar + 1) {
		bar = strchr(f, '|');
		if (!fact__valid(f, bar ? (size_t)(bar - f) : strlen(f)))
			return false;
		if (!bar)
			return true;
	}
}

/* Add a requirement unless the program has it already. */
static int annot_prog__add_req(struct annot_prog *p, const char *macro, const char *req)
{
	for (int i = 0; i < p->n_reqs; i++)
		if (!strcmp(p->reqs[i], req))
			return 0;
	if (p->n_reqs >= ANNOT_MAX_REQS)
		return annot_prog__fail(p, "%s: more than %d facts", macro, ANNOT_MAX_REQS);
	p->reqs[p->n_reqs] = strdup(req);
	return p->reqs[p->n_reqs++] ? 0 : -ENOMEM;
}

static int apply_requires(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	if (!annot_req__valid(val))
		return annot_prog__fail(p, "%s: unknown fact: '%s'", k->macro, val);
	return annot_prog__add_req(p, k->macro, val);
}

static const struct {
	const char *name;
	int cap;
} cap_names[] = {
	{ "CAP_NET_ADMIN", 12 }, { "CAP_SYS_ADMIN", 21 }, { "CAP_PERFMON", 38 },
	{ "CAP_BPF", 39 },
};

/* __caps_unpriv(CAP_BPF|CAP_PERFMON): names or numbers, '|' or ',' between. */
static int apply_caps(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	char *copy = strdup(val), *save = NULL, *tok;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	p->unpriv = true;
	for (tok = strtok_r(copy, "|, ", &save); tok && !err; tok = strtok_r(NULL, "|, ", &save)) {
		long cap = -1;

		for (size_t i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
			if (!strcmp(tok, cap_names[i].name))
				cap = cap_names[i].cap;
		if (cap < 0 && (parse_long(tok, &cap) || cap < 0 || cap > 63))
			err = annot_prog__fail(p, "%s: unknown capability: '%s'", k->macro, tok);
		else
			p->caps_keep |= 1ULL << cap;
	}
	free(copy);
	return err ?: note_mode(p, k);
}

/* __btf_path(file) (upstream files): libbpf opens the object with this
 * BTF for its CO-RE relocations instead of the kernel's (test_loader's
 * btf_custom_path), a file name of the selftests' objects
 * (corpus_upstream.c finds it).  The last one holds, as in test_loader. */
static int apply_btf_path(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	if (!p->upstream)
		return annot_prog__fail(p, "%s ('%s') is supported in upstream files only",
					k->macro, k->key);
	if (!*val || strspn(val, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789_.+-") != strlen(val) || val[0] == '.')
		return annot_prog__fail(p, "%s: not a file name of the selftests' objects "
					"(letters, digits and _ . + - only): '%s'", k->macro, val);
	free(p->btf_path);
	p->btf_path = strdup(val);
	return p->btf_path ? 0 : -ENOMEM;
}

/* __linear_size(N) (upstream files): the test run's skb has a linear area
 * of N bytes, 0 a linear skb (test_loader's parse_int(); the program
 * type is checked where it is known, annot_upstream.c). */
static int apply_linear_size(struct annot_prog *p, const struct annot_key *k, const char *val)
{
	long v;

	if (!p->upstream)
		return annot_prog__fail(p, "%s ('%s') is supported in upstream files only",
					k->macro, k->key);
	if (parse_long(val, &v) || v < 0 || v > INT32_MAX)
		return annot_prog__fail(p, "%s: not a size: '%s'", k->macro, val);
	p->has_linear_size = true;
	p->linear_size = v;
	return 0;
}

/* Every key twc knows; apply == NULL: known upstream, not implemented. */
static const struct annot_key annot_keys[] = {
	{ "test_expect_success", "__success", false, apply_expect },
	{ "test_expect_failure", "__failure", false, apply_expect },
	{ "test_expect_msg", "__msg", true, apply_msg },
	{ "test_expect_not_msg", "__not_msg", true, apply_msg },
	{ "test_log_level", "__log_level", true, apply_log_level },
	{ "test_prog_flags", "__flag", true, apply_flag },
	{ "test_description", "__description", true, apply_once },
	{ "test_auxiliary", "__auxiliary", false, apply_auxiliary },
	{ "test_arch", "__arch", true, apply_arch },
	{ "twc_rule", "__rule", true, apply_rule },
	{ "twc_errno", "__errno", true, apply_errno },
	{ "twc_requires", "__requires", true, apply_requires },
	{ "twc_xfail", "__xfail", true, apply_once },
	{ "test_expect_success_unpriv", "__success_unpriv", false, apply_expect },
	{ "test_expect_failure_unpriv", "__failure_unpriv", false, apply_expect },
	{ "test_expect_msg_unpriv", "__msg_unpriv", true, apply_msg },
	{ "test_expect_not_msg_unpriv", "__not_msg_unpriv", true, apply_msg },
	{ "test_auxiliary_unpriv", "__auxiliary_unpriv", false, apply_auxiliary_unpriv },
	{ "test_caps_unpriv", "__caps_unpriv", true, apply_caps },
	{ "test_expect_xlated", "__xlated", true, apply_xlated },
	{ "test_expect_xlated_unpriv", "__xlated_unpriv", true, apply_xlated },
	{ "test_jited", "__jited", true, apply_jited },
	{ "test_jited_unpriv", "__jited_unpriv", true, apply_jited },
	{ "test_retval", "__retval", true, apply_retval },
	{ "test_retval_unpriv", "__retval_unpriv", true, apply_retval },
	{ "test_btf_path", "__btf_path", true, apply_btf_path },
	{ "test_btf_func_path", "__btf_func_path", true, NULL },
	{ "test_expect_stderr", "__stderr", true, apply_stream },
	{ "test_expect_stderr_unpriv", "__stderr_unpriv", true, apply_stream },
	{ "test_expect_stdout", "__stdout", true, apply_stream },
	{ "test_expect_stdout_unpriv", "__stdout_unpriv", true, apply_stream },
	{ "test_linear_size", "__linear_size", true, apply_linear_size },
	{ "load_mode", "__load_if_JITed/__load_if_no_JITed", true, apply_load_mode },
};

const char *annot_tag__body(const char *tag)
{
	const char *s;

	if (strncmp(tag, "comment:", 8))
		return NULL;
	s = tag + 8;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == ':' && s > tag + 8 ? s + 1 : tag + 8;
}

void annot_prog__init(struct annot_prog *prog)
{
	memset(prog, 0, sizeof(*prog));
	prog->log_level = -1;
}

int annot_prog__add_tag(struct annot_prog *prog, const char *tag)
{
	const char *body = annot_tag__body(tag), *eq;
	size_t klen;

	if (!body)
		return annot_prog__fail(prog, "not an annotation tag: '%s'", tag);
	eq = strchr(body, '=');
	klen = eq ? (size_t)(eq - body) : strlen(body);
	for (size_t i = 0; i < sizeof(annot_keys) / sizeof(annot_keys[0]); i++) {
		const struct annot_key *k = &annot_keys[i];

		if (strlen(k->key) != klen || strncmp(k->key, body, klen))
			continue;
		if (!k->apply)
			return annot_prog__fail(prog, "%s ('%s') is not supported by twc yet",
						k->macro, k->key);
		if (k->value && !eq)
			return annot_prog__fail(prog, "%s ('%s') needs a value", k->macro, k->key);
		if (!k->value && eq)
			return annot_prog__fail(prog, "%s ('%s') takes no value: '%s'",
						k->macro, k->key, body);
		return k->apply(prog, k, eq ? eq + 1 : NULL);
	}
	return annot_prog__fail(prog, "unknown annotation key '%.*s'", (int)klen, body);
}

int annot_prog__finish(struct annot_prog *prog)
{
	if (prog->error)
		return -EINVAL;
	if (prog->expected_errno && prog->expect != ANNOT_EXPECT_FAILURE)
		return annot_prog__fail(prog, "__errno without __failure");
	if (prog->auxiliary && prog->expect != ANNOT_EXPECT_NONE && !prog->upstream)
		return annot_prog__fail(prog, "__auxiliary with __success or __failure");
	/* test_loader runs no program expected to fail; a twc case says so */
	if (prog->has_retval && prog->expect == ANNOT_EXPECT_FAILURE && !prog->upstream)
		return annot_prog__fail(prog, "__retval with __failure: a rejected program "
					"never runs");
	/* test_loader fails such a run: a rejected program has nothing to read */
	if (prog->n_xlated && prog->expect == ANNOT_EXPECT_FAILURE && !prog->upstream)
		return annot_prog__fail(prog, "__xlated with __failure: a rejected program "
					"has no translated instructions");
	/* test_loader reads the streams after a test run only: a twc case
	 * whose lines would never be checked says so */
	for (int i = 0; i < ANNOT_N_STREAMS && !prog->upstream; i++)
		if (prog->bpf_stream[i].n && !annot_prog__test_run(prog))
			return annot_prog__fail(prog, "%s without a test run (__retval, and not "
						"__failure): the stream is read after it",
						i == ANNOT_STDOUT ? "__stdout" : "__stderr");
	if (prog->load_jit)
		return annot_prog__add_req(prog, "__load_if_JITed/__load_if_no_JITed",
					   prog->load_jit > 0 ? "jit_enabled" : "!jit_enabled");
	return 0;
}

void annot_prog__free(struct annot_prog *prog)
{
	int i;

	free(prog->name);
	free(prog->section);
	free(prog->description);
	free(prog->xfail);
	free(prog->btf_path);
	free(prog->error);
	for (i = 0; i < prog->n_msgs; i++)
		free(prog->msgs[i].text);
	for (i = 0; i < prog->n_xlated; i++)
		free(prog->xlated[i].text);
	free(prog->xlated);
	for (int s = 0; s < ANNOT_N_STREAMS; s++) {
		for (i = 0; i < prog->bpf_stream[s].n; i++)
			free(prog->bpf_stream[s].v[i].text);
		free(prog->bpf_stream[s].v);
	}
	for (i = 0; i < prog->n_jited; i++)
		free(prog->jited[i].text);
	free(prog->jited);
	for (i = 0; i < prog->n_rules; i++)
		free(prog->rules[i]);
	for (i = 0; i < prog->n_reqs; i++)
		free(prog->reqs[i]);
	annot_prog__init(prog);
}

/* A decl tag of a FUNC, with the order key the tag carries. */
struct tag_ref {
	const char *str;
	long counter;	/* <N> of "comment:<N>:", LONG_MAX for the old form */
	int id;		/* BTF id: the order among tags of the old form */
};

static int tag_ref__cmp(const void *a, const void *b)
{
	const struct tag_ref *x = a, *y = b;

	if (x->counter != y->counter)
		return x->counter < y->counter ? -1 : 1;
	return x->id - y->id;
}

int annot_func__tags(const struct btf *btf, int func_id, const char ***tags, int *n_tags)
{
	int n = btf__type_cnt(btf), cnt = 0, i;
	struct tag_ref *refs = calloc(n, sizeof(*refs));

	*tags = NULL, *n_tags = 0;
	if (!refs)
		return -ENOMEM;
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *s, *c;

		if (!btf_is_decl_tag(t) || t->type != (unsigned)func_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		s = btf__name_by_offset(btf, t->name_off);
		if (!s || strncmp(s, "comment:", 8))
			continue;	/* another attribute, not an annotation */
		refs[cnt] = (struct tag_ref){ .str = s, .counter = LONG_MAX, .id = i };
		for (c = s + 8; isdigit((unsigned char)*c); c++)
			;
		if (*c == ':' && c > s + 8)
			refs[cnt].counter = strtol(s + 8, NULL, 10);
		cnt++;
	}
	qsort(refs, cnt, sizeof(*refs), tag_ref__cmp);
	*tags = calloc(cnt ? cnt : 1, sizeof(**tags));
	for (i = 0; *tags && i < cnt; i++)
		(*tags)[i] = refs[i].str;
	free(refs);
	*n_tags = *tags ? cnt : 0;
	return *tags ? 0 : -ENOMEM;
}

/* Apply the "comment:" decl tags of one FUNC in source order. */
static int annot_prog__read_tags(struct annot_prog *p, const struct btf *btf, int func_id)
{
	const char **tags;
	int n, err = annot_func__tags(btf, func_id, &tags, &n);

	for (int i = 0; i < n && err != -ENOMEM; i++)
		err = annot_prog__add_tag(p, tags[i]);
	free(tags);
	if (err == -ENOMEM)
		return err;
	annot_prog__finish(p);
	return 0;
}

/* libbpf's last message while opening, for the error of an unreadable object. */
static char libbpf_last[512];

static int libbpf_capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_DEBUG)
		vsnprintf(libbpf_last, sizeof(libbpf_last), fmt, ap);
	return 0;
}

char *annot__obj_compiler(const char *path)
{
	static const char *const sections[] = { ".comment", ".debug_str" };
	char *found = NULL;
	size_t shstrndx;
	Elf *elf = NULL;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx))
		goto cleanup;
	for (size_t s = 0; s < 2 && !found; s++) {
		Elf_Scn *scn = NULL;
		GElf_Shdr sh;

		while (!found && (scn = elf_nextscn(elf, scn))) {
			const char *name;
			Elf_Data *d;

			if (!gelf_getshdr(scn, &sh) ||
			    !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
			    strcmp(name, sections[s]) || !(d = elf_getdata(scn, NULL)))
				continue;
			for (size_t off = 0; off < d->d_size && !found;
			     off += strnlen((char *)d->d_buf + off, d->d_size - off) + 1) {
				const char *str = (char *)d->d_buf + off;

				if (memmem(str, strnlen(str, d->d_size - off), " version ", 9))
					found = strndup(str, strnlen(str, d->d_size - off));
			}
		}
	}
cleanup:
	elf_end(elf);
	close(fd);
	return found;
}

/* Add the facts the object implies to every program's own; a problem
 * with them is every program's. */
static int annot_obj__add_kfunc_reqs(struct annot_obj *obj, const char *path)
{
	char **reqs, *error;
	int n, ret = 0, err = annot_obj__kfunc_reqs(path, &reqs, &n, &error);

	for (int i = 0; i < obj->n_progs && err != -ENOMEM && !ret; i++) {
		struct annot_prog *p = &obj->progs[i];

		if (err)
			annot_prog__fail(p, "%s", error ? error :
					 "cannot read the object's kfunc externs");
		for (int r = 0; r < n && !ret; r++)
			ret = annot_prog__add_req(p, "kfunc extern", reqs[r]) == -ENOMEM ? -ENOMEM : 0;
	}
	for (int r = 0; r < n; r++)
		free(reqs[r]);
	free(reqs);
	free(error);
	return err == -ENOMEM ? err : ret;
}

/* Fill one program's annotation from libbpf's view and the object's BTF. */
static int annot_prog__read(struct annot_prog *p, const struct bpf_program *prog,
			    const struct btf *btf)
{
	int func_id;

	annot_prog__init(p);
	p->name = strdup(bpf_program__name(prog));
	p->section = strdup(bpf_program__section_name(prog));
	if (!p->name || !p->section)
		return -ENOMEM;
	func_id = btf ? btf__find_by_name_kind(btf, p->name, BTF_KIND_FUNC) : -ENOENT;
	if (func_id < 0) {
		annot_prog__fail(p, "no BTF FUNC for program '%s' (compiled without -g?)",
				 p->name);
		return 0;
	}
	return annot_prog__read_tags(p, btf, func_id);
}

int annot_obj__read(struct annot_obj *obj, const char *path)
{
	libbpf_print_fn_t old = libbpf_set_print(libbpf_capture);
	struct bpf_program *prog;
	struct bpf_object *o;
	int n = 0, err = 0;

	memset(obj, 0, sizeof(*obj));
	libbpf_last[0] = 0;
	o = bpf_object__open_file(path, NULL);
	libbpf_set_print(old);
	if (!o) {
		err = -errno;
		libbpf_last[strcspn(libbpf_last, "\n")] = 0;
		if (asprintf(&obj->error, "libbpf cannot open the object: %s",
			     libbpf_last[0] ? libbpf_last : ESYM(err)) < 0)
			obj->error = NULL;
		return err;
	}
	bpf_object__for_each_program(prog, o)
		n++;
	obj->progs = calloc(n ? n : 1, sizeof(*obj->progs));
	if (!obj->progs) {
		err = -ENOMEM;
		goto cleanup;
	}
	bpf_object__for_each_program(prog, o) {
		err = annot_prog__read(&obj->progs[obj->n_progs++], prog, bpf_object__btf(o));
		if (err)
			goto cleanup;
	}
	err = annot_obj__add_kfunc_reqs(obj, path);
	obj->compiler = annot__obj_compiler(path);
cleanup:
	bpf_object__close(o);
	return err;
}

void annot_obj__free(struct annot_obj *obj)
{
	for (int i = 0; i < obj->n_progs; i++)
		annot_prog__free(&obj->progs[i]);
	free(obj->progs);
	free(obj->compiler);
	free(obj->error);
	memset(obj, 0, sizeof(*obj));
}
