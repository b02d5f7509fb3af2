// SPDX-License-Identifier: GPL-2.0
/*
 * corpus.c: the cases of cases/ as `twc plan` and `twc judge` both see
 * them.  A file cases/<verdict>/<name>.bpf.c has its object at
 * <obj-dir>/<verdict>/<name>.bpf.o, or the compiler's message at
 * <obj-dir>/<verdict>/<name>.bpf.o.err.  Every program of the object that
 * is not __auxiliary is a case; a file that cannot give programs (no
 * object, compile error, unreadable object) is one broken case.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case/annot.h"
#include "case/corpus.h"
#include "lib/file.h"
#include "lib/sbuf.h"

/* The verdict each directory of cases/ stands for. */
static const struct {
	const char *dir;
	enum annot_expect expect;
} verdict_dirs[] = {
	{ "accept", ANNOT_EXPECT_SUCCESS },
	{ "reject", ANNOT_EXPECT_FAILURE },
};

struct name_list {
	int n, cap;
	char **names;
};

static int name_list__add(struct name_list *l, char *name)
{
	if (!name)
		return -ENOMEM;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 32;
		char **t = realloc(l->names, cap * sizeof(*t));

		if (!t) {
			free(name);
			return -ENOMEM;
		}
		l->names = t;
		l->cap = cap;
	}
	l->names[l->n++] = name;
	return 0;
}

static int str__cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect "<rel>/<file>.bpf.c" below root/rel, recursively. */
static int cases__walk(const char *root, const char *rel, struct name_list *out)
{
	struct sbuf path = {};
	struct dirent *de;
	DIR *d;
	int err;

	err = sbuf__addf(&path, "%s%s%s", root, *rel ? "/" : "", rel);
	if (err)
		return err;
	d = opendir(path.buf);
	sbuf__free(&path);
	if (!d)
		return -errno;
	while (!err && (de = readdir(d))) {
		struct sbuf sub = {};
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		err = sbuf__addf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		if (!err && de->d_type == DT_DIR)
			err = cases__walk(root, sub.buf, out);
		else if (!err && len > 6 && !strcmp(de->d_name + len - 6, ".bpf.c"))
			err = name_list__add(out, sbuf__detach(&sub));
		sbuf__free(&sub);
	}
	closedir(d);
	return err;
}

bool corpus_filter__match(const struct corpus_filter *f, const char *id,
			  const char *file_id)
{
	bool has_include = false, included = false;

	for (int i = 0; f && i < f->n; i++) {
		const char *g = f->globs[i];
		bool neg = g[0] == '!';
		bool hit = !fnmatch(g + neg, id, 0) || !fnmatch(g + neg, file_id, 0);

		if (neg && hit)
			return false;
		if (!neg) {
			has_include = true;
			included |= hit;
		}
	}
	return !has_include || included;
}

const char *corpus_filter__unmatched(const struct corpus_filter *f, const struct corpus *c)
{
	for (int i = 0; f && i < f->n; i++) {
		const char *g = f->globs[i];
		bool hit = false;

		if (g[0] == '!')
			continue;
		for (int j = 0; j < c->n_cases && !hit; j++)
			hit = !fnmatch(g, c->cases[j].id, 0) ||
			      (c->cases[j].file_id && !fnmatch(g, c->cases[j].file_id, 0));
		if (!hit)
			return g;
	}
	return NULL;
}

static struct corpus_case *corpus__add(struct corpus *c, int *cap)
{
	if (c->n_cases == *cap) {
		int n = *cap ? *cap * 2 : 32;
		struct corpus_case *t = realloc(c->cases, n * sizeof(*t));

		if (!t)
			return NULL;
		c->cases = t;
		*cap = n;
	}
	memset(&c->cases[c->n_cases], 0, sizeof(c->cases[0]));
	return &c->cases[c->n_cases++];
}

/* Reason and detail of a compile failure: the first lines of .err. */
static int case__compile_error(struct corpus_case *k, const char *err_path)
{
	char *text = NULL, *first, *p;
	struct sbuf detail = {};
	size_t len;
	int lines = 0;

	if (file__read(err_path, &text, &len))
		text = strdup("");
	if (!text)
		return -ENOMEM;
	first = strstr(text, "error:");
	while (first && first > text && first[-1] != '\n')
		first--;	/* the whole line: file:line:col: error: ... */
	for (p = text; *p && lines < 8; lines++) {
		size_t n = strcspn(p, "\n");

		sbuf__addf(&detail, "    %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (asprintf(&k->reason, "does not compile: %.*s", first ? (int)strcspn(first, "\n") :
		     (int)strcspn(text, "\n"), first ? first : text) < 0)
		k->reason = NULL;
	k->detail = sbuf__detach(&detail);
	free(text);
	k->problem = CASE_COMPILE;
	return k->reason && k->detail ? 0 : -ENOMEM;
}

int corpus_case__locate(struct corpus_case *k, const char *obj_dir)
{
	struct sbuf err_path = {};
	struct stat so, se;
	bool has_obj, has_err;
	int err;

	if (strpbrk(k->file_id, " \t\n")) {
		k->problem = CASE_NAME;
		k->reason = strdup("the file name has white space, which the plan cannot carry");
		return k->reason ? 0 : -ENOMEM;
	}
	if (asprintf(&k->obj, "%s/%s.bpf.o", obj_dir, k->file_id) < 0 ||
	    asprintf(&k->guest_obj, "obj/%s.bpf.o", k->file_id) < 0 ||
	    sbuf__addf(&err_path, "%s.err", k->obj))
		return -ENOMEM;
	has_obj = !stat(k->obj, &so);
	has_err = !stat(err_path.buf, &se);
	err = 0;
	if (has_err && (!has_obj || se.st_mtime >= so.st_mtime)) {
		err = case__compile_error(k, err_path.buf);
	} else if (!has_obj) {
		k->problem = CASE_NO_OBJECT;
		if (asprintf(&k->reason, "no object '%s' (run make objs)", k->obj) < 0)
			err = -ENOMEM;
	}
	sbuf__free(&err_path);
	return err;
}

/* The problem of a case program, given its file's verdict directory. */
static int case__check(struct corpus_case *k, const struct annot_prog *p,
		       const char *aux_error)
{
	const char *slash = strchr(k->file_id, '/');
	size_t dlen = slash ? (size_t)(slash - k->file_id) : 0;
	size_t i, n = sizeof(verdict_dirs) / sizeof(verdict_dirs[0]);
	int r = 0;

	for (i = 0; i < n; i++)
		if (strlen(verdict_dirs[i].dir) == dlen && !strncmp(k->file_id, verdict_dirs[i].dir, dlen))
			break;
	if (p->error)
		k->problem = CASE_ANNOTATION, r = asprintf(&k->reason, "annotation: %s", p->error);
	else if (aux_error)
		k->problem = CASE_ANNOTATION, r = asprintf(&k->reason, "annotation: %s", aux_error);
	else if (p->expect == ANNOT_EXPECT_NONE)
		k->problem = CASE_ANNOTATION,
		r = asprintf(&k->reason, "annotation: neither __success nor __failure");
	else if (i == n)
		k->problem = CASE_VERDICT_DIR,
		r = asprintf(&k->reason, "not in a verdict directory (cases/accept or cases/reject)");
	else if (verdict_dirs[i].expect != p->expect)
		k->problem = CASE_VERDICT_DIR,
		r = asprintf(&k->reason, "verdict directory '%s' disagrees with %s",
			     verdict_dirs[i].dir, p->expect == ANNOT_EXPECT_SUCCESS ?
			     "__success" : "__failure");
	return r < 0 ? -ENOMEM : 0;
}

/* The auxiliary programs of an object: "a,b" or "-", and the first error. */
static int obj__aux(const struct annot_obj *o, char **aux, char **aux_error)
{
	struct sbuf sb = {};
	int err = 0;

	*aux_error = NULL;
	for (int i = 0; i < o->n_progs && !err; i++) {
		const struct annot_prog *p = &o->progs[i];

		if (!p->auxiliary)
			continue;
		if (p->error && !*aux_error &&
		    asprintf(aux_error, "auxiliary program '%s': %s", p->name, p->error) < 0)
			err = -ENOMEM;
		if (!err)
			err = sbuf__addf(&sb, "%s%s", sb.len ? "," : "", p->name);
	}
	*aux = sb.len ? sbuf__detach(&sb) : strdup("-");
	sbuf__free(&sb);
	return err ?: (*aux ? 0 : -ENOMEM);
}

/* Fill the fields every case of a file shares. */
static int case__init_file(struct corpus_case *k, const char *cases_dir, const char *rel)
{
	size_t len = strlen(rel) - strlen(".bpf.c");

	k->file_id = strndup(rel, len);
	if (!k->file_id || asprintf(&k->src, "%s/%s", cases_dir, rel) < 0)
		return -ENOMEM;
	return 0;
}

static int case__copy_file(struct corpus_case *dst, const struct corpus_case *src)
{
	dst->file_id = strdup(src->file_id);
	dst->src = strdup(src->src);
	dst->obj = strdup(src->obj);
	dst->guest_obj = strdup(src->guest_obj);
	return dst->file_id && dst->src && dst->obj && dst->guest_obj ? 0 : -ENOMEM;
}

/* The case programs of one readable object. */
static int corpus__add_progs(struct corpus *c, int *cap, const struct corpus_case *file,
			     const struct annot_obj *o)
{
	char *aux = NULL, *aux_error = NULL;
	int n_cases = 0, err;

	for (int i = 0; i < o->n_progs; i++)
		n_cases += !o->progs[i].auxiliary;
	err = obj__aux(o, &aux, &aux_error);
	for (int i = 0; i < o->n_progs && !err; i++) {
		struct annot_prog *p = &o->progs[i];
		struct corpus_case *k;

		if (p->auxiliary)
			continue;
		k = corpus__add(c, cap);
		if (!k || case__copy_file(k, file) || !(k->aux = strdup(aux))) {
			err = -ENOMEM;
			break;
		}
		k->prog = p;
		k->compiler = o->compiler;
		k->log_level = p->log_level >= 0 ? p->log_level : TWC_DEFAULT_LOG_LEVEL;
		k->arch_ok = !p->arch_mask || (p->arch_mask & ANNOT_ARCH_X86_64);
		if (n_cases == 1)
			k->id = strdup(k->file_id);
		else if (asprintf(&k->id, "%s/%s", k->file_id, p->name) < 0)
			k->id = NULL;
		err = k->id ? case__check(k, p, aux_error) : -ENOMEM;
	}
	free(aux);
	free(aux_error);
	return err;
}

/* One case file: its programs, or one broken case standing for it. */
static int corpus__load_file(struct corpus *c, int *cap, const char *cases_dir,
			     const char *obj_dir, const char *rel)
{
	struct annot_obj *o = &c->objs[c->n_objs];
	struct corpus_case file = {}, *k;
	int err;

	err = case__init_file(&file, cases_dir, rel) ?: corpus_case__locate(&file, obj_dir);
	if (err)
		goto cleanup;
	if (!file.problem && annot_obj__read(o, file.obj)) {
		file.problem = CASE_OBJECT;
		if (asprintf(&file.reason, "cannot read object '%s': %s", file.obj,
			     o->error ? o->error : "unknown error") < 0)
			file.reason = NULL;
	}
	c->n_objs++;
	if (!file.problem) {
		for (int i = 0; i < o->n_progs; i++)
			if (!o->progs[i].auxiliary)
				goto progs;
		file.problem = CASE_NO_PROGRAMS;
		file.reason = strdup("no case program in the file (all are __auxiliary)");
	}
	if ((file.problem && !file.reason) || !(k = corpus__add(c, cap))) {
		err = -ENOMEM;
		goto cleanup;
	}
	*k = file;
	k->id = strdup(file.file_id);
	k->aux = strdup("-");
	k->log_level = TWC_DEFAULT_LOG_LEVEL;
	return k->id && k->aux ? 0 : -ENOMEM;
progs:
	err = corpus__add_progs(c, cap, &file, o);
cleanup:
	corpus_case__free(&file);
	return err;
}

static int case__cmp(const void *a, const void *b)
{
	return strcmp(((const struct corpus_case *)a)->id, ((const struct corpus_case *)b)->id);
}

void corpus__sort(struct corpus *c)
{
	if (c->n_cases)	/* none yet: no array to sort */
		qsort(c->cases, c->n_cases, sizeof(*c->cases), case__cmp);
}

void corpus_case__free(struct corpus_case *k)
{
	free(k->id);
	free(k->file_id);
	free(k->src);
	free(k->obj);
	free(k->guest_obj);
	free(k->reason);
	free(k->detail);
	free(k->aux);
	free(k->golden);
	free(k->btf_guest);
	for (int i = 0; i < k->n_mapvals; i++) {
		free(k->mapvals[i].map);
		free(k->mapvals[i].key);
		free(k->mapvals[i].value);
	}
	free(k->mapvals);
	corpus_btf__free(k->btf);
}

/* Drop the cases the filter does not select, keeping the order. */
static void corpus__filter(struct corpus *c, const struct corpus_filter *filter)
{
	int n = 0;

	for (int i = 0; i < c->n_cases; i++) {
		if (corpus_filter__match(filter, c->cases[i].id, c->cases[i].file_id))
			c->cases[n++] = c->cases[i];
		else
			corpus_case__free(&c->cases[i]);
	}
	c->n_cases = n;
}

int corpus__load(struct corpus *c, const char *cases_dir, const char *obj_dir,
		 const struct corpus_filter *filter)
{
	struct name_list files = {};
	int cap = 0, err;

	memset(c, 0, sizeof(*c));
	err = cases__walk(cases_dir, "", &files);
	if (err)
		goto cleanup;
	qsort(files.names, files.n, sizeof(*files.names), str__cmp);
	c->objs = calloc(files.n ? files.n : 1, sizeof(*c->objs));
	if (!c->objs) {
		err = -ENOMEM;
		goto cleanup;
	}
	for (int i = 0; i < files.n && !err; i++)
		err = corpus__load_file(c, &cap, cases_dir, obj_dir, files.names[i]);
	if (!err) {
		corpus__filter(c, filter);
		corpus__sort(c);
	}
cleanup:
	for (int i = 0; i < files.n; i++)
		free(files.names[i]);
	free(files.names);
	if (err)
		corpus__free(c);
	return err;
}

void corpus__free(struct corpus *c)
{
	for (int i = 0; i < c->n_cases; i++)
		corpus_case__free(&c->cases[i]);
	for (int i = 0; i < c->n_objs; i++)
		annot_obj__free(&c->objs[i]);
	free(c->cases);
	free(c->objs);
	memset(c, 0, sizeof(*c));
}

int corpus__read(struct corpus *c, const struct corpus_sources *src,
		 const struct corpus_filter *filter, const char **where)
{
	char *msg = NULL;
	int err = 0;

	memset(c, 0, sizeof(*c));
	*where = src->cases_dir;
	if (src->cases_dir)
		err = corpus__load(c, src->cases_dir, src->obj_dir, filter);
	if (!err && src->btf_dir) {
		*where = src->btf_dir;
		err = corpus__load_btf(c, src->btf_dir, filter);
	}
	if (!err && src->upstream) {
		*where = src->upstream;
		err = corpus__load_upstream(c, src->upstream, src->obj_dir, filter, &msg);
		if (msg)
			fprintf(stderr, "twc: %s: %s\n", src->upstream, msg);
		free(msg);
	}
	return err;
}
