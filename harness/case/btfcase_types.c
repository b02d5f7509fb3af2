// SPDX-License-Identifier: GPL-2.0
/*
 * btfcase_types.c: the declarations of a BTF case: std, type, field and
 * var lines, each into one btfcase_type (btfcase.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

#include <bpf/btf.h>

#include "case/btfcase.h"
#include "case/btfcase_parser.h"

/* ---- types ---- */

int btfcase_type_find(const struct btfcase *bc, const char *name)
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

	if (name[0] && btfcase_type_find(bc, name) >= 0)
		return btfcase__bad(ps, "name", "a type of that name exists: '%s'", name);
	if (bc->n_types >= BTFCASE_MAX_TYPES)
		return btfcase__bad(ps, "type", "more than %d types", BTFCASE_MAX_TYPES);
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
		return btfcase__bad(ps, "field", "too many members");
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
int btfcase_type_ref(struct parser *ps, const char *field, const char *name, bool void_ok,
		     int *idx)
{
	*idx = btfcase_type_find(ps->bc, name);
	if (*idx >= 0 || (void_ok && !strcmp(name, "void"))) {
		return 0;
	}
	return btfcase__bad(ps, field, "no type named '%s'%s", name, void_ok ? " (or void)" : "");
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
int btfcase__stmt_std(struct parser *ps)
{
	int idx, err;

	if (ps->ntok != 2)
		return btfcase__bad(ps, "std", "want 'std <name>'");
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
	return btfcase__bad(ps, "std", "no standard type named '%s'", ps->tok[1]);
}

/* ---- type statements ---- */


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
			return btfcase__bad(ps, "type", "unknown option for a %s: '%s'", btfcase_kind_names[t->kind], o);
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
		return btfcase__parse_u32(ps, "size", a[0], &t->size);
	case BTFCASE_FWD:
		if (strcmp(a[0], "struct") && strcmp(a[0], "union"))
			return btfcase__bad(ps, "fwd", "neither struct nor union: '%s'", a[0]);
		t->fwd_union = !strcmp(a[0], "union");
		return 0;
	case BTFCASE_ARRAY:
		err = btfcase__parse_u32(ps, "nelems", a[1], &t->nelems);
		break;
	case BTFCASE_TYPE_TAG:
		t->tag = strdup(a[0]);
		err = t->tag ? 0 : -ENOMEM;
		a++;
		break;
	default:
		break;
	}
	err = err ?: btfcase_type_ref(ps, "type", a[0], t->kind != BTFCASE_TYPEDEF &&
			       t->kind != BTFCASE_ARRAY, &ref);
	t = &ps->bc->types[idx];
	if (!err)
		t->ref = ref;
	return err;
}

/* type <name> <kind> <args...> [options] */
int btfcase__stmt_type(struct parser *ps)
{
	enum btfcase_kind kind;
	int idx, index = -1, err;

	if (ps->ntok < 4)
		return btfcase__bad(ps, "type", "want 'type <name> <kind> <args...>'");
	for (kind = 0; kind < BTFCASE_VAR; kind++)
		if (!strcmp(ps->tok[2], btfcase_kind_names[kind]))
			break;
	if (kind == BTFCASE_VAR)
		return btfcase__bad(ps, "kind", "unknown kind: '%s'", ps->tok[2]);
	if (ps->ntok < 3 + kind_args[kind])
		return btfcase__bad(ps, "type", "a %s wants %d argument%s", btfcase_kind_names[kind],
			   kind_args[kind], kind_args[kind] > 1 ? "s" : "");
	err = btfcase__check_name(ps, "name", ps->tok[1]);
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
		return btfcase__parse_u32(ps, "offset", buf, out);
	}
	err = btfcase__parse_u32(ps, "offset", s, &v);
	if (err || !field) {
		*out = v;
		return err;
	}
	if (v > UINT32_MAX / 8)
		return btfcase__bad(ps, "offset", "too large for a bit offset: '%s'", s);
	*out = v * 8;
	return 0;
}

/* field <name>|- <type> <off>[b] [bitsize=<n>] */
int btfcase__stmt_field(struct parser *ps)
{
	int c = ps->composite, type, err;
	uint32_t off, bits = 0;

	if (c < 0 || ps->bc->types[c].kind == BTFCASE_DATASEC)
		return btfcase__bad(ps, "field", "not after a struct or union type line");
	if (ps->ntok < 4 || ps->ntok > 5)
		return btfcase__bad(ps, "field", "want 'field <name>|- <type> <offset> [bitsize=<n>]'");
	if (ps->ntok == 5 && strncmp(ps->tok[4], "bitsize=", 8))
		return btfcase__bad(ps, "field", "unknown option: '%s'", ps->tok[4]);
	err = btfcase_type_ref(ps, "type", ps->tok[2], false, &type) ?:
	      parse_offset(ps, ps->tok[3], true, &off);
	if (!err && ps->ntok == 5)
		err = btfcase__parse_u32(ps, "bitsize", ps->tok[4] + 8, &bits);
	return err ?: type__add_member(ps, c, strcmp(ps->tok[1], "-") ? ps->tok[1] : "",
				       type, off, bits);
}

/* var <name> <type> <off> [size=<n>]: a VAR type and the datasec's entry. */
int btfcase__stmt_var(struct parser *ps)
{
	int c = ps->composite, type, var, err;
	uint32_t off, size = 0;

	if (c < 0 || ps->bc->types[c].kind != BTFCASE_DATASEC)
		return btfcase__bad(ps, "var", "not after a datasec type line");
	if (ps->ntok < 4 || ps->ntok > 5)
		return btfcase__bad(ps, "var", "want 'var <name> <type> <offset> [size=<n>]'");
	if (ps->ntok == 5 && strncmp(ps->tok[4], "size=", 5))
		return btfcase__bad(ps, "var", "unknown option: '%s'", ps->tok[4]);
	err = btfcase__check_name(ps, "name", ps->tok[1]) ?:
	      btfcase_type_ref(ps, "type", ps->tok[2], false, &type) ?:
	      parse_offset(ps, ps->tok[3], false, &off);
	if (!err && ps->ntok == 5)
		err = btfcase__parse_u32(ps, "size", ps->tok[4] + 5, &size);
	err = err ?: type__add(ps, "", ps->tok[1], BTFCASE_VAR, &var);
	if (err)
		return err;
	ps->bc->types[var].ref = type;
	return type__add_member(ps, c, ps->tok[1], var, off, size);
}
