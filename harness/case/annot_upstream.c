// SPDX-License-Identifier: GPL-2.0
/*
 * annot_upstream.c: the annotations of an upstream selftest object, read
 * as test_loader's parse_test_spec() reads them (upstream.h): the tags of
 * each program split into its privileged and unprivileged runs, each run
 * parsed by annot.c's keys into a spec of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "case/annot.h"
#include "case/upstream.h"
#include "lib/file.h"

/* What a key is to a run.  RUN keys exist per run: the unprivileged run
 * takes its own (the *_unpriv form) when it has one of the group, else the
 * privileged ones (test_loader's clone_msgs() and has_unpriv_result). */
enum tag_role {
	TAG_COMMON,	/* both runs (log level, flags, arch, description, ...) */
	TAG_RUN,	/* one run's expectation of a group, below */
	TAG_AUX,	/* __auxiliary(_unpriv): both specs, marks one mode */
	TAG_CAPS,	/* __caps_unpriv: the unprivileged run only */
};

static const struct {
	const char *key;
	enum tag_role role;
	bool unpriv;
	int group;	/* TAG_RUN: which keys stand in for each other */
	bool mode;	/* the key gives the program a run of its mode */
} upstream_keys[] = {
	{ "test_expect_success", TAG_RUN, false, 0, true },
	{ "test_expect_failure", TAG_RUN, false, 0, true },
	{ "test_expect_success_unpriv", TAG_RUN, true, 0, true },
	{ "test_expect_failure_unpriv", TAG_RUN, true, 0, true },
	{ "test_expect_msg", TAG_RUN, false, 1, true },
	{ "test_expect_not_msg", TAG_RUN, false, 1, true },
	{ "test_expect_msg_unpriv", TAG_RUN, true, 1, true },
	{ "test_expect_not_msg_unpriv", TAG_RUN, true, 1, true },
	{ "test_expect_xlated", TAG_RUN, false, 2, true },
	{ "test_expect_xlated_unpriv", TAG_RUN, true, 2, true },
	{ "test_jited", TAG_RUN, false, 3, true },
	{ "test_jited_unpriv", TAG_RUN, true, 3, true },
	{ "test_retval", TAG_RUN, false, 4, true },
	{ "test_retval_unpriv", TAG_RUN, true, 4, true },
	{ "test_expect_stderr", TAG_RUN, false, 5, false },
	{ "test_expect_stderr_unpriv", TAG_RUN, true, 5, false },
	{ "test_expect_stdout", TAG_RUN, false, 6, false },
	{ "test_expect_stdout_unpriv", TAG_RUN, true, 6, false },
	{ "test_auxiliary", TAG_AUX, false, 0, true },
	{ "test_auxiliary_unpriv", TAG_AUX, true, 0, true },
	{ "test_caps_unpriv", TAG_CAPS, true, 0, true },
};
#define N_GROUPS 7

/* One tag as a run sees it: its key's entry, or -1 (a common key). */
struct tag_info {
	int key;
	bool skip;	/* __jited for another architecture: ignored */
};

/* The key of "comment:<N>:<key>[=<value>]" (or "comment:<key>..."). */
static int tag__key(const char *tag)
{
	const char *s = tag + strlen("comment:");
	size_t n;

	while (*s >= '0' && *s <= '9')
		s++;
	s = *s == ':' ? s + 1 : tag + strlen("comment:");
	n = strcspn(s, "=");
	for (size_t i = 0; i < sizeof(upstream_keys) / sizeof(upstream_keys[0]); i++)
		if (strlen(upstream_keys[i].key) == n && !strncmp(upstream_keys[i].key, s, n))
			return i;
	return -1;
}

/* Classify every tag; the modes the program has (none given: privileged).
 * __jited counts only after an __arch of x86_64, as test_loader collects
 * it only for the architecture it runs on. */
static unsigned int tags__classify(const char *const *tags, int n, struct tag_info *info,
				   bool has_own[N_GROUPS])
{
	unsigned int modes = 0;
	bool x86 = true;

	for (int i = 0; i < n; i++) {
		int k = tag__key(tags[i]);
		const char *arch = strstr(tags[i], ":test_arch=");

		if (arch)
			x86 = !strcmp(arch + strlen(":test_arch="), "X86_64");
		info[i] = (struct tag_info){ .key = k };
		if (k < 0)
			continue;
		info[i].skip = upstream_keys[k].group == 3 && upstream_keys[k].role == TAG_RUN &&
			       !x86;
		if (info[i].skip)
			continue;
		if (upstream_keys[k].mode)
			modes |= upstream_keys[k].unpriv ? UPSTREAM_UNPRIV : UPSTREAM_PRIV;
		if (upstream_keys[k].role == TAG_RUN && upstream_keys[k].unpriv)
			has_own[upstream_keys[k].group] = true;
	}
	return modes ?: UPSTREAM_PRIV;
}

/* Whether the run (unpriv or not) takes tag i. */
static bool tag__in_run(const struct tag_info *t, bool unpriv, const bool has_own[N_GROUPS])
{
	if (t->skip)
		return false;
	if (t->key < 0)
		return true;
	switch (upstream_keys[t->key].role) {
	case TAG_COMMON:
	case TAG_AUX:
		return true;
	case TAG_CAPS:
		return unpriv;
	case TAG_RUN:
		if (!unpriv)
			return !upstream_keys[t->key].unpriv;
		return upstream_keys[t->key].unpriv == has_own[upstream_keys[t->key].group];
	}
	return false;
}

/* One run's spec from the tags it takes. */
static int spec__read(struct annot_prog *p, const char *name, const char *section, bool unpriv,
		      const char *const *tags, const struct tag_info *info, int n,
		      const bool has_own[N_GROUPS])
{
	int err = 0;

	annot_prog__init(p);
	p->upstream = true;
	p->unpriv = unpriv;
	p->prog_flags = UPSTREAM_DEFAULT_FLAGS;
	p->name = strdup(name);
	p->section = strdup(section);
	if (!p->name || !p->section)
		return -ENOMEM;
	for (int i = 0; i < n && err != -ENOMEM; i++)
		if (tag__in_run(&info[i], unpriv, has_own))
			err = annot_prog__add_tag(p, tags[i]);
	if (err == -ENOMEM)
		return err;
	p->expect_implied = p->expect == ANNOT_EXPECT_NONE;
	if (p->expect == ANNOT_EXPECT_NONE)
		p->expect = ANNOT_EXPECT_SUCCESS;	/* RUN_TESTS: a success test */
	annot_prog__finish(p);
	return 0;
}

int upstream_prog__specs(const char *name, const char *section, const char *const *tags,
			 int n_tags, struct annot_prog *priv, struct annot_prog *unpriv,
			 unsigned int *modes)
{
	struct tag_info *info = calloc(n_tags ? n_tags : 1, sizeof(*info));
	bool has_own[N_GROUPS] = {};
	int err = 0;

	annot_prog__init(priv);
	annot_prog__init(unpriv);
	if (!info)
		return -ENOMEM;
	*modes = tags__classify(tags, n_tags, info, has_own);
	if (*modes & UPSTREAM_PRIV)
		err = spec__read(priv, name, section, false, tags, info, n_tags, has_own);
	if (!err && (*modes & UPSTREAM_UNPRIV))
		err = spec__read(unpriv, name, section, true, tags, info, n_tags, has_own);
	free(info);
	return err;
}

/* A list of strings without repeats. */
struct needs {
	int n;
	char *v[ANNOT_MAX_REQS];
};

static int needs__add(struct needs *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 0;
	if (l->n == ANNOT_MAX_REQS)
		return 0;	/* the spec says "more than N facts" when told */
	l->v[l->n] = strdup(s);
	return l->v[l->n++] ? 0 : -ENOMEM;
}

/* The FUNC externs of .ksyms that are the test module's, and the CONFIG_*
 * externs of .kconfig, read from the object's BTF. */
static int needs__from_btf(struct needs *l, const char *path, const struct upstream_list *list)
{
	struct btf *btf = btf__parse_elf(path, NULL);
	int err = 0;

	if (!btf)
		return errno == ENODATA ? 0 : -errno;
	for (int id = 1; id < (int)btf__type_cnt(btf) && !err; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *sec = btf__name_by_offset(btf, t->name_off);
		const struct btf_var_secinfo *vs = btf_is_datasec(t) ? btf_var_secinfos(t) : NULL;

		for (int i = 0; vs && i < (int)btf_vlen(t) && !err; i++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);
			const char *name = btf__name_by_offset(btf, v->name_off);

			if (!strcmp(sec, ".ksyms") && btf_is_func(v) &&
			    upstream_list__is_testmod(list, name))
				err = needs__add(l, "bpf_testmod");
			else if (!strcmp(sec, ".kconfig") && !strncmp(name, "CONFIG_", 7))
				err = needs__add(l, "kconfig");
		}
	}
	btf__free(btf);
	return err;
}

/* What the object needs from the kernel (upstream.h); *error when its
 * kfunc externs cannot be read. */
static int needs__read(struct needs *l, const char *path, const struct upstream_list *list,
		       char **error)
{
	char **kreqs;
	int n, err = annot_obj__kfunc_reqs(path, &kreqs, &n, error);

	for (int i = 0; i < n; i++) {
		bool testmod = !strncmp(kreqs[i], "kfunc:", 6) &&
			       upstream_list__is_testmod(list, kreqs[i] + 6);

		if (!err)
			err = needs__add(l, testmod ? "bpf_testmod" : kreqs[i]);
		free(kreqs[i]);
	}
	free(kreqs);
	if (err == -EINVAL && *error)
		err = 0;	/* every spec gets the error */
	return err ?: needs__from_btf(l, path, list);
}

/* Give every spec of obj the object's needs, as __requires. */
static int specs__need(struct annot_obj *obj, const char *path, const struct upstream_list *l)
{
	struct needs needs = {};
	char *error = NULL, tag[128];
	int err = needs__read(&needs, path, l, &error);

	if (err && err != -ENOMEM && !error &&
	    asprintf(&error, "cannot read the object's externs: %s", strerror(-err)) < 0)
		error = NULL;
	err = err == -ENOMEM || (err && !error) ? -ENOMEM : 0;
	for (int s = 0; s < obj->n_progs && !err; s++) {
		for (int i = 0; i < needs.n && err != -ENOMEM; i++) {
			snprintf(tag, sizeof(tag), "comment:twc_requires=%s", needs.v[i]);
			err = annot_prog__add_tag(&obj->progs[s], tag);
		}
		if (err != -ENOMEM && error && !obj->progs[s].error)
			obj->progs[s].error = strdup(error);
		err = err == -ENOMEM ? err : 0;
	}
	for (int i = 0; i < needs.n; i++)
		free(needs.v[i]);
	free(error);
	return err;
}

/* __linear_size is for the program types whose test run takes a struct
 * __sk_buff with data_end (test_loader's parse_test_spec() fails any
 * other); the spec's error then, with test_loader's words. */
static int spec__check_linear(struct annot_prog *p, const struct bpf_program *prog)
{
	switch (bpf_program__type(prog)) {
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_CGROUP_SKB:
		return 0;
	default:
		if (!p->has_linear_size || p->error)
			return 0;
		return (p->error = strdup("__linear_size for unsupported program type")) ? 0 :
		       -ENOMEM;
	}
}

/* The runs of one program, appended to obj->progs. */
static int specs__add_prog(struct annot_obj *obj, const struct bpf_program *prog,
			   const struct btf *btf)
{
	const char *name = bpf_program__name(prog), **tags = NULL;
	int id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -ENOENT, n = 0, err;
	struct annot_prog priv, unpriv;
	unsigned int modes;

	err = id > 0 ? annot_func__tags(btf, id, &tags, &n) : 0;
	err = err ?: upstream_prog__specs(name, bpf_program__section_name(prog),
					  (const char *const *)tags, n, &priv, &unpriv, &modes);
	free(tags);
	if (!err && id <= 0 && !priv.error)
		err = asprintf(&priv.error, "no BTF FUNC for program '%s' (compiled without -g?)",
			       name) < 0 ? -ENOMEM : 0;
	err = err ?: spec__check_linear(&priv, prog) ?: spec__check_linear(&unpriv, prog);
	if (!err && (modes & UPSTREAM_PRIV))
		obj->progs[obj->n_progs++] = priv;
	else
		annot_prog__free(&priv);
	if (!err && (modes & UPSTREAM_UNPRIV))
		obj->progs[obj->n_progs++] = unpriv;
	else
		annot_prog__free(&unpriv);
	return err;
}

/* libbpf's last message while opening, for the error of an unreadable object. */
static char open_msg[512];

static int open_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_DEBUG)
		vsnprintf(open_msg, sizeof(open_msg), fmt, ap);
	return 0;
}

/* The compiler of an upstream object: the linked object (bpftool gen
 * object, as test_progs links its objects) keeps no .comment and no DWARF,
 * so the build writes <object>.compiler beside it. */
static char *upstream_obj__compiler(const char *path)
{
	char *side, *text = NULL;
	size_t len;

	if (asprintf(&side, "%s.compiler", path) < 0)
		return NULL;
	if (file__read(side, &text, &len))
		text = annot__obj_compiler(path);
	else
		text[strcspn(text, "\n")] = 0;
	free(side);
	return text;
}

int annot_obj__read_upstream(struct annot_obj *obj, const char *path,
			     const struct upstream_list *l)
{
	libbpf_print_fn_t old = libbpf_set_print(open_print);
	struct bpf_object *o;
	struct bpf_program *prog;
	int n = 0, err = 0;

	memset(obj, 0, sizeof(*obj));
	open_msg[0] = 0;
	o = bpf_object__open_file(path, NULL);
	libbpf_set_print(old);
	if (!o) {
		err = -errno;
		open_msg[strcspn(open_msg, "\n")] = 0;
		if (asprintf(&obj->error, "libbpf cannot open the object: %s",
			     open_msg[0] ? open_msg : strerror(-err)) < 0)
			obj->error = NULL;
		return err;
	}
	bpf_object__for_each_program(prog, o)
		n++;
	obj->progs = calloc(2 * n + 1, sizeof(*obj->progs));
	err = obj->progs ? 0 : -ENOMEM;
	bpf_object__for_each_program(prog, o)
		err = err ?: specs__add_prog(obj, prog, bpf_object__btf(o));
	bpf_object__close(o);
	obj->compiler = err ? NULL : upstream_obj__compiler(path);
	return err ?: specs__need(obj, path, l);
}
