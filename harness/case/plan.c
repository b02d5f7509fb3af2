// SPDX-License-Identifier: GPL-2.0
/*
 * plan.c: `twc plan`, and the plan file (PROTOCOL.md) written and read.
 *
 * The plan is only what the guest needs: the loadable case programs, in id
 * order, and the facts (REQ) the guest must report.  Broken cases are left
 * out; `twc judge` finds them again from cases/ and reports them as ERROR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "btfjudge.h"
#include "cmds.h"
#include "twc.h"

static int str__cmpp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add a fact (without its leading '!') unless the plan has it already. */
static int plan__add_req(struct plan *p, const char *req)
{
	const char *fact = req + (req[0] == '!');
	char **t;

	for (int i = 0; i < p->n_reqs; i++)
		if (!strcmp(p->reqs[i], fact))
			return 0;
	t = realloc(p->reqs, (p->n_reqs + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	p->reqs = t;
	t[p->n_reqs] = strdup(fact);
	return t[p->n_reqs++] ? 0 : -ENOMEM;
}

int plan__build(struct plan *p, const struct corpus *c)
{
	int err = 0;

	memset(p, 0, sizeof(*p));
	p->cases = calloc(c->n_cases ? c->n_cases : 1, sizeof(*p->cases));
	if (!p->cases)
		return -ENOMEM;
	for (int i = 0; i < c->n_cases && !err; i++) {
		const struct corpus_case *k = &c->cases[i];
		struct plan_case *pc = &p->cases[p->n_cases];

		if (k->problem || !k->arch_ok)
			continue;
		pc->idx = p->n_cases++;
		pc->id = strdup(k->id);
		pc->object = strdup(k->guest_obj);
		pc->prog = strdup(k->prog->name);
		pc->aux = strdup(k->aux);
		pc->log_level = k->log_level;
		pc->prog_flags = k->prog->prog_flags;
		pc->unpriv = k->prog->unpriv;
		pc->caps_keep = k->prog->caps_keep;
		pc->btf = k->btf != NULL;
		if (!pc->id || !pc->object || !pc->prog || !pc->aux)
			err = -ENOMEM;
		for (int r = 0; r < k->prog->n_reqs && !err; r++)
			err = plan__add_req(p, k->prog->reqs[r]);
	}
	if (!err && p->n_reqs)
		qsort(p->reqs, p->n_reqs, sizeof(*p->reqs), str__cmpp);
	if (err)
		plan__free(p);
	return err;
}

int plan__write(const struct plan *p, FILE *f)
{
	fprintf(f, "TWC-PLAN 1\n");
	for (int i = 0; i < p->n_reqs; i++)
		fprintf(f, "REQ %s\n", p->reqs[i]);
	for (int i = 0; i < p->n_cases; i++) {
		const struct plan_case *c = &p->cases[i];

		if (c->btf) {
			fprintf(f, "BTF %d %s %s\n", c->idx, c->id, c->object);
			continue;
		}
		fprintf(f, "CASE %d %s %s %s %d %u %s ", c->idx, c->id, c->object,
			c->prog, c->log_level, c->prog_flags, c->aux);
		if (c->unpriv)
			fprintf(f, "unpriv:%llx\n", (unsigned long long)c->caps_keep);
		else
			fprintf(f, "priv\n");
	}
	return ferror(f) ? -EIO : 0;
}

/* One CASE line's fields after "CASE"; -EINVAL when malformed. */
static int plan_case__parse(struct plan_case *pc, char *fields)
{
	char *tok[8], *save = NULL, *end;
	long v[3];
	int n = 0;

	for (char *t = strtok_r(fields, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (n < 8)
			tok[n++] = t;
		else
			return -EINVAL;
	if (n != 8)
		return -EINVAL;
	if (!strncmp(tok[7], "unpriv:", 7)) {
		errno = 0;
		pc->caps_keep = strtoull(tok[7] + 7, &end, 16);
		if (errno || *end || !tok[7][7])
			return -EINVAL;
		pc->unpriv = true;
	} else if (strcmp(tok[7], "priv")) {
		return -EINVAL;
	}
	for (int i = 0; i < 3; i++) {
		const char *s = tok[i == 0 ? 0 : i + 3];

		errno = 0;
		v[i] = strtol(s, &end, 10);
		if (errno || *end || !*s || v[i] < 0)
			return -EINVAL;
	}
	pc->idx = v[0];
	pc->log_level = v[1];
	pc->prog_flags = v[2];
	pc->id = strdup(tok[1]);
	pc->object = strdup(tok[2]);
	pc->prog = strdup(tok[3]);
	pc->aux = strdup(tok[6]);
	return pc->id && pc->object && pc->prog && pc->aux ? 0 : -ENOMEM;
}

/* A BTF line's fields after "BTF": idx, id, the case file in the guest. */
static int plan_btf__parse(struct plan_case *pc, char *fields)
{
	char id[4096], object[4096], end;
	int idx;

	if (sscanf(fields, "%d %4095s %4095s %c", &idx, id, object, &end) != 3 || idx < 0)
		return -EINVAL;
	pc->idx = idx;
	pc->btf = true;
	pc->id = strdup(id);
	pc->object = strdup(object);
	pc->prog = strdup("-");
	pc->aux = strdup("-");
	return pc->id && pc->object && pc->prog && pc->aux ? 0 : -ENOMEM;
}

/* Dispatch one line of a plan file. */
static int plan__read_line(struct plan *p, char *line, int *cap)
{
	if (!strncmp(line, "REQ ", 4) && line[4] && !strchr(line + 4, ' '))
		return plan__add_req(p, line + 4);
	if (strncmp(line, "CASE ", 5) && strncmp(line, "BTF ", 4))
		return -EINVAL;
	if (p->n_cases == *cap) {
		int n = *cap ? *cap * 2 : 32;
		struct plan_case *t = realloc(p->cases, n * sizeof(*t));

		if (!t)
			return -ENOMEM;
		p->cases = t;
		*cap = n;
	}
	memset(&p->cases[p->n_cases], 0, sizeof(p->cases[0]));
	if (line[0] == 'B')
		return plan_btf__parse(&p->cases[p->n_cases++], line + 4);
	return plan_case__parse(&p->cases[p->n_cases++], line + 5);
}

int plan__read(struct plan *p, const char *path, char **errmsg)
{
	char *buf = NULL, *line, *save = NULL;
	int cap = 0, n = 1, err;
	size_t len;

	memset(p, 0, sizeof(*p));
	*errmsg = NULL;
	err = file__read(path, &buf, &len);
	if (err)
		return err;
	line = strtok_r(buf, "\n", &save);
	if (!line || strcmp(line, "TWC-PLAN 1")) {
		err = -EINVAL;
		*errmsg = strdup("does not start with 'TWC-PLAN 1'");
		goto cleanup;
	}
	while (!err && (line = strtok_r(NULL, "\n", &save))) {
		n++;
		err = plan__read_line(p, line, &cap);
		if (err == -EINVAL && asprintf(errmsg, "line %d: malformed: '%.80s'", n, line) < 0)
			*errmsg = NULL;
	}
cleanup:
	free(buf);
	if (err)
		plan__free(p);
	return err;
}

const struct plan_case *plan__find(const struct plan *p, const char *id)
{
	for (int i = 0; i < p->n_cases; i++)
		if (!strcmp(p->cases[i].id, id))
			return &p->cases[i];
	return NULL;
}

void plan__free(struct plan *p)
{
	for (int i = 0; i < p->n_reqs; i++)
		free(p->reqs[i]);
	for (int i = 0; i < p->n_cases; i++) {
		free(p->cases[i].id);
		free(p->cases[i].object);
		free(p->cases[i].prog);
		free(p->cases[i].aux);
	}
	free(p->reqs);
	free(p->cases);
	memset(p, 0, sizeof(*p));
}

static void plan__usage(FILE *f)
{
	fprintf(f,
		"usage: twc plan --cases DIR --obj-dir DIR --out FILE [--btf DIR] [--filter GLOB]...\n"
		"Write the guest's plan: every loadable case program of DIR's *.bpf.c.\n"
		"  --btf DIR       also the BTF cases of DIR/*.case and DIR/maps/*.case\n"
		"  --filter GLOB   only case ids matching GLOB (fnmatch; repeatable;\n"
		"                  '!GLOB' excludes; a file's id selects all its programs)\n"
		"Exit: 0 plan written (broken cases are left out), 2 usage or I/O error.\n");
}

/* Say which cases stay out of the plan; the judge reports them as ERROR. */
static void plan__report(const struct corpus *c, const struct plan *p, const char *out)
{
	int broken = 0;

	for (int i = 0; i < c->n_cases; i++) {
		const struct corpus_case *k = &c->cases[i];

		if (k->problem)
			broken++, fprintf(stderr, "twc: %s: not planned: %s\n", k->id, k->reason);
		else if (!k->arch_ok)
			fprintf(stderr, "twc: %s: not planned: not for x86_64\n", k->id);
	}
	fprintf(stderr, "twc: plan: %d cases planned, %d broken, %d facts: '%s'\n",
		p->n_cases, broken, p->n_reqs, out);
}

struct plan_opts {
	const char *cases, *obj_dir, *out, *btf;
	struct corpus_filter filter;
};

/* Options into o; 0, 1 for --help, -EINVAL on a usage error. */
static int plan__parse_opts(struct plan_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cases", required_argument, NULL, 'c' },
		{ "obj-dir", required_argument, NULL, 'o' },
		{ "out", required_argument, NULL, 'O' },
		{ "filter", required_argument, NULL, 'f' },
		{ "btf", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int opt;

	optind = 0;	/* GNU: restart the scan (the tests call us more than once) */
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': o->cases = optarg; break;
		case 'o': o->obj_dir = optarg; break;
		case 'O': o->out = optarg; break;
		case 'b': o->btf = optarg; break;
		case 'f': o->filter.globs[o->filter.n++] = optarg; break;
		case 'h': return 1;
		default: return -EINVAL;
		}
	}
	return o->cases && o->obj_dir && o->out && optind == argc ? 0 : -EINVAL;
}

/* Write the plan file whole (through a temporary name). */
static int plan__write_file(const struct plan *p, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int err;

	if (!f)
		return -ENOMEM;
	err = plan__write(p, f);
	if (fclose(f))
		err = -ENOMEM;
	if (!err)
		err = file__write(path, text, len);
	free(text);
	return err;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_opts o = { .filter.globs = calloc(argc, sizeof(char *)) };
	struct corpus corpus = {};
	struct plan plan = {};
	const char *unmatched;
	int err;

	err = o.filter.globs ? plan__parse_opts(&o, argc, argv) : -ENOMEM;
	if (err) {
		plan__usage(err > 0 ? stdout : stderr);
		free(o.filter.globs);
		return err > 0 ? 0 : 2;
	}
	err = corpus__load(&corpus, o.cases, o.obj_dir, &o.filter);
	if (!err && o.btf && (err = corpus__load_btf(&corpus, o.btf, &o.filter))) {
		pr_warn("plan: cannot read the BTF cases: '%s': %s\n", o.btf, ESYM(err));
		goto cleanup;
	}
	if (err) {
		pr_warn("plan: cannot read the cases: '%s': %s\n", o.cases, ESYM(err));
		goto cleanup;
	}
	unmatched = corpus_filter__unmatched(&o.filter, &corpus);
	if (unmatched) {
		pr_warn("plan: the filter '%s' (CASES=) matches no case; case ids are the paths "
			"under cases/ and btf/ without the extension, e.g. reject/timer-init-map-mismatch "
			"or btf/datasec-timer, and globs like 'reject/timer-*' work\n", unmatched);
		err = -ENOENT;
		goto cleanup;
	}
	err = plan__build(&plan, &corpus) ?: plan__write_file(&plan, o.out);
	if (err)
		pr_warn("plan: cannot write the plan: '%s': %s\n", o.out, ESYM(err));
	else
		plan__report(&corpus, &plan, o.out);
cleanup:
	plan__free(&plan);
	corpus__free(&corpus);
	free(o.filter.globs);
	return err ? 2 : 0;
}
