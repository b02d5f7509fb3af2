// SPDX-License-Identifier: GPL-2.0
/*
 * btfcase_render.c: the kernel's own BTF for a struct or a func as text
 * without type ids (the kernel step of a BTF case).
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
#include "lib/file.h"

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
