// SPDX-License-Identifier: GPL-2.0
/*
 * btfcase.c: the BTF case language (btfcase.h): parser, BTF builder and the
 * text form of the kernel's own BTF.  Compiled into the host tool (which
 * validates cases and reports a malformed one as an ERROR naming the line
 * and the field) and into the guest loader (which runs them), so both read
 * a case the same way.  No system calls here: the guest's side of running
 * a case is btfcase_run.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

#include <bpf/btf.h>

#include "btfcase.h"
#include "errnames.h"

/* Parser state: the case being filled, the line being read. */
struct parser {
	struct btfcase *bc;
	int line;
	int ntok;
	char *tok[64];
	int composite;		/* type index that field/var lines add to, -1 */
	bool in_header;		/* still in the leading comment block */
};

/* ---- names ---- */

static const char *const map_type_names[] = {
	"unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash",
	"percpu_array", "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash",
	"lpm_trie", "array_of_maps", "hash_of_maps", "devmap", "sockmap", "cpumap",
	"xskmap", "sockhash", "cgroup_storage", "reuseport_sockarray",
	"percpu_cgroup_storage", "queue", "stack", "sk_storage", "devmap_hash",
	"struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter",
	"user_ringbuf", "cgrp_storage", "arena", "insn_array", "rhash",
};

#define N_MAP_TYPES (int)(sizeof(map_type_names) / sizeof(map_type_names[0]))

static const struct {
	const char *name;
	uint32_t bit;
} map_flags[] = {
	{ "BPF_F_NO_PREALLOC", 1 << 0 }, { "BPF_F_NO_COMMON_LRU", 1 << 1 },
	{ "BPF_F_NUMA_NODE", 1 << 2 }, { "BPF_F_RDONLY", 1 << 3 },
	{ "BPF_F_WRONLY", 1 << 4 }, { "BPF_F_STACK_BUILD_ID", 1 << 5 },
	{ "BPF_F_ZERO_SEED", 1 << 6 }, { "BPF_F_RDONLY_PROG", 1 << 7 },
	{ "BPF_F_WRONLY_PROG", 1 << 8 }, { "BPF_F_CLONE", 1 << 9 },
	{ "BPF_F_MMAPABLE", 1 << 10 }, { "BPF_F_PRESERVE_ELEMS", 1 << 11 },
	{ "BPF_F_INNER_MAP", 1 << 12 }, { "BPF_F_LINK", 1 << 13 },
	{ "BPF_F_PATH_FD", 1 << 14 }, { "BPF_F_VTYPE_BTF_OBJ_FD", 1 << 15 },
	{ "BPF_F_TOKEN_FD", 1 << 16 }, { "BPF_F_SEGV_ON_FAULT", 1 << 17 },
	{ "BPF_F_NO_USER_CONV", 1 << 18 }, { "BPF_F_RB_OVERWRITE", 1 << 19 },
};

static const char *const probe_names[BTFCASE_PROBE__COUNT] = {
	"timer-init", "timer-setcb", "timer-start", "timer-cancel", "timer-cancel-async",
	"wq-init", "wq-setcb", "wq-start",
};

static const char *const verb_names[BTFCASE_STEP__COUNT] = {
	"btf", "map", "probe", "run", "update", "delete", "mmap", "freeze", "close", "kernel",
};

const char *btfcase__map_type_name(int map_type)
{
	return map_type > 0 && map_type < N_MAP_TYPES ? map_type_names[map_type] : NULL;
}

int btfcase__map_type_count(void)
{
	return N_MAP_TYPES;
}

const char *btfcase__probe_name(enum btfcase_probe p)
{
	return p < BTFCASE_PROBE__COUNT ? probe_names[p] : "?";
}

const char *btfcase__verb_name(enum btfcase_verb v)
{
	return v < BTFCASE_STEP__COUNT ? verb_names[v] : "?";
}

/* ---- errors ---- */

/* Set the case's error (the first one wins); returns -EINVAL. */
__attribute__((format(printf, 3, 4)))
static int bad(struct parser *ps, const char *field, const char *fmt, ...)
{
	char *what = NULL, *msg = NULL;
	va_list ap;

	if (ps->bc->error)
		return -EINVAL;
	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	if (what && asprintf(&msg, "line %d: field '%s': %s", ps->line, field, what) < 0)
		msg = NULL;
	free(what);
	ps->bc->error = msg;
	return msg ? -EINVAL : -ENOMEM;
}

/* ---- small parsers ---- */

/* A whole token as an unsigned number (decimal or 0x hex) up to max. */
static int parse_u64(struct parser *ps, const char *field, const char *s, uint64_t max,
		     uint64_t *v)
{
	char *end;

	errno = 0;
	*v = s[0] == '-' ? 0 : strtoull(s, &end, 0);
	if (s[0] == '-' || !s[0] || errno || *end || *v > max)
		return bad(ps, field, "not a number up to %llu: '%s'", (unsigned long long)max, s);
	return 0;
}

static int parse_u32(struct parser *ps, const char *field, const char *s, uint32_t *v)
{
	uint64_t x;
	int err = parse_u64(ps, field, s, UINT32_MAX, &x);

	*v = x;
	return err;
}

/* "ok" (0) or an errno name ("-EINVAL", "EINVAL") as -errno. */
static int parse_outcome(struct parser *ps, const char *s, int *err)
{
	int e;

	if (!strcmp(s, "ok")) {
		*err = 0;
		return 0;
	}
	e = s[0] == '-' || s[0] == 'E' ? errname_parse(s) : 0;
	if (!e)
		return bad(ps, "expect", "neither 'ok' nor a known errno: '%s'", s);
	*err = -e;
	return 0;
}

/* A return value: a decimal integer or an errno name. */
static int parse_retval(struct parser *ps, const char *s, long long *v)
{
	char *end;
	int e = 0;

	if ((s[0] == '-' && s[1] == 'E') || s[0] == 'E')
		e = errname_parse(s);
	if (e) {
		*v = -e;
		return 0;
	}
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (!s[0] || errno || *end || *v < INT32_MIN || *v > UINT32_MAX)
		return bad(ps, "expect", "neither an integer nor a known errno: '%s'", s);
	return 0;
}

/* A name of the case (type, map, probe): printable, no '=' or quotes. */
static int check_name(struct parser *ps, const char *field, const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '=' || *p == '"' || *p == '|')
			return bad(ps, field, "invalid character in name: '%s'", s);
	if (!strcmp(s, "void") || !strcmp(s, "-") || !s[0])
		return bad(ps, field, "reserved name: '%s'", s);
	return 0;
}

/* ---- types ---- */

static int type__find(const struct btfcase *bc, const char *name)
{
	for (int i = 0; i < bc->n_types; i++)
		if (bc->types[i].name[0] && !strcmp(bc->types[i].name, name))
			return i;
	return -1;
}

/* Append a type; its name must be new (hidden helpers have name ""). */
static int type__add(struct parser *ps, const char *name, const char *btf_name,
		     enum btfcase_kind kind, int *idx)
{
	struct btfcase *bc = ps->bc;
	struct btfcase_type *t;

	if (name[0] && type__find(bc, name) >= 0)
		return bad(ps, "name", "a type of that name exists: '%s'", name);
	if (bc->n_types >= BTFCASE_MAX_TYPES)
		return bad(ps, "type", "more than %d types", BTFCASE_MAX_TYPES);
	if (!(bc->n_types & 15)) {
		t = realloc(bc->types, (bc->n_types + 16) * sizeof(*t));
		if (!t)
			return -ENOMEM;
		bc->types = t;
	}
	t = &bc->types[bc->n_types];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->ref = -1;
	t->index_type = -1;
	t->line = ps->line;
	t->name = strdup(name);
	t->btf_name = strdup(btf_name);
	*idx = bc->n_types++;
	return t->name && t->btf_name ? 0 : -ENOMEM;
}

/* A hidden int helper (the index type of arrays, std members), made once. */
static int type__helper_int(struct parser *ps, const char *btf_name, uint32_t size, int *idx)
{
	struct btfcase *bc = ps->bc;
	int err;

	for (int i = 0; i < bc->n_types; i++)
		if (!bc->types[i].name[0] && bc->types[i].kind == BTFCASE_INT &&
		    !strcmp(bc->types[i].btf_name, btf_name)) {
			*idx = i;
			return 0;
		}
	err = type__add(ps, "", btf_name, BTFCASE_INT, idx);
	if (!err)
		bc->types[*idx].size = size;
	return err;
}

static int type__add_member(struct parser *ps, int owner, const char *name, int type,
			    uint32_t off, uint32_t size)
{
	struct btfcase_type *t = &ps->bc->types[owner];
	struct btfcase_member *m;

	if (t->n_members >= 0xffff)
		return bad(ps, "field", "too many members");
	m = realloc(t->members, (t->n_members + 1) * sizeof(*m));
	if (!m)
		return -ENOMEM;
	t->members = m;
	m = &m[t->n_members++];
	m->name = strdup(name);
	m->type = type;
	m->bit_off = off;
	m->bit_size = size;
	m->line = ps->line;
	return m->name ? 0 : -ENOMEM;
}

/* A type reference: a type's name, or "void" where void is allowed. */
static int type__ref(struct parser *ps, const char *field, const char *name, bool void_ok,
		     int *idx)
{
	*idx = type__find(ps->bc, name);
	if (*idx >= 0 || (void_ok && !strcmp(name, "void"))) {
		return 0;
	}
	return bad(ps, field, "no type named '%s'%s", name, void_ok ? " (or void)" : "");
}

/* ---- std types ---- */

static const struct {
	const char *name;
	uint32_t size;
	bool is_signed;
} std_ints[] = {
	{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
	{ "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
	{ "int", 4, true }, { "char", 1, false },
};

/* The kernel's UAPI special structs: one member, an int or an int array. */
static const struct {
	const char *name;
	uint32_t size;
	const char *member;
	uint32_t elem_size;	/* __u32 or __u64 */
	uint32_t nelems;	/* 0: a plain int member */
} std_structs[] = {
	{ "bpf_timer", 16, "__opaque", 8, 2 },
	{ "bpf_wq", 16, "__opaque", 8, 2 },
	{ "bpf_task_work", 8, "__opaque", 8, 0 },
	{ "bpf_spin_lock", 4, "val", 4, 0 },
	{ "bpf_res_spin_lock", 4, "val", 4, 0 },
	{ "bpf_refcount", 4, "__opaque", 4, 1 },
	{ "bpf_list_head", 16, "__opaque", 8, 2 },
	{ "bpf_list_node", 24, "__opaque", 8, 3 },
	{ "bpf_rb_root", 16, "__opaque", 8, 2 },
	{ "bpf_rb_node", 32, "__opaque", 8, 4 },
};

static int std__struct(struct parser *ps, size_t i)
{
	const char *elem = std_structs[i].elem_size == 8 ? "__u64" : "__u32";
	int err, idx, mtype, arr, index;

	err = type__helper_int(ps, elem, std_structs[i].elem_size, &mtype);
	if (!err && std_structs[i].nelems) {
		err = type__helper_int(ps, "__u32", 4, &index) ?:
		      type__add(ps, "", "", BTFCASE_ARRAY, &arr);
		if (!err) {
			ps->bc->types[arr].ref = mtype;
			ps->bc->types[arr].index_type = index;
			ps->bc->types[arr].nelems = std_structs[i].nelems;
			mtype = arr;
		}
	}
	err = err ?: type__add(ps, std_structs[i].name, std_structs[i].name, BTFCASE_STRUCT, &idx);
	if (err)
		return err;
	ps->bc->types[idx].size = std_structs[i].size;
	return type__add_member(ps, idx, std_structs[i].member, mtype, 0, 0);
}

/* std <name> */
static int stmt_std(struct parser *ps)
{
	int idx, err;

	if (ps->ntok != 2)
		return bad(ps, "std", "want 'std <name>'");
	for (size_t i = 0; i < sizeof(std_ints) / sizeof(std_ints[0]); i++) {
		if (strcmp(ps->tok[1], std_ints[i].name))
			continue;
		err = type__add(ps, std_ints[i].name, std_ints[i].name, BTFCASE_INT, &idx);
		if (!err) {
			ps->bc->types[idx].size = std_ints[i].size;
			ps->bc->types[idx].is_signed = std_ints[i].is_signed;
		}
		return err;
	}
	for (size_t i = 0; i < sizeof(std_structs) / sizeof(std_structs[0]); i++)
		if (!strcmp(ps->tok[1], std_structs[i].name))
			return std__struct(ps, i);
	return bad(ps, "std", "no standard type named '%s'", ps->tok[1]);
}

/* ---- type statements ---- */

static const char *const kind_names[] = {
	[BTFCASE_INT] = "int", [BTFCASE_STRUCT] = "struct", [BTFCASE_UNION] = "union",
	[BTFCASE_TYPEDEF] = "typedef", [BTFCASE_CONST] = "const",
	[BTFCASE_VOLATILE] = "volatile", [BTFCASE_PTR] = "ptr", [BTFCASE_ARRAY] = "array",
	[BTFCASE_TYPE_TAG] = "type_tag", [BTFCASE_FWD] = "fwd", [BTFCASE_DATASEC] = "datasec",
};

/* Positional arguments each kind wants after "type <name> <kind>". */
static const int kind_args[] = {
	[BTFCASE_INT] = 1, [BTFCASE_STRUCT] = 1, [BTFCASE_UNION] = 1, [BTFCASE_TYPEDEF] = 1,
	[BTFCASE_CONST] = 1, [BTFCASE_VOLATILE] = 1, [BTFCASE_PTR] = 1, [BTFCASE_ARRAY] = 2,
	[BTFCASE_TYPE_TAG] = 2, [BTFCASE_FWD] = 1, [BTFCASE_DATASEC] = 1,
};

/* Kinds whose name is their BTF name (the others are anonymous in BTF). */
static bool kind__named(enum btfcase_kind k)
{
	return k == BTFCASE_INT || k == BTFCASE_STRUCT || k == BTFCASE_UNION ||
	       k == BTFCASE_TYPEDEF || k == BTFCASE_FWD || k == BTFCASE_DATASEC;
}

/* The options after the positional arguments of a type line. */
static int type__options(struct parser *ps, struct btfcase_type *t, int first)
{
	for (int i = first; i < ps->ntok; i++) {
		const char *o = ps->tok[i];

		if (t->kind == BTFCASE_INT && !strcmp(o, "signed")) {
			t->is_signed = true;
		} else if (!strncmp(o, "btfname=", 8) && kind__named(t->kind)) {
			free(t->btf_name);
			t->btf_name = strdup(strcmp(o + 8, "-") ? o + 8 : "");
			if (!t->btf_name)
				return -ENOMEM;
		} else {
			return bad(ps, "type", "unknown option for a %s: '%s'", kind_names[t->kind], o);
		}
	}
	return 0;
}

/* The positional arguments of a type line into t. */
static int type__args(struct parser *ps, int idx)
{
	struct btfcase_type *t = &ps->bc->types[idx];
	char **a = &ps->tok[3];
	int err = 0, ref;

	switch (t->kind) {
	case BTFCASE_INT: case BTFCASE_STRUCT: case BTFCASE_UNION: case BTFCASE_DATASEC:
		return parse_u32(ps, "size", a[0], &t->size);
	case BTFCASE_FWD:
		if (strcmp(a[0], "struct") && strcmp(a[0], "union"))
			return bad(ps, "fwd", "neither struct nor union: '%s'", a[0]);
		t->fwd_union = !strcmp(a[0], "union");
		return 0;
	case BTFCASE_ARRAY:
		err = parse_u32(ps, "nelems", a[1], &t->nelems);
		break;
	case BTFCASE_TYPE_TAG:
		t->tag = strdup(a[0]);
		err = t->tag ? 0 : -ENOMEM;
		a++;
		break;
	default:
		break;
	}
	err = err ?: type__ref(ps, "type", a[0], t->kind != BTFCASE_TYPEDEF &&
			       t->kind != BTFCASE_ARRAY, &ref);
	t = &ps->bc->types[idx];
	if (!err)
		t->ref = ref;
	return err;
}

/* type <name> <kind> <args...> [options] */
static int stmt_type(struct parser *ps)
{
	enum btfcase_kind kind;
	int idx, index = -1, err;

	if (ps->ntok < 4)
		return bad(ps, "type", "want 'type <name> <kind> <args...>'");
	for (kind = 0; kind < BTFCASE_VAR; kind++)
		if (!strcmp(ps->tok[2], kind_names[kind]))
			break;
	if (kind == BTFCASE_VAR)
		return bad(ps, "kind", "unknown kind: '%s'", ps->tok[2]);
	if (ps->ntok < 3 + kind_args[kind])
		return bad(ps, "type", "a %s wants %d argument%s", kind_names[kind],
			   kind_args[kind], kind_args[kind] > 1 ? "s" : "");
	err = check_name(ps, "name", ps->tok[1]);
	if (!err && kind == BTFCASE_ARRAY)
		err = type__helper_int(ps, "__u32", 4, &index);
	err = err ?: type__add(ps, ps->tok[1], kind__named(kind) ? ps->tok[1] : "", kind, &idx);
	if (err)
		return err;
	ps->bc->types[idx].index_type = index;
	err = type__args(ps, idx) ?: type__options(ps, &ps->bc->types[idx], 3 + kind_args[kind]);
	ps->composite = kind == BTFCASE_STRUCT || kind == BTFCASE_UNION ||
			kind == BTFCASE_DATASEC ? idx : -1;
	return err;
}

/* An offset: bytes, or for fields "<n>b" in bits; fields get bits. */
static int parse_offset(struct parser *ps, const char *s, bool field, uint32_t *out)
{
	size_t n = strlen(s);
	char buf[32];
	uint32_t v;
	int err;

	if (field && n > 1 && n < sizeof(buf) && s[n - 1] == 'b') {
		snprintf(buf, sizeof(buf), "%.*s", (int)n - 1, s);
		return parse_u32(ps, "offset", buf, out);
	}
	err = parse_u32(ps, "offset", s, &v);
	if (err || !field) {
		*out = v;
		return err;
	}
	if (v > UINT32_MAX / 8)
		return bad(ps, "offset", "too large for a bit offset: '%s'", s);
	*out = v * 8;
	return 0;
}

/* field <name>|- <type> <off>[b] [bitsize=<n>] */
static int stmt_field(struct parser *ps)
{
	int c = ps->composite, type, err;
	uint32_t off, bits = 0;

	if (c < 0 || ps->bc->types[c].kind == BTFCASE_DATASEC)
		return bad(ps, "field", "not after a struct or union type line");
	if (ps->ntok < 4 || ps->ntok > 5)
		return bad(ps, "field", "want 'field <name>|- <type> <offset> [bitsize=<n>]'");
	if (ps->ntok == 5 && strncmp(ps->tok[4], "bitsize=", 8))
		return bad(ps, "field", "unknown option: '%s'", ps->tok[4]);
	err = type__ref(ps, "type", ps->tok[2], false, &type) ?:
	      parse_offset(ps, ps->tok[3], true, &off);
	if (!err && ps->ntok == 5)
		err = parse_u32(ps, "bitsize", ps->tok[4] + 8, &bits);
	return err ?: type__add_member(ps, c, strcmp(ps->tok[1], "-") ? ps->tok[1] : "",
				       type, off, bits);
}

/* var <name> <type> <off> [size=<n>]: a VAR type and the datasec's entry. */
static int stmt_var(struct parser *ps)
{
	int c = ps->composite, type, var, err;
	uint32_t off, size = 0;

	if (c < 0 || ps->bc->types[c].kind != BTFCASE_DATASEC)
		return bad(ps, "var", "not after a datasec type line");
	if (ps->ntok < 4 || ps->ntok > 5)
		return bad(ps, "var", "want 'var <name> <type> <offset> [size=<n>]'");
	if (ps->ntok == 5 && strncmp(ps->tok[4], "size=", 5))
		return bad(ps, "var", "unknown option: '%s'", ps->tok[4]);
	err = check_name(ps, "name", ps->tok[1]) ?:
	      type__ref(ps, "type", ps->tok[2], false, &type) ?:
	      parse_offset(ps, ps->tok[3], false, &off);
	if (!err && ps->ntok == 5)
		err = parse_u32(ps, "size", ps->tok[4] + 5, &size);
	err = err ?: type__add(ps, "", ps->tok[1], BTFCASE_VAR, &var);
	if (err)
		return err;
	ps->bc->types[var].ref = type;
	return type__add_member(ps, c, ps->tok[1], var, off, size);
}

/* ---- steps ---- */

/* The map or probe step named name (verb BTFCASE_STEP__COUNT: either). */
static int object__find(const struct btfcase *bc, const char *name, enum btfcase_verb verb)
{
	for (int i = 0; i < bc->n_steps; i++) {
		const struct btfcase_step *s = &bc->steps[i];

		if (s->name && !strcmp(s->name, name) &&
		    (verb == BTFCASE_STEP__COUNT || s->verb == verb))
			return i;
	}
	return -1;
}

static int object__ref(struct parser *ps, const char *field, const char *name,
		       enum btfcase_verb verb, int *idx)
{
	*idx = object__find(ps->bc, name, verb);
	if (*idx >= 0)
		return 0;
	return bad(ps, field, "no %s named '%s' before this line", verb == BTFCASE_STEP_MAP ?
		   "map" : verb == BTFCASE_STEP_PROBE ? "probe" : "map or probe", name);
}

/* A new object name: unique, and short enough to be the kernel's name. */
static int object__name(struct parser *ps, struct btfcase_step *s, const char *name)
{
	int err = check_name(ps, "name", name);

	if (err)
		return err;
	if (strlen(name) >= BTFCASE_OBJ_NAME_LEN)
		return bad(ps, "name", "longer than %d characters: '%s'",
			   BTFCASE_OBJ_NAME_LEN - 1, name);
	if (object__find(ps->bc, name, BTFCASE_STEP__COUNT) >= 0)
		return bad(ps, "name", "a map or probe of that name exists: '%s'", name);
	s->name = strdup(name);
	return s->name ? 0 : -ENOMEM;
}

/* The value of option key ("key=" prefix) in tok, or NULL. */
static const char *opt(const char *tok, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(tok, key, n) && tok[n] == '=' ? tok + n + 1 : NULL;
}

/* flags=BPF_F_A|BPF_F_B (or a number) */
static int parse_map_flags(struct parser *ps, const char *s, uint32_t *flags)
{
	char buf[512], *save = NULL, *f;

	if (s[0] >= '0' && s[0] <= '9')
		return parse_u32(ps, "flags", s, flags);
	if (strlen(s) >= sizeof(buf))
		return bad(ps, "flags", "too long");
	strcpy(buf, s);
	*flags = 0;
	for (f = strtok_r(buf, "|", &save); f; f = strtok_r(NULL, "|", &save)) {
		size_t i;

		for (i = 0; i < sizeof(map_flags) / sizeof(map_flags[0]); i++)
			if (!strcmp(f, map_flags[i].name))
				break;
		if (i == sizeof(map_flags) / sizeof(map_flags[0]))
			return bad(ps, "flags", "unknown map flag: '%s'", f);
		*flags |= map_flags[i].bit;
	}
	return 0;
}

/* The key/value options of a map line. */
static int map__kv_option(struct parser *ps, struct btfcase_step *s, const char *o)
{
	const char *v;

	if ((v = opt(o, "key")))
		return type__ref(ps, "key", v, false, &s->key_type);
	if ((v = opt(o, "value")))
		return type__ref(ps, "value", v, false, &s->value_type);
	if ((v = opt(o, "key_size")))
		return s->has_key_size = true, parse_u32(ps, "key_size", v, &s->key_size);
	if ((v = opt(o, "value_size")))
		return s->has_value_size = true, parse_u32(ps, "value_size", v, &s->value_size);
	return 1;
}

static int map__option(struct parser *ps, struct btfcase_step *s, const char *o)
{
	const char *v;
	int err = map__kv_option(ps, s, o);

	if (err <= 0)
		return err;
	if ((v = opt(o, "entries")))
		return parse_u32(ps, "entries", v, &s->max_entries);
	if ((v = opt(o, "flags")))
		return parse_map_flags(ps, v, &s->map_flags);
	if ((v = opt(o, "extra")))
		return parse_u64(ps, "extra", v, UINT64_MAX, &s->map_extra);
	if ((v = opt(o, "inner")))
		return object__ref(ps, "inner", v, BTFCASE_STEP_MAP, &s->inner);
	if (!strcmp(o, "unpriv"))
		return s->unpriv = true, 0;
	return bad(ps, "map", "unknown option: '%s'", o);
}

/* map <name> <maptype> <options...> */
static int step_map(struct parser *ps, struct btfcase_step *s, int n)
{
	bool has_entries = false;
	int err;

	if (n < 3)
		return bad(ps, "map", "want 'map <name> <maptype> entries=<n> ...'");
	err = object__name(ps, s, ps->tok[1]);
	for (s->map_type = 1; !err && s->map_type < N_MAP_TYPES; s->map_type++)
		if (!strcmp(ps->tok[2], map_type_names[s->map_type]))
			break;
	if (!err && s->map_type == N_MAP_TYPES)
		return bad(ps, "maptype", "unknown map type: '%s'", ps->tok[2]);
	for (int i = 3; i < n && !err; i++) {
		has_entries |= opt(ps->tok[i], "entries") != NULL;
		err = map__option(ps, s, ps->tok[i]);
	}
	if (err)
		return err;
	if (!has_entries)
		return bad(ps, "entries", "missing");
	if (s->key_type < 0 && !s->has_key_size)
		return bad(ps, "key", "want key=<type> or key_size=<n>");
	if (s->value_type < 0 && !s->has_value_size)
		return bad(ps, "value", "want value=<type> or value_size=<n>");
	if ((s->key_type >= 0 || s->value_type >= 0) && ps->bc->btf_step < 0)
		return bad(ps, "value", "a map with BTF types needs the btf step before it");
	return 0;
}

/* probe <name> <kind> <map> <off> [outer=<map>] [flags=<n>] */
static int step_probe(struct parser *ps, struct btfcase_step *s, int n)
{
	int err;

	if (n < 5)
		return bad(ps, "probe", "want 'probe <name> <kind> <map> <offset> ...'");
	err = object__name(ps, s, ps->tok[1]);
	for (s->probe = 0; !err && s->probe < BTFCASE_PROBE__COUNT; s->probe++)
		if (!strcmp(ps->tok[2], probe_names[s->probe]))
			break;
	if (!err && s->probe == BTFCASE_PROBE__COUNT)
		return bad(ps, "kind", "unknown probe kind: '%s'", ps->tok[2]);
	err = err ?: object__ref(ps, "map", ps->tok[3], BTFCASE_STEP_MAP, &s->target) ?:
	      parse_u32(ps, "offset", ps->tok[4], &s->off);
	for (int i = 5; i < n && !err; i++) {
		const char *v;

		if ((v = opt(ps->tok[i], "outer")))
			err = object__ref(ps, "outer", v, BTFCASE_STEP_MAP, &s->outer);
		else if ((v = opt(ps->tok[i], "flags")))
			s->has_flags = true,
			err = parse_u64(ps, "flags", v, UINT64_MAX, &s->flags);
		else if ((v = opt(ps->tok[i], "ns")) && s->probe == BTFCASE_PROBE_TIMER_START)
			err = parse_u64(ps, "ns", v, UINT64_MAX, &s->ns);
		else
			err = bad(ps, "probe", "unknown option: '%s'", ps->tok[i]);
	}
	return err;
}

/* update's flags=: BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK by name, '|'-joined. */
static int update_flags(struct parser *ps, const char *v, struct btfcase_step *s)
{
	static const struct { const char *name; uint64_t bit; } names[] = {
		{ "any", 0 }, { "noexist", 1 }, { "exist", 2 }, { "lock", 4 },
	};
	const char *p = v;

	s->has_flags = true;
	s->flags = 0;
	while (*p) {
		size_t len = strcspn(p, "|"), i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == len && !strncmp(p, names[i].name, len))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return bad(ps, "flags", "not any|noexist|exist|lock, '|'-joined: '%s'", v);
		s->flags |= names[i].bit;
		p += len + (p[len] == '|');
	}
	return 0;
}

/* update|delete|mmap|freeze <map> [key=<n>] [fd=<map>] [flags=<F>[|<F>]] */
static int step_map_op(struct parser *ps, struct btfcase_step *s, int n)
{
	const char *name = verb_names[s->verb];
	int err;

	if (n < 2)
		return bad(ps, name, "want '%s <map> ...'", name);
	err = object__ref(ps, "map", ps->tok[1], BTFCASE_STEP_MAP, &s->target);
	for (int i = 2; i < n && !err; i++) {
		const char *v = NULL;
		bool keyed = s->verb == BTFCASE_STEP_UPDATE || s->verb == BTFCASE_STEP_DELETE;

		if (keyed && (v = opt(ps->tok[i], "key")))
			err = parse_u32(ps, "key", v, &s->key);
		else if (s->verb == BTFCASE_STEP_UPDATE && (v = opt(ps->tok[i], "fd")))
			err = object__ref(ps, "fd", v, BTFCASE_STEP_MAP, &s->fd_map);
		else if (s->verb == BTFCASE_STEP_UPDATE && (v = opt(ps->tok[i], "flags")))
			err = update_flags(ps, v, s);
		else
			err = bad(ps, name, "unknown option: '%s'", ps->tok[i]);
	}
	return err;
}

/* run <probe> | close <map>|<probe> | kernel struct|func <name> | btf */
static int step_simple(struct parser *ps, struct btfcase_step *s, int n)
{
	switch (s->verb) {
	case BTFCASE_STEP_BTF:
		if (ps->bc->btf_step >= 0)
			return bad(ps, "btf", "a second btf step");
		ps->bc->btf_step = ps->bc->n_steps;
		return n == 1 ? 0 : bad(ps, "btf", "want 'btf expect <outcome>'");
	case BTFCASE_STEP_RUN:
		if (n != 2)
			return bad(ps, "run", "want 'run <probe> expect <retval>'");
		return object__ref(ps, "probe", ps->tok[1], BTFCASE_STEP_PROBE, &s->target);
	case BTFCASE_STEP_CLOSE:
		if (n != 2)
			return bad(ps, "close", "want 'close <map>|<probe>'");
		return object__ref(ps, "name", ps->tok[1], BTFCASE_STEP__COUNT, &s->target);
	default:
		if (n != 3 || (strcmp(ps->tok[1], "struct") && strcmp(ps->tok[1], "func")))
			return bad(ps, "kernel", "want 'kernel struct|func <name> expect <outcome>'");
		s->kernel_func = !strcmp(ps->tok[1], "func");
		s->name = strdup(ps->tok[2]);
		return s->name ? 0 : -ENOMEM;
	}
}

/* "expect <outcome>" at the end of the line: the number of tokens before it. */
static int step__expect(struct parser *ps, struct btfcase_step *s, int *n)
{
	*n = ps->ntok;
	if (ps->ntok >= 2 && !strcmp(ps->tok[ps->ntok - 2], "expect")) {
		*n = ps->ntok - 2;
		s->has_expect = true;
		if (s->verb == BTFCASE_STEP_CLOSE)
			return bad(ps, "expect", "close has no outcome to expect");
		if (s->verb == BTFCASE_STEP_RUN)
			return parse_retval(ps, ps->tok[ps->ntok - 1], &s->expect_value);
		return parse_outcome(ps, ps->tok[ps->ntok - 1], &s->expect_err);
	}
	for (int i = 0; i < ps->ntok; i++)
		if (!strcmp(ps->tok[i], "expect"))
			return bad(ps, "expect", "want 'expect <outcome>' at the end of the line");
	if (s->verb != BTFCASE_STEP_CLOSE)
		return bad(ps, "expect", "missing: every step but close says what the kernel "
			   "must answer ('expect ok', 'expect -EINVAL'%s)",
			   s->verb == BTFCASE_STEP_RUN ? ", 'expect 0'" : "");
	return 0;
}

/* The statement as written, one blank between tokens, without "expect". */
static int step__text(struct parser *ps, struct btfcase_step *s, int n)
{
	size_t len = 0;
	char *p;

	for (int i = 0; i < n; i++)
		len += strlen(ps->tok[i]) + 1;
	s->text = p = malloc(len + 1);
	if (!p)
		return -ENOMEM;
	*p = 0;
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? " " : "", ps->tok[i]);
	return 0;
}

static int stmt_step(struct parser *ps, enum btfcase_verb verb)
{
	struct btfcase *bc = ps->bc;
	struct btfcase_step *s;
	int n, err;

	if (bc->n_steps >= BTFCASE_MAX_STEPS)
		return bad(ps, verb_names[verb], "more than %d steps", BTFCASE_MAX_STEPS);
	s = realloc(bc->steps, (bc->n_steps + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	bc->steps = s;
	s = &s[bc->n_steps];
	memset(s, 0, sizeof(*s));
	s->verb = verb;
	s->line = ps->line;
	s->target = s->inner = s->outer = s->fd_map = s->key_type = s->value_type = -1;
	s->ns = 10ULL * 1000 * 1000 * 1000;
	err = step__expect(ps, s, &n) ?: step__text(ps, s, n);
	if (!err && verb == BTFCASE_STEP_MAP)
		err = step_map(ps, s, n);
	else if (!err && verb == BTFCASE_STEP_PROBE)
		err = step_probe(ps, s, n);
	else if (!err && verb >= BTFCASE_STEP_UPDATE && verb <= BTFCASE_STEP_FREEZE)
		err = step_map_op(ps, s, n);
	else if (!err)
		err = step_simple(ps, s, n);
	bc->n_steps++;		/* owned by the case now, even half filled */
	ps->composite = -1;
	return err;
}

/* msg "<text>": C escapes \" \\ \n \t in the quoted text. */
static int stmt_msg(struct parser *ps, const char *rest)
{
	struct btfcase_step *s = ps->bc->n_steps ? &ps->bc->steps[ps->bc->n_steps - 1] : NULL;
	char *text, *q;
	const char *p = rest;
	bool closed;

	if (!s || s->verb == BTFCASE_STEP_CLOSE)
		return bad(ps, "msg", "not after a step with a log");
	if (s->n_msgs >= BTFCASE_MAX_MSGS)
		return bad(ps, "msg", "more than %d msg lines for one step", BTFCASE_MAX_MSGS);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '"')
		return bad(ps, "msg", "want 'msg \"<text>\"'");
	text = q = malloc(strlen(p) + 1);
	if (!text)
		return -ENOMEM;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1] && strchr("\"\\nt", p[1]))
			p++, *q++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		else
			*q++ = *p;
	}
	*q = 0;
	closed = *p == '"';
	if (closed)
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
	if (!closed || *p || !text[0]) {
		free(text);
		return bad(ps, "msg", "want one non-empty quoted text and nothing after it");
	}
	s->msgs[s->n_msgs++] = text;
	return 0;
}

/* ---- header and declarations ---- */

/* Rule ids: upper-case words and a number, "BTF-01", "KF-WQ-07". */
static bool rule_id__valid(const char *s)
{
	const char *dash = strrchr(s, '-');

	if (!dash || dash == s || !dash[1] || strspn(dash + 1, "0123456789") != strlen(dash + 1))
		return false;
	for (const char *p = s; p < dash; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p == '-' && p > s && p[-1] != '-')))
			return false;
	return dash[-1] != '-';
}

static int header__rules(struct parser *ps, char *ids)
{
	char *save = NULL, *id;

	for (id = strtok_r(ids, ", \t", &save); id; id = strtok_r(NULL, ", \t", &save)) {
		if (!rule_id__valid(id))
			return bad(ps, "Rule", "not a rule id (e.g. BTF-01): '%s'", id);
		if (ps->bc->n_rules >= BTFCASE_MAX_RULES)
			return bad(ps, "Rule", "more than %d rule ids", BTFCASE_MAX_RULES);
		ps->bc->rules[ps->bc->n_rules] = strdup(id);
		if (!ps->bc->rules[ps->bc->n_rules++])
			return -ENOMEM;
	}
	return 0;
}

/* One line of the leading comment block (text after '#'). */
static int header__line(struct parser *ps, char *text)
{
	struct btfcase *bc = ps->bc;
	char *joined;

	while (*text == ' ' || *text == '\t')
		text++;
	if (!strncmp(text, "Enforced by:", 12)) {
		text += 12 + strspn(text + 12, " \t");
		free(bc->enforced_by);
		bc->enforced_by = strdup(text);
		return bc->enforced_by ? 0 : -ENOMEM;
	}
	if (!strncmp(text, "Rule:", 5))
		return header__rules(ps, text + 5);
	if (bc->enforced_by || bc->n_rules || !*text)
		return 0;	/* free text after the rule lines */
	if (asprintf(&joined, "%s%s%s", bc->description ? bc->description : "",
		     bc->description ? " " : "", text) < 0)
		return -ENOMEM;
	free(bc->description);
	bc->description = joined;
	return 0;
}

/* requires kfunc:NAME | preempt_rt | !preempt_rt | !kfunc:NAME */
static int stmt_requires(struct parser *ps)
{
	const char *f;

	if (ps->ntok != 2)
		return bad(ps, "requires", "want 'requires <fact>'");
	f = ps->tok[1] + (ps->tok[1][0] == '!');
	if (strcmp(f, "preempt_rt") && (strncmp(f, "kfunc:", 6) || !f[6]))
		return bad(ps, "requires", "neither kfunc:<name> nor preempt_rt: '%s'", ps->tok[1]);
	if (ps->bc->n_reqs >= BTFCASE_MAX_REQS)
		return bad(ps, "requires", "more than %d facts", BTFCASE_MAX_REQS);
	ps->bc->reqs[ps->bc->n_reqs] = strdup(ps->tok[1]);
	return ps->bc->reqs[ps->bc->n_reqs++] ? 0 : -ENOMEM;
}

/* Declarations come before the btf step that loads them. */
static int stmt_decl(struct parser *ps)
{
	const char *w = ps->tok[0];

	if (ps->bc->btf_step >= 0 && strcmp(w, "requires"))
		return bad(ps, w, "a declaration after the btf step");
	if (!strcmp(w, "std"))
		return ps->composite = -1, stmt_std(ps);
	if (!strcmp(w, "type"))
		return stmt_type(ps);
	if (!strcmp(w, "field"))
		return stmt_field(ps);
	if (!strcmp(w, "var"))
		return stmt_var(ps);
	return stmt_requires(ps);
}

static int parse_line(struct parser *ps, char *s)
{
	char *save = NULL, *t;

	s += strspn(s, " \t");
	if (!*s) {
		ps->in_header = false;
		return 0;
	}
	if (*s == '#')
		return ps->in_header ? header__line(ps, s + 1) : 0;
	ps->in_header = false;
	if (!strncmp(s, "msg", 3) && (s[3] == ' ' || s[3] == '\t' || s[3] == '"'))
		return stmt_msg(ps, s + 3);
	ps->ntok = 0;
	for (t = strtok_r(s, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (ps->ntok == (int)(sizeof(ps->tok) / sizeof(ps->tok[0])))
			return bad(ps, "line", "more than %d words", ps->ntok);
		ps->tok[ps->ntok++] = t;
	}
	for (int v = 0; v < BTFCASE_STEP__COUNT; v++)
		if (!strcmp(ps->tok[0], verb_names[v]))
			return stmt_step(ps, v);
	if (!strcmp(ps->tok[0], "std") || !strcmp(ps->tok[0], "type") ||
	    !strcmp(ps->tok[0], "field") || !strcmp(ps->tok[0], "var") ||
	    !strcmp(ps->tok[0], "requires"))
		return stmt_decl(ps);
	return bad(ps, "statement", "unknown statement: '%.40s'", ps->tok[0]);
}

/* What the whole case must have once every line is read. */
static int parse_finish(struct parser *ps)
{
	struct btfcase *bc = ps->bc;

	ps->line = 1;
	if (!bc->description)
		return bad(ps, "header", "no leading comment with the rule in one sentence");
	if (!bc->enforced_by || !bc->enforced_by[0])
		return bad(ps, "Enforced by", "missing from the header");
	if (!bc->n_rules)
		return bad(ps, "Rule", "missing from the header (e.g. '# Rule: BTF-01')");
	if (bc->n_types && bc->btf_step < 0) {
		ps->line = bc->types[0].line;
		return bad(ps, "btf", "types are declared but no 'btf expect ...' step loads them");
	}
	if (!bc->n_steps)
		return bad(ps, "step", "the case has no step");
	return 0;
}

int btfcase__parse(struct btfcase *bc, const char *text, size_t len)
{
	struct parser ps = { .bc = bc, .composite = -1, .in_header = true };
	const char *p = text, *end = text + len;
	char line[BTFCASE_MAX_LINE];
	int err = 0;

	memset(bc, 0, sizeof(*bc));
	bc->btf_step = -1;
	while (p < end && !err) {
		const char *nl = memchr(p, '\n', end - p);
		size_t full = nl ? (size_t)(nl - p) : (size_t)(end - p), n = full;

		ps.line++;
		if (n >= sizeof(line))
			err = bad(&ps, "line", "longer than %d characters", BTFCASE_MAX_LINE - 1);
		else if (memchr(p, 0, n))
			err = bad(&ps, "line", "a NUL byte");
		if (err)
			break;
		memcpy(line, p, n);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		line[n] = 0;
		err = parse_line(&ps, line);
		p += full + (nl != NULL);
	}
	return err ?: parse_finish(&ps);
}

void btfcase__free(struct btfcase *bc)
{
	for (int i = 0; i < bc->n_types; i++) {
		struct btfcase_type *t = &bc->types[i];

		for (int m = 0; m < t->n_members; m++)
			free(t->members[m].name);
		free(t->members);
		free(t->name);
		free(t->btf_name);
		free(t->tag);
	}
	for (int i = 0; i < bc->n_steps; i++) {
		free(bc->steps[i].text);
		free(bc->steps[i].name);
		for (int m = 0; m < bc->steps[i].n_msgs; m++)
			free(bc->steps[i].msgs[m]);
	}
	for (int i = 0; i < bc->n_rules; i++)
		free(bc->rules[i]);
	for (int i = 0; i < bc->n_reqs; i++)
		free(bc->reqs[i]);
	free(bc->types);
	free(bc->steps);
	free(bc->description);
	free(bc->enforced_by);
	free(bc->error);
	memset(bc, 0, sizeof(*bc));
}

/* ---- building the BTF ---- */

/* Error from the builder, naming a line; returns err. */
__attribute__((format(printf, 4, 5)))
static int build__bad(struct btfcase *bc, int line, int err, const char *fmt, ...)
{
	struct parser ps = { .bc = bc, .line = line };
	char *what = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	if (!what)
		return -ENOMEM;
	bad(&ps, "type", "%s", what);
	free(what);
	return err;
}

/* The size of type i in bytes, as the kernel would resolve it; -1 when it
 * has none (void, fwd, a loop).
 */
static long long type__size(const struct btfcase *bc, int i, int depth)
{
	const struct btfcase_type *t;
	long long n;

	if (i < 0 || depth > 32)
		return -1;
	t = &bc->types[i];
	switch (t->kind) {
	case BTFCASE_INT: case BTFCASE_STRUCT: case BTFCASE_UNION: case BTFCASE_DATASEC:
		return t->size;
	case BTFCASE_PTR:
		return 8;
	case BTFCASE_FWD:
		return -1;
	case BTFCASE_ARRAY:
		n = type__size(bc, t->ref, depth + 1);
		return n < 0 ? -1 : n * t->nelems;
	default:
		return type__size(bc, t->ref, depth + 1);
	}
}

/* The members of a struct, union or datasec just added. */
static int build__members(struct btf *btf, struct btfcase *bc, const struct btfcase_type *t)
{
	for (int m = 0; m < t->n_members; m++) {
		const struct btfcase_member *mb = &t->members[m];
		long long size = mb->bit_size;
		int err;

		if (t->kind == BTFCASE_DATASEC && !size)
			size = type__size(bc, bc->types[mb->type].ref, 0);
		if (size < 0)
			return build__bad(bc, mb->line, -EINVAL, "var '%s': its type has no size; "
					  "give size=<n>", mb->name);
		if (t->kind == BTFCASE_DATASEC)
			err = btf__add_datasec_var_info(btf, mb->type + 1, mb->bit_off, size);
		else
			err = btf__add_field(btf, mb->name, mb->type + 1, mb->bit_off, mb->bit_size);
		if (err)
			return build__bad(bc, mb->line, err, "libbpf refuses the member '%s': %s",
					  mb->name, strerror(-err));
	}
	return 0;
}

/* Add type t to btf; its BTF id (index + 1) or -errno. */
static int build__type(struct btf *btf, const struct btfcase_type *t)
{
	const char *name = t->btf_name;
	int ref = t->ref + 1;

	switch (t->kind) {
	case BTFCASE_INT:
		return btf__add_int(btf, name, t->size, t->is_signed ? BTF_INT_SIGNED : 0);
	case BTFCASE_STRUCT:
		return btf__add_struct(btf, name, t->size);
	case BTFCASE_UNION:
		return btf__add_union(btf, name, t->size);
	case BTFCASE_TYPEDEF:
		return btf__add_typedef(btf, name, ref);
	case BTFCASE_CONST:
		return btf__add_const(btf, ref);
	case BTFCASE_VOLATILE:
		return btf__add_volatile(btf, ref);
	case BTFCASE_PTR:
		return btf__add_ptr(btf, ref);
	case BTFCASE_ARRAY:
		return btf__add_array(btf, t->index_type + 1, ref, t->nelems);
	case BTFCASE_TYPE_TAG:
		return btf__add_type_tag(btf, t->tag, ref);
	case BTFCASE_FWD:
		return btf__add_fwd(btf, name, t->fwd_union ? BTF_FWD_UNION : BTF_FWD_STRUCT);
	case BTFCASE_DATASEC:
		return btf__add_datasec(btf, name, t->size);
	case BTFCASE_VAR:
		return btf__add_var(btf, name, BTF_VAR_GLOBAL_ALLOCATED, ref);
	}
	return -EINVAL;
}

/* Key and value sizes that a map leaves to its BTF types. */
static int build__map_sizes(struct btfcase *bc)
{
	for (int i = 0; i < bc->n_steps; i++) {
		struct btfcase_step *s = &bc->steps[i];
		long long k = type__size(bc, s->key_type, 0), v = type__size(bc, s->value_type, 0);

		if (s->verb != BTFCASE_STEP_MAP)
			continue;
		if ((!s->has_key_size && s->key_type >= 0 && k < 0) ||
		    (!s->has_value_size && s->value_type >= 0 && v < 0) || k > UINT32_MAX ||
		    v > UINT32_MAX)
			return build__bad(bc, s->line, -EINVAL, "map '%s': a key or value type "
					  "without a size; give key_size= or value_size=", s->name);
		if (!s->has_key_size)
			s->key_size = k;
		if (!s->has_value_size)
			s->value_size = v;
	}
	return 0;
}

int btfcase__build(struct btfcase *bc, struct btf **out)
{
	struct btf *btf = btf__new_empty();
	int err = btf ? 0 : -ENOMEM;

	for (int i = 0; i < bc->n_types && !err; i++) {
		const struct btfcase_type *t = &bc->types[i];
		int id = build__type(btf, t);

		if (id < 0)
			err = build__bad(bc, t->line, id, "libbpf refuses the %s '%s': %s",
					 t->kind == BTFCASE_VAR ? "var" : kind_names[t->kind],
					 t->btf_name[0] ? t->btf_name : t->name, strerror(-id));
		else if (id != i + 1)
			err = build__bad(bc, t->line, -EPROTO, "BTF id %d, want %d", id, i + 1);
		else
			err = build__members(btf, bc, t);
	}
	err = err ?: build__map_sizes(bc);
	if (err || !out)
		btf__free(btf);
	else
		*out = btf;
	return err;
}

/* ---- the kernel's BTF as text ---- */

static void render__type(const struct btf *btf, __u32 id, FILE *f, int depth);

static void render__proto(const struct btf *btf, const struct btf_type *t, FILE *f,
			  bool ptr, int depth)
{
	const struct btf_param *p = btf_params(t);

	render__type(btf, t->type, f, depth + 1);
	fprintf(f, " %s(", ptr ? "(*)" : "");
	for (int i = 0; i < (int)btf_vlen(t); i++) {
		fprintf(f, "%s", i ? ", " : "");
		if (!p[i].type && !p[i].name_off)
			fprintf(f, "...");
		else
			render__type(btf, p[i].type, f, depth + 1);
	}
	fprintf(f, ")");
}

/* A C-like name of a type, without ids: "struct bpf_wq *", "__u64[2]". */
static void render__type(const struct btf *btf, __u32 id, FILE *f, int depth)
{
	const struct btf_type *t = id ? btf__type_by_id(btf, id) : NULL;
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
	static const char *const tagged[] = {
		[BTF_KIND_STRUCT] = "struct ", [BTF_KIND_UNION] = "union ",
		[BTF_KIND_ENUM] = "enum ", [BTF_KIND_ENUM64] = "enum ",
	};

	if (!id || !t || depth > 16) {
		fprintf(f, !id ? "void" : "?");
		return;
	}
	name = name && name[0] ? name : "(anon)";
	switch (btf_kind(t)) {
	case BTF_KIND_PTR: {
		const struct btf_type *to = btf__type_by_id(btf, t->type);

		if (to && btf_is_func_proto(to))
			return render__proto(btf, to, f, true, depth);
		render__type(btf, t->type, f, depth + 1);
		fprintf(f, " *");
		return;
	}
	case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT:
		fprintf(f, "%s ", btf_is_const(t) ? "const" : btf_is_volatile(t) ? "volatile" :
			"restrict");
		return render__type(btf, t->type, f, depth + 1);
	case BTF_KIND_TYPE_TAG:
		fprintf(f, "__tag(%s) ", name);
		return render__type(btf, t->type, f, depth + 1);
	case BTF_KIND_ARRAY:
		render__type(btf, btf_array(t)->type, f, depth + 1);
		fprintf(f, "[%u]", btf_array(t)->nelems);
		return;
	case BTF_KIND_FUNC_PROTO:
		return render__proto(btf, t, f, false, depth);
	case BTF_KIND_FWD:
		fprintf(f, "%s %s", btf_kflag(t) ? "union" : "struct", name);
		return;
	default:
		fprintf(f, "%s%s", btf_kind(t) < sizeof(tagged) / sizeof(tagged[0]) &&
			tagged[btf_kind(t)] ? tagged[btf_kind(t)] : "", name);
	}
}

static void render__struct(const struct btf *btf, __u32 id, FILE *f)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m = btf_members(t);

	fprintf(f, "%s %s: size %u, align %d\n", btf_is_union(t) ? "union" : "struct",
		btf__name_by_offset(btf, t->name_off), t->size, btf__align_of(btf, id));
	for (int i = 0; i < (int)btf_vlen(t); i++) {
		__u32 off = btf_member_bit_offset(t, i), bits = btf_member_bitfield_size(t, i);
		const char *mname = btf__name_by_offset(btf, m[i].name_off);

		fprintf(f, "  %s: ", mname && mname[0] ? mname : "(anon)");
		render__type(btf, m[i].type, f, 0);
		if (off % 8)
			fprintf(f, ", bit offset %u", off);
		else
			fprintf(f, ", offset %u", off / 8);
		if (bits)
			fprintf(f, ", %u bits", bits);
		fprintf(f, "\n");
	}
}

static int str__cmpp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The decl tags on func id, sorted (their order in BTF is the build's). */
static void render__decl_tags(const struct btf *btf, __u32 id, FILE *f)
{
	char *tags[64];
	int n = 0;

	for (__u32 i = 1; i < btf__type_cnt(btf) && n < 64; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		int comp;

		if (!btf_is_decl_tag(t) || t->type != id)
			continue;
		comp = btf_decl_tag(t)->component_idx;
		if (comp < 0 ? asprintf(&tags[n], "  decl_tag %s\n",
					btf__name_by_offset(btf, t->name_off)) < 0 :
		    asprintf(&tags[n], "  decl_tag %s (param %d)\n",
			     btf__name_by_offset(btf, t->name_off), comp) < 0)
			break;
		n++;
	}
	qsort(tags, n, sizeof(tags[0]), str__cmpp);
	for (int i = 0; i < n; i++) {
		fputs(tags[i], f);
		free(tags[i]);
	}
}

static void render__func(const struct btf *btf, __u32 id, FILE *f)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_type *proto = btf__type_by_id(btf, t->type);
	static const char *const linkage[] = { "static", "global", "extern" };

	fprintf(f, "func %s: linkage %s\n", btf__name_by_offset(btf, t->name_off),
		btf_vlen(t) < 3 ? linkage[btf_vlen(t)] : "?");
	if (!proto || !btf_is_func_proto(proto)) {
		fprintf(f, "  type: not a prototype\n");
		return;
	}
	fprintf(f, "  returns ");
	render__type(btf, proto->type, f, 0);
	fprintf(f, "\n");
	for (int i = 0; i < (int)btf_vlen(proto); i++) {
		const struct btf_param *p = &btf_params(proto)[i];
		const char *pname = btf__name_by_offset(btf, p->name_off);

		fprintf(f, "  param %s: ", pname && pname[0] ? pname : "(anon)");
		render__type(btf, p->type, f, 0);
		fprintf(f, "\n");
	}
	render__decl_tags(btf, id, f);
}

int btfcase__render_kernel(const struct btf *btf, bool func, const char *name, char **out)
{
	int id = btf__find_by_name_kind(btf, name, func ? BTF_KIND_FUNC : BTF_KIND_STRUCT);
	size_t len = 0;
	FILE *f;

	*out = NULL;
	if (id <= 0)
		return -ENOENT;
	f = open_memstream(out, &len);
	if (!f)
		return -ENOMEM;
	if (func)
		render__func(btf, id, f);
	else
		render__struct(btf, id, f);
	return fclose(f) ? -ENOMEM : 0;
}
