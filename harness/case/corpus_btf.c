// SPDX-License-Identifier: GPL-2.0
/*
 * corpus_btf.c: the BTF cases of the corpus (corpus.h): every .case file of
 * btf/ and btf/maps/ is parsed and its BTF built with libbpf, so a case the
 * guest could not run is an ERROR before any boot, naming the line and the
 * field.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "case/btfcase.h"
#include "case/corpus.h"
#include "lib/errnames.h"
#include "lib/file.h"
#include "lib/sbuf.h"

void corpus_btf__free(struct corpus_btf *b)
{
	if (!b)
		return;
	btfcase__free(&b->bc);
	annot_prog__free(&b->prog);
	free(b);
}

/* Copy what reports show (description, rules, requires) into the prog. */
static int corpus_btf__prog(struct corpus_btf *b)
{
	struct annot_prog *p = &b->prog;

	p->description = b->bc.description ? strdup(b->bc.description) : NULL;
	for (int i = 0; i < b->bc.n_rules && i < ANNOT_MAX_RULES; i++)
		if (!(p->rules[p->n_rules++] = strdup(b->bc.rules[i])))
			return -ENOMEM;
	for (int i = 0; i < b->bc.n_reqs && i < ANNOT_MAX_REQS; i++)
		if (!(p->reqs[p->n_reqs++] = strdup(b->bc.reqs[i])))
			return -ENOMEM;
	return 0;
}

/* Parse and build one case file; a problem becomes the case's reason. */
static int corpus_btf__read(struct corpus_case *k)
{
	struct corpus_btf *b = calloc(1, sizeof(*b));
	char *text = NULL;
	size_t len;
	int err;

	if (!b)
		return -ENOMEM;
	k->btf = b;
	k->prog = &b->prog;
	annot_prog__init(&b->prog);
	b->prog.name = strdup("-");
	if (!b->prog.name)
		return -ENOMEM;
	err = file__read(k->src, &text, &len);
	if (!err) {
		err = btfcase__parse(&b->bc, text, len) ?: btfcase__build(&b->bc, NULL);
		free(text);
		if (err == -ENOMEM)
			return err;
		if (err && asprintf(&k->reason, "malformed BTF case '%s': %s", k->guest_obj,
				    b->bc.error ? b->bc.error : ESYM(err)) < 0)
			return -ENOMEM;
	} else if (asprintf(&k->reason, "cannot read '%s': %s", k->src, ESYM(err)) < 0) {
		return -ENOMEM;
	}
	if (err)
		k->problem = CASE_BTF_SYNTAX;
	return corpus_btf__prog(b);
}

/* A new corpus case for <dir>/<rel> (rel: "x.case" or "maps/x.case"). */
static int corpus_btf__add(struct corpus *c, const char *dir, const char *rel,
			 const struct corpus_filter *filter)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	struct corpus_case *k, *t;
	char *id = NULL;

	if (asprintf(&id, "btf/%.*s", (int)(strlen(base) - 5), base) < 0)
		return -ENOMEM;
	if (!corpus_filter__match(filter, id, id)) {
		free(id);
		return 0;
	}
	t = realloc(c->cases, (c->n_cases + 1) * sizeof(*t));
	if (!t) {
		free(id);
		return -ENOMEM;
	}
	c->cases = t;
	k = &t[c->n_cases++];
	memset(k, 0, sizeof(*k));
	k->id = id;
	k->arch_ok = true;
	if (!(k->file_id = strdup(id)) || !(k->aux = strdup("-")) ||
	    asprintf(&k->src, "%s/%s", dir, rel) < 0 || !(k->obj = strdup(k->src)) ||
	    asprintf(&k->guest_obj, "btf/%s", rel) < 0)
		return -ENOMEM;
	if (!strchr(rel, '/') && asprintf(&k->golden, "%s/%.*s.expected", dir,
					  (int)(strlen(rel) - 5), rel) < 0)
		return -ENOMEM;
	for (int i = 0; i < c->n_cases - 1; i++)
		if (!strcmp(c->cases[i].id, id)) {
			k->problem = CASE_BTF_SYNTAX;
			return asprintf(&k->reason, "the id is taken by '%s'; rename one",
					c->cases[i].guest_obj) < 0 ? -ENOMEM : 0;
		}
	return corpus_btf__read(k);
}

/* The "<sub><name>.case" files of dir/sub, sorted; missing dir: none. */
static int corpus_btf__list(const char *dir, const char *sub, char ***names, int *n)
{
	struct sbuf path = {};
	struct dirent *de;
	DIR *d;
	int err = sbuf__addf(&path, "%s/%s", dir, sub);

	*names = NULL;
	*n = 0;
	d = err ? NULL : opendir(path.buf);
	sbuf__free(&path);
	if (!d)
		return err ?: (errno == ENOENT ? 0 : -errno);
	while (!err && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **t;

		if (de->d_name[0] == '.' || len <= 5 || strcmp(de->d_name + len - 5, ".case"))
			continue;
		t = realloc(*names, (*n + 1) * sizeof(*t));
		if (!t || asprintf(&t[*n], "%s%s", sub, de->d_name) < 0)
			err = -ENOMEM;
		if (t)
			*names = t;
		*n += !err;
	}
	closedir(d);
	qsort(*names, *n, sizeof(**names), str__cmpp);
	return err;
}

int corpus__load_btf(struct corpus *c, const char *btf_dir, const struct corpus_filter *filter)
{
	static const char *const subs[] = { "", "maps/" };
	int err = 0;

	for (size_t s = 0; s < sizeof(subs) / sizeof(subs[0]) && !err; s++) {
		char **names;
		int n;

		err = corpus_btf__list(btf_dir, subs[s], &names, &n);
		for (int i = 0; i < n; i++) {
			if (!err)
				err = corpus_btf__add(c, btf_dir, names[i], filter);
			free(names[i]);
		}
		free(names);
	}
	corpus__sort(c);
	return err;
}
