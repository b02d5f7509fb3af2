// SPDX-License-Identifier: GPL-2.0
/*
 * annot_kfunc.c: the facts a case object implies (annot.h:
 * annot_obj__kfunc_reqs()): its kfunc externs, strong or weak, and the
 * __requires tags they carry.  Kept apart from annot.c, which reads the
 * tags of the programs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "case/annot.h"
#include "lib/file.h"

/*
 * The facts a case object implies (annot_obj__kfunc_reqs): its kfunc
 * externs, read from the object's own BTF (btf__parse_elf(), before libbpf's
 * bpf_object__open() rewrites externs into global functions) and from the
 * binding of their ELF symbols (BTF does not say weak).
 */
struct strv {
	int n;
	char **v;
};

static int strv__add(struct strv *l, char *s)
{
	char **t = s ? realloc(l->v, (l->n + 1) * sizeof(*t)) : NULL;

	if (!t) {
		free(s);
		return -ENOMEM;
	}
	l->v = t;
	l->v[l->n++] = s;
	return 0;
}

/* libbpf's essential name: "name___flavour" resolves as "name". */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name);

	for (long i = (long)n - 5; i >= 0; i--)
		if (name[i] != '_' && !strncmp(name + i + 1, "___", 3) && name[i + 4] != '_')
			return i + 1;
	return n;
}

/* The binding (STB_GLOBAL, STB_WEAK) of the undefined symbol name; -1 if none. */
static int elf__extern_bind(Elf *elf, const char *name)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize ||
		    !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *s;

			if (!gelf_getsym(d, i, &sym) || sym.st_shndx != SHN_UNDEF)
				continue;
			s = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (s && !strcmp(s, name))
				return GELF_ST_BIND(sym.st_info);
		}
	}
	return -1;
}

/* The __requires tags of kfunc extern func_id (the only annotation it takes). */
static int extern__tags(const struct btf *btf, int func_id, const char *name,
			struct strv *out, char **error)
{
	int n = btf__type_cnt(btf), err = 0;

	for (int i = 1; i < n && !err; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *s = btf__name_by_offset(btf, t->name_off), *body;

		if (!btf_is_decl_tag(t) || t->type != (unsigned)func_id ||
		    btf_decl_tag(t)->component_idx != -1 || !s || !(body = annot_tag__body(s)))
			continue;
		if (strncmp(body, "twc_requires=", 13) || !annot_req__valid(body + 13)) {
			if (asprintf(error, "kfunc extern '%s': '%s' is not a __requires(\"kfunc:...\"), "
				     "the only annotation a kfunc extern takes", name, body) < 0)
				*error = NULL;
			return *error ? -EINVAL : -ENOMEM;
		}
		err = strv__add(out, strdup(body + 13));
	}
	return err;
}

/* The kfunc externs of the ".ksyms" DATASEC of btf, as facts. */
static int ksyms__reqs(const struct btf *btf, Elf *elf, struct strv *out, char **error)
{
	int sec = btf__find_by_name_kind(btf, ".ksyms", BTF_KIND_DATASEC), err = 0;
	const struct btf_type *ds = sec > 0 ? btf__type_by_id(btf, sec) : NULL;
	const struct btf_var_secinfo *vs = ds ? btf_var_secinfos(ds) : NULL;

	for (int i = 0; ds && i < (int)btf_vlen(ds) && !err; i++, vs++) {
		const struct btf_type *t = btf__type_by_id(btf, vs->type);
		const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
		char *req;

		if (!t || !btf_is_func(t) || !name)
			continue;	/* a typed ksym variable, not a kfunc */
		if (elf__extern_bind(elf, name) == STB_GLOBAL) {
			if (asprintf(&req, "kfunc:%.*s", (int)essential_len(name), name) < 0)
				return -ENOMEM;
			err = strv__add(out, req);
		}
		err = err ?: extern__tags(btf, vs->type, name, out, error);
	}
	return err;
}

int annot_obj__kfunc_reqs(const char *path, char ***reqs, int *n, char **error)
{
	struct strv l = {};
	struct btf *btf;
	Elf *elf = NULL;
	int fd, err, j = 0;

	*reqs = NULL, *n = 0, *error = NULL;
	btf = btf__parse_elf(path, NULL);
	if (!btf)
		return errno == ENODATA ? 0 : -errno;	/* no BTF: no externs to read */
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	err = fd < 0 ? -errno : 0;
	if (!err && !(elf = elf_begin(fd, ELF_C_READ, NULL)))
		err = -EINVAL;
	err = err ?: ksyms__reqs(btf, elf, &l, error);
	elf_end(elf);
	if (fd >= 0)
		close(fd);
	btf__free(btf);
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), str__cmpp);
	for (int i = 0; i < l.n; i++)	/* keep the first of equal ones */
		if (j && !strcmp(l.v[j - 1], l.v[i]))
			free(l.v[i]);
		else
			l.v[j++] = l.v[i];
	*reqs = l.v, *n = j;
	if (err) {
		for (int i = 0; i < j; i++)
			free(l.v[i]);
		free(l.v);
		*reqs = NULL, *n = 0;
	}
	return err;
}

/* The number of entries of btf's DATASEC sec (0 if none), and, when names
 * is not NULL, their names in *names (malloc'd array of BTF-owned strings). */
static int datasec__names(const struct btf *btf, const char *sec, const char ***names)
{
	int id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC), n;
	const struct btf_type *ds = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_var_secinfo *vs = ds ? btf_var_secinfos(ds) : NULL;

	n = ds ? (int)btf_vlen(ds) : 0;
	if (!names || !n)
		return n;
	*names = calloc(n, sizeof(**names));
	if (!*names)
		return -ENOMEM;
	for (int i = 0; i < n; i++, vs++) {
		const struct btf_type *t = btf__type_by_id(btf, vs->type);

		(*names)[i] = t ? btf__name_by_offset(btf, t->name_off) : "";
	}
	return n;
}

char *annot_obj__extern_name(const char *path, long idx)
{
	const char **ksyms = NULL;
	char *name = NULL;
	struct btf *btf;
	int n_kcfg, n_ksym;

	btf = btf__parse_elf(path, NULL);
	if (!btf)
		return NULL;
	n_kcfg = datasec__names(btf, ".kconfig", NULL);
	n_ksym = datasec__names(btf, ".ksyms", &ksyms);
	idx -= n_kcfg;	/* libbpf sorts its externs: every __kconfig one first */
	if (n_ksym > 0 && idx >= 0 && idx < n_ksym) {
		qsort(ksyms, n_ksym, sizeof(*ksyms), str__cmpp);	/* then by name */
		name = strdup(ksyms[idx]);
	}
	free(ksyms);
	btf__free(btf);
	return name;
}
