// SPDX-License-Identifier: GPL-2.0
/*
 * corpus_upstream.c: the upstream files of a run as cases of the corpus
 * (corpus.h, upstream.h).  The list file names each progs file and its
 * source; its object is <obj-dir>/upstream/<stem>.bpf.o (or the
 * compiler's message in .bpf.o.err), read by annot_upstream.c into one
 * spec per run of each program.  Each test run is a case; auxiliary
 * programs are loaded beside the runs of their mode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "case/annot.h"
#include "case/corpus.h"
#include "case/upstream.h"
#include "lib/file.h"
#include "lib/sbuf.h"

/* Append s (taken) to *v, an array of *n. */
static int strs__add(char ***v, int *n, char *s)
{
	char **t = s ? realloc(*v, (*n + 1) * sizeof(*t)) : NULL;

	if (!t) {
		free(s);
		return -ENOMEM;
	}
	*v = t;
	t[(*n)++] = s;
	return 0;
}

/* "expect <stem> <prog> success|failure". */
static int upstream_list__expect_line(struct upstream_list *l, const char *line)
{
	char stem[256], prog[256], what[16], extra;
	struct upstream_expect *t, *e;

	if (sscanf(line, "expect %255s %255s %15s %c", stem, prog, what, &extra) != 3 ||
	    (strcmp(what, "success") && strcmp(what, "failure")))
		return -EINVAL;
	t = realloc(l->expects, (l->n_expects + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	l->expects = t;
	e = &t[l->n_expects];
	e->expect = strcmp(what, "success") ? ANNOT_EXPECT_FAILURE : ANNOT_EXPECT_SUCCESS;
	e->stem = strdup(stem);
	e->prog = strdup(prog);
	l->n_expects++;
	return e->stem && e->prog ? 0 : -ENOMEM;
}

/* One line of a list: "file <stem> <source>", "testmod <kfunc>",
 * "mapvals <table>" (once) or "expect <stem> <prog> success|failure". */
static int upstream_list__line(struct upstream_list *l, const char *line)
{
	char kind[16], a[4096], b[4096], extra;
	int n = sscanf(line, "%15s %4095s %4095s %c", kind, a, b, &extra);
	int err;

	if (n == 3 && !strcmp(kind, "file")) {
		int n_srcs = l->n_files;

		for (int i = 0; i < l->n_files; i++)
			if (!strcmp(l->stems[i], a))
				return -EINVAL;	/* two files, one stem: one id */
		err = strs__add(&l->srcs, &n_srcs, strdup(b));
		return err ?: strs__add(&l->stems, &l->n_files, strdup(a));
	}
	if (n == 2 && !strcmp(kind, "testmod"))
		return strs__add(&l->testmod, &l->n_testmod, strdup(a));
	if (n == 2 && !strcmp(kind, "mapvals") && !l->mapvals)
		return (l->mapvals = strdup(line + strlen("mapvals "))) ? 0 : -ENOMEM;
	if (!strcmp(kind, "expect"))
		return upstream_list__expect_line(l, line);
	return -EINVAL;
}

int upstream_list__parse(struct upstream_list *l, const char *text, char **errmsg)
{
	int err = 0, n = 0;

	memset(l, 0, sizeof(*l));
	*errmsg = NULL;
	for (const char *p = text; *p && !err; n++) {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len);

		if (!line)
			return upstream_list__free(l), -ENOMEM;
		if (*line && *line != '#')
			err = upstream_list__line(l, line);
		if (err == -EINVAL && asprintf(errmsg, "line %d: malformed: '%.80s' (want 'file "
					       "<stem> <source>', 'testmod <kfunc>', 'mapvals <table>' "
					       "or 'expect <stem> <prog> success|failure', one stem "
					       "once)", n + 1, line) < 0)
			*errmsg = NULL;
		free(line);
		p += len + (p[len] == '\n');
	}
	if (err)
		upstream_list__free(l);
	return err;
}

int upstream_list__read(struct upstream_list *l, const char *path, char **errmsg)
{
	char *text;
	size_t len;
	int err;

	memset(l, 0, sizeof(*l));
	*errmsg = NULL;
	err = file__read(path, &text, &len);
	if (err)
		return err;
	err = strlen(text) == len ? upstream_list__parse(l, text, errmsg) : -EINVAL;
	free(text);
	return err;
}

bool upstream_list__is_testmod(const struct upstream_list *l, const char *kfunc)
{
	for (int i = 0; i < l->n_testmod; i++)
		if (!strcmp(l->testmod[i], kfunc))
			return true;
	return false;
}

int upstream_list__apply_expects(const struct upstream_list *l, const char *stem,
				 struct annot_obj *o, char **why)
{
	*why = NULL;
	for (int i = 0; i < l->n_expects; i++) {
		const struct upstream_expect *e = &l->expects[i];
		int found = 0;

		if (strcmp(e->stem, stem))
			continue;
		for (int j = 0; j < o->n_progs; j++) {
			struct annot_prog *p = &o->progs[j];

			if (strcmp(p->name, e->prog) || p->auxiliary)
				continue;
			if (!p->expect_implied)
				return asprintf(why, "cases/upstream/prog_tests.tsv: '%s %s': the program "
						"is annotated __success or __failure itself", stem,
						e->prog) < 0 ? -ENOMEM : 0;
			p->expect = e->expect;
			found++;
		}
		if (!found)
			return asprintf(why, "cases/upstream/prog_tests.tsv: '%s %s': the file has no "
					"such test program", stem, e->prog) < 0 ? -ENOMEM : 0;
	}
	return 0;
}

void upstream_list__free(struct upstream_list *l)
{
	for (int i = 0; i < l->n_expects; i++)
		free(l->expects[i].stem), free(l->expects[i].prog);
	free(l->expects);
	for (int i = 0; i < l->n_files; i++)
		free(l->stems[i]), free(l->srcs[i]);
	for (int i = 0; i < l->n_testmod; i++)
		free(l->testmod[i]);
	free(l->stems);
	free(l->srcs);
	free(l->testmod);
	free(l->mapvals);
	memset(l, 0, sizeof(*l));
}

/* A new case at the end of c, zeroed; NULL when out of memory. */
static struct corpus_case *corpus__append(struct corpus *c)
{
	struct corpus_case *t = realloc(c->cases, (c->n_cases + 1) * sizeof(*t));

	if (!t)
		return NULL;
	c->cases = t;
	memset(&t[c->n_cases], 0, sizeof(*t));
	return &t[c->n_cases++];
}

/* The auxiliary programs of one mode: "a,b" or "-"; *error: the first
 * one's annotation error. */
static int specs__aux(const struct annot_obj *o, bool unpriv, char **aux, const char **error)
{
	struct sbuf sb = {};
	int err = 0;

	*error = NULL;
	for (int i = 0; i < o->n_progs && !err; i++) {
		const struct annot_prog *p = &o->progs[i];

		if (!p->auxiliary || p->unpriv != unpriv)
			continue;
		if (p->error && !*error)
			*error = p->error;
		err = sbuf__addf(&sb, "%s%s", sb.len ? "," : "", p->name);
	}
	*aux = err ? NULL : sb.len ? sbuf__detach(&sb) : strdup("-");
	sbuf__free(&sb);
	return *aux ? 0 : -ENOMEM;
}

/* What the runs of one file share besides their object: the map-value
 * table (upstream.h), the file's stem in it, and why the file's rows
 * cannot be written (NULL: they can). */
struct file_setup {
	const struct upstream_mapvals *table;
	const char *stem;
	char *error;
};

/* Whether a row of the table names a map of the object with its key and
 * value sizes; *why (malloc'd) says which row does not.  0 or -ENOMEM. */
static int mapvals__check_obj(struct file_setup *fs, struct bpf_object *o)
{
	int r = 0;

	for (int i = 0; fs->table && i < fs->table->n && !fs->error && r >= 0; i++) {
		const struct upstream_mapval *v = &fs->table->v[i];
		const struct bpf_map *m = bpf_object__find_map_by_name(o, v->map);
		__u32 key = strlen(v->key) / 2, value = strlen(v->value) / 2;

		if (strcmp(v->stem, fs->stem))
			continue;
		if (!m)
			r = asprintf(&fs->error, "%s: line %d: no map '%s' in the object",
				     fs->table->path, v->line, v->map);
		else if (bpf_map__key_size(m) != key || bpf_map__value_size(m) != value)
			r = asprintf(&fs->error, "%s: line %d: map '%s' has %u-byte keys and %u-byte "
				     "values, the row gives %u and %u", fs->table->path, v->line,
				     v->map, bpf_map__key_size(m), bpf_map__value_size(m), key, value);
	}
	return r < 0 ? -ENOMEM : 0;
}

/* The file's rows against its object (obj), when it has any. */
static int mapvals__check(struct file_setup *fs, const char *obj)
{
	struct bpf_object *o;
	bool any = false;
	int err;

	for (int i = 0; fs->table && i < fs->table->n; i++)
		any |= !strcmp(fs->table->v[i].stem, fs->stem);
	if (!any)
		return 0;
	o = bpf_object__open_file(obj, NULL);
	if (!o)
		return asprintf(&fs->error, "%s: cannot open '%s' to find its maps",
				fs->table->path, obj) < 0 ? -ENOMEM : 0;
	err = mapvals__check_obj(fs, o);
	bpf_object__close(o);
	return err;
}

/* The file's rows as the case's map values. */
static int case__mapvals(struct corpus_case *k, const struct file_setup *fs)
{
	for (int i = 0; fs->table && i < fs->table->n; i++) {
		const struct upstream_mapval *v = &fs->table->v[i];
		struct corpus_mapval *t;

		if (strcmp(v->stem, fs->stem))
			continue;
		t = realloc(k->mapvals, (k->n_mapvals + 1) * sizeof(*t));
		if (!t)
			return -ENOMEM;
		k->mapvals = t;
		t = &t[k->n_mapvals++];
		t->map = strdup(v->map), t->key = strdup(v->key), t->value = strdup(v->value);
		if (!t->map || !t->key || !t->value)
			return -ENOMEM;
	}
	return 0;
}

/* __btf_path(name): the object test_progs finds beside its own, here
 * <obj-dir>/upstream/btf/<name> (harness/sh/upstream.sh lists progs/<stem>.c
 * beside the file for name <stem>.bpf.o, the Makefile compiles it); the
 * case's problem when it is not there. */
static int case__btf_path(struct corpus_case *k, const char *name)
{
	char *host = NULL, *dir = strrchr(k->obj, '/'), *gdir = strrchr(k->guest_obj, '/');
	int r;

	if (asprintf(&host, "%.*s/btf/%s", (int)(dir - k->obj), k->obj, name) < 0 ||
	    asprintf(&k->btf_guest, "%.*s/btf/%s", (int)(gdir - k->guest_obj), k->guest_obj,
		     name) < 0)
		return free(host), -ENOMEM;
	if (!access(host, R_OK)) {
		free(host);
		return 0;
	}
	k->problem = CASE_ANNOTATION;
	r = asprintf(&k->reason, "__btf_path: no object '%s' (%s)", host,
		     strlen(name) > 6 && !strcmp(name + strlen(name) - 6, ".bpf.o") ?
		     "its progs file does not compile, or there is none beside this one" :
		     "a name test_progs gives an object ends in .bpf.o");
	free(host);
	return r < 0 ? -ENOMEM : 0;
}

/* What a run needs beyond its spec: __btf_path's object, the map values
 * of a run that is test-run. */
static int case__setup(struct corpus_case *k, const struct annot_prog *p,
		       const struct file_setup *fs)
{
	int err = p->btf_path ? case__btf_path(k, p->btf_path) : 0;

	if (err || k->problem || !annot_prog__test_run(p))
		return err;
	if (fs->error) {
		k->problem = CASE_ANNOTATION;
		return asprintf(&k->reason, "map values: %s", fs->error) < 0 ? -ENOMEM : 0;
	}
	return case__mapvals(k, fs);
}

/* Fill a case of one run (id: taken) from its file and its spec. */
static int case__of_spec(struct corpus_case *k, char *id, const struct corpus_case *file,
			 const struct annot_obj *o, const struct annot_prog *p,
			 const struct file_setup *fs)
{
	const char *aux_error;
	int r = 0;

	k->id = id;
	k->upstream = true;
	k->prog = (struct annot_prog *)p;
	k->log_level = p->log_level >= 0 ? p->log_level : 0;	/* libbpf's default */
	k->compiler = o->compiler;
	k->arch_ok = !p->arch_mask || (p->arch_mask & ANNOT_ARCH_X86_64);
	if (!(k->file_id = strdup(file->file_id)) || !(k->src = strdup(file->src)) ||
	    !(k->obj = strdup(file->obj)) || !(k->guest_obj = strdup(file->guest_obj)) ||
	    specs__aux(o, p->unpriv, &k->aux, &aux_error))
		return -ENOMEM;
	if (p->error)
		k->problem = CASE_ANNOTATION, r = asprintf(&k->reason, "annotation: %s", p->error);
	else if (aux_error)
		k->problem = CASE_ANNOTATION,
		r = asprintf(&k->reason, "annotation: an auxiliary program: %s", aux_error);
	return r < 0 ? -ENOMEM : case__setup(k, p, fs);
}

/* The runs of a readable object that the filter selects, as cases. */
static int corpus__add_specs(struct corpus *c, const struct corpus_case *file,
			     const struct annot_obj *o, const struct corpus_filter *filter,
			     const struct file_setup *fs)
{
	int err = 0;

	for (int i = 0; i < o->n_progs && !err; i++) {
		const struct annot_prog *p = &o->progs[i];
		struct corpus_case *k;
		char *id;

		if (p->auxiliary)
			continue;
		if (asprintf(&id, "%s/%s%s", file->file_id, p->name, p->unpriv ? "@unpriv" : "") < 0)
			return -ENOMEM;
		if (!corpus_filter__match(filter, id, file->file_id)) {
			free(id);
			continue;
		}
		k = corpus__append(c);
		if (!k)
			free(id);
		err = k ? case__of_spec(k, id, file, o, p, fs) : -ENOMEM;
	}
	return err;
}

/* A file that gives no runs: one case, "upstream/<stem>", with the
 * problem (file's fields are taken). */
static int corpus__add_broken(struct corpus *c, struct corpus_case *file,
			      const struct corpus_filter *filter)
{
	struct corpus_case *k;

	if (!corpus_filter__match(filter, file->file_id, file->file_id))
		return 0;
	if (!file->reason || !(k = corpus__append(c)))
		return -ENOMEM;
	*k = *file;
	memset(file, 0, sizeof(*file));
	k->upstream = true;
	k->log_level = 0;
	k->id = strdup(k->file_id);
	k->aux = strdup("-");
	return k->id && k->aux ? 0 : -ENOMEM;
}

/* Read the object of a located file into o; a problem is the file's. */
static int upstream_file__read(struct corpus_case *file, struct annot_obj *o,
			       const struct upstream_list *l)
{
	bool tests = false;
	int err = file->problem ? 0 : annot_obj__read_upstream(o, file->obj, l);

	if (err == -ENOMEM)
		return err;
	if (err) {
		file->problem = CASE_OBJECT;
		return asprintf(&file->reason, "cannot read object '%s': %s", file->obj,
				o->error ? o->error : "unknown error") < 0 ? -ENOMEM : 0;
	}
	for (int i = 0; i < o->n_progs; i++)
		tests |= !o->progs[i].auxiliary;
	if (!file->problem && upstream_list__apply_expects(l, file->file_id + strlen("upstream/"),
							   o, &file->reason))
		return -ENOMEM;
	if (file->reason && !file->problem)
		file->problem = CASE_ANNOTATION;
	if (file->problem || tests)
		return 0;
	file->problem = CASE_NO_PROGRAMS;
	file->reason = strdup("no test program in the file (none, or all are __auxiliary)");
	return file->reason ? 0 : -ENOMEM;
}

/* One file of the list: its runs, or one broken case standing for it;
 * table: the map values (NULL: none). */
static int corpus__upstream_file(struct corpus *c, const struct upstream_list *l, int i,
				 const char *obj_dir, const struct corpus_filter *filter,
				 const struct upstream_mapvals *table)
{
	struct file_setup fs = { table, l->stems[i], NULL };
	struct corpus_case file = {};
	struct annot_obj *t;
	int err = -ENOMEM;

	if (asprintf(&file.file_id, "upstream/%s", l->stems[i]) < 0)
		file.file_id = NULL;
	if (file.file_id && (file.src = strdup(l->srcs[i])))
		err = corpus_case__locate(&file, obj_dir);
	t = err ? NULL : realloc(c->objs, (c->n_objs + 1) * sizeof(*t));
	if (!t)
		err = err ?: -ENOMEM;
	if (t) {
		c->objs = t;
		memset(&t[c->n_objs], 0, sizeof(*t));
		err = upstream_file__read(&file, &t[c->n_objs++], l);
	}
	if (!err && file.problem)
		err = corpus__add_broken(c, &file, filter);
	else if (!err)
		err = mapvals__check(&fs, file.obj) ?:
		      corpus__add_specs(c, &file, &t[c->n_objs - 1], filter, &fs);
	corpus_case__free(&file);
	free(fs.error);
	return err;
}

int corpus__load_upstream(struct corpus *c, const char *upstream_list, const char *obj_dir,
			  const struct corpus_filter *filter, char **errmsg)
{
	struct upstream_mapvals table = {};
	struct upstream_list l;
	int err = upstream_list__read(&l, upstream_list, errmsg);

	if (!err && l.mapvals)
		err = upstream_mapvals__read(&table, l.mapvals, errmsg);
	for (int i = 0; i < l.n_files && !err; i++)
		err = corpus__upstream_file(c, &l, i, obj_dir, filter, l.mapvals ? &table : NULL);
	upstream_mapvals__free(&table);
	upstream_list__free(&l);
	corpus__sort(c);
	return err;
}
