// SPDX-License-Identifier: GPL-2.0
/*
 * progarray.c: PROG_ARRAY slots of a map definition, filled after the
 * loads (progarray.h).  The slots are where libbpf finds them: each
 * relocation of the object's .maps section that names a function symbol
 * lies inside one map's definition (the .maps DATASEC of the object's BTF
 * gives each map's offset and size), past the definition's `values`
 * member; the slot is the pointer's index there.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "guest/progarray.h"

/* The name of the map of the .maps DATASEC sec whose `values` member holds
 * byte off of the section, and the slot there; NULL when none does. */
static const char *slot_at(const struct btf *btf, const struct btf_type *sec, size_t off,
			   __u32 *slot)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(sec);

	for (__u32 i = 0; i < btf_vlen(sec); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type), *def;
		const struct btf_member *m;

		if (off < v->offset || off >= (size_t)v->offset + v->size)
			continue;
		def = btf__type_by_id(btf, btf__resolve_type(btf, var->type));
		if (!def || !btf_is_struct(def))
			return NULL;
		m = btf_members(def);
		for (__u32 j = 0; j < btf_vlen(def); j++, m++) {
			size_t base = v->offset + btf_member_bit_offset(def, j) / 8;

			if (strcmp(btf__name_by_offset(btf, m->name_off), "values"))
				continue;
			if (off < base || (off - base) % sizeof(__u64))
				return NULL;
			*slot = (off - base) / sizeof(__u64);
			return btf__name_by_offset(btf, var->name_off);
		}
		return NULL;
	}
	return NULL;
}

/* The .maps section's relocations and the symbol table they use. */
struct maps_rels {
	Elf_Data *rels, *syms;
	size_t n, strndx;
};

static int maps_rels__find(Elf *elf, struct maps_rels *mr)
{
	size_t shstrndx, maps = 0;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return -EINVAL;
	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && !strcmp(elf_strptr(elf, shstrndx, sh.sh_name) ?: "",
						      ".maps"))
			maps = elf_ndxscn(scn);
	while (maps && (scn = elf_nextscn(elf, scn)) != NULL) {
		Elf_Scn *symtab;
		GElf_Shdr ssh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_REL || sh.sh_info != maps ||
		    !sh.sh_entsize)
			continue;
		symtab = elf_getscn(elf, sh.sh_link);
		if (!symtab || !gelf_getshdr(symtab, &ssh))
			return -EINVAL;
		*mr = (struct maps_rels){ elf_getdata(scn, NULL), elf_getdata(symtab, NULL),
					  sh.sh_size / sh.sh_entsize, ssh.sh_link };
		return mr->rels && mr->syms ? 1 : -EINVAL;
	}
	return 0;
}

/* Fill the slot relocation i names, if it is a program's in a PROG_ARRAY. */
static int fill_one(struct bpf_object *obj, Elf *elf, const struct maps_rels *mr, size_t i,
		    const struct btf_type *sec, progarray_fd_fn fd_of, void *ctx,
		    const char **bad_prog)
{
	const struct btf *btf = bpf_object__btf(obj);
	const char *map_name, *prog;
	struct bpf_map *map;
	GElf_Rel rel;
	GElf_Sym sym;
	__u32 slot;
	int fd;

	if (!gelf_getrel(mr->rels, i, &rel) || !gelf_getsym(mr->syms, GELF_R_SYM(rel.r_info), &sym))
		return -EINVAL;
	if (GELF_ST_TYPE(sym.st_info) != STT_FUNC)
		return 0;	/* a map of a map-in-map: libbpf's prepare did it */
	map_name = slot_at(btf, sec, rel.r_offset, &slot);
	map = map_name ? bpf_object__find_map_by_name(obj, map_name) : NULL;
	if (!map || bpf_map__type(map) != BPF_MAP_TYPE_PROG_ARRAY)
		return 0;
	prog = elf_strptr(elf, mr->strndx, sym.st_name) ?: "?";
	fd = fd_of(prog, ctx);
	if (fd < 0) {
		*bad_prog = prog;
		return -EBADF;
	}
	return bpf_map_update_elem(bpf_map__fd(map), &slot, &fd, 0) ? -errno : 0;
}

static int fill(struct bpf_object *obj, Elf *elf, progarray_fd_fn fd_of, void *ctx,
		const char **bad_prog)
{
	const struct btf *btf = bpf_object__btf(obj);
	struct maps_rels mr;
	int id, err;

	id = btf ? btf__find_by_name_kind(btf, ".maps", BTF_KIND_DATASEC) : -ENOENT;
	if (id < 0)
		return 0;
	err = maps_rels__find(elf, &mr);
	for (size_t i = 0; err > 0 && i < mr.n; i++)
		err = fill_one(obj, elf, &mr, i, btf__type_by_id(btf, id), fd_of, ctx,
			       bad_prog) ?: 1;
	return err < 0 ? err : 0;
}

/* Whether obj has a PROG_ARRAY map at all: most objects have none, and
 * then the object file need not be read again. */
static bool has_prog_array(const struct bpf_object *obj)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_PROG_ARRAY)
			return true;
	return false;
}

int progarray__fill(struct bpf_object *obj, const char *path, progarray_fd_fn fd_of, void *ctx,
		    const char **bad_prog)
{
	int fd, err;
	Elf *elf;

	if (!has_prog_array(obj))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	err = elf ? fill(obj, elf, fd_of, ctx, bad_prog) : -EINVAL;
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}
