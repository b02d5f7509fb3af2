// SPDX-License-Identifier: GPL-2.0
/*
 * btfcase_build.c: the BTF of a parsed case, built with libbpf's
 * BTF-writing API, type i as BTF id i + 1; key and value sizes of maps.
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
	btfcase__bad(&ps, "type", "%s", what);
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
					 t->kind == BTFCASE_VAR ? "var" : btfcase_kind_names[t->kind],
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
