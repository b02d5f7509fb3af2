// SPDX-License-Identifier: GPL-2.0
/*
 * plan.c: `twc plan`: read the corpus and write the guest's plan
 * (case/plan.h, PROTOCOL.md).  Broken cases stay out of the plan and are
 * named on stderr; the judge reports them as ERROR.
 *
 * Exit codes: 0 plan written, 2 usage or I/O error, or a filter that
 * matches no case.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "case/corpus.h"
#include "case/order.h"
#include "case/plan.h"
#include "cli/cmds.h"
#include "judge/verdicts.h"
#include "lib/errnames.h"
#include "lib/file.h"

static void plan__usage(FILE *f)
{
	fprintf(f,
		"usage: twc plan [--cases DIR] --obj-dir DIR --out FILE [--btf DIR]\n"
		"                [--upstream FILE] [--filter GLOB]... [--run-id ID]\n"
		"                [--expected DIR]\n"
		"Write the guest's plan: every loadable case program of DIR's *.bpf.c.\n"
		"  --run-id ID     the run's id, which the guest echoes (default: random)\n"
		"  --expected DIR  the goldens and tables: the guest runs first the cases a\n"
		"                  table of DIR/verdicts/ records as crashes, then those whose\n"
		"                  goldens say they cost most (processed insns) (ORDER lines)\n"
		"  --btf DIR       also the BTF cases of DIR/*.case and DIR/maps/*.case\n"
		"  --upstream FILE also the upstream selftest files FILE lists (their\n"
		"                  objects in --obj-dir's upstream/)\n"
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
	const char *cases, *obj_dir, *out, *btf, *run_id, *upstream, *expected;
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
		{ "run-id", required_argument, NULL, 'r' },
		{ "expected", required_argument, NULL, 'e' },
		{ "upstream", required_argument, NULL, 'u' },
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
		case 'r': o->run_id = optarg; break;
		case 'e': o->expected = optarg; break;
		case 'u': o->upstream = optarg; break;
		case 'f': o->filter.globs[o->filter.n++] = optarg; break;
		case 'h': return 1;
		default: return -EINVAL;
		}
	}
	if (o->run_id && !plan__valid_id(o->run_id)) {
		pr_warn("plan: --run-id '%s': want 1 to 63 of [0-9a-z-]\n", o->run_id);
		return -EINVAL;
	}
	return (o->cases || o->upstream) && o->obj_dir && o->out && optind == argc ? 0 : -EINVAL;
}

/* A fresh run id: 16 random hex digits, so no two runs share one. */
static int plan__new_id(char *id, size_t len)
{
	unsigned char r[8];

	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		return -errno;
	for (size_t i = 0; i < sizeof(r) && 2 * i + 2 < len; i++)
		snprintf(id + 2 * i, 3, "%02x", r[i]);
	return 0;
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

/* A case that some kernel's table in dir/verdicts/ records as a crash
 * costs the most of all: it goes first, where `twc run --verdicts` runs
 * it alone, so that its crash is charged to it at once. */
static int plan__cost_crashes(const struct plan *p, const char *dir, uint64_t *cost)
{
	char *pattern = NULL;
	glob_t g = {};
	int err = 0;

	if (asprintf(&pattern, "%s/verdicts/*.tsv", dir) < 0)
		return -ENOMEM;
	if (glob(pattern, 0, NULL, &g))
		g.gl_pathc = 0;
	for (size_t t = 0; t < g.gl_pathc && !err; t++) {
		struct verdicts v = {};
		char *msg = NULL;

		err = verdicts__read(&v, g.gl_pathv[t], &msg);
		if (err)
			pr_warn("plan: %s\n", msg ?: g.gl_pathv[t]);
		for (int i = 0; !err && i < p->n_cases; i++)
			if (verdicts__crashes(&v, p->cases[i].id))
				cost[i] = UINT64_MAX;
		free(msg);
		verdicts__free(&v);
	}
	if (g.gl_pathc)
		globfree(&g);
	free(pattern);
	return err;
}

/* ORDER from the goldens in dir: a C case costs what its golden says it
 * processed; a BTF case, or a case without a golden, costs nothing; a
 * case a verdict table records as a crash, the most. */
static int plan__order_by_goldens(struct plan *p, const char *dir)
{
	uint64_t *cost = calloc(p->n_cases ? p->n_cases : 1, sizeof(*cost));
	int err;

	if (!cost)
		return -ENOMEM;
	for (int i = 0; i < p->n_cases; i++) {
		char *path = NULL, *log = NULL;
		size_t len;

		if (p->cases[i].btf || asprintf(&path, "%s/%s.log", dir, p->cases[i].id) < 0)
			continue;
		if (!file__read(path, &log, &len))
			cost[i] = order__golden_cost(log);
		free(log);
		free(path);
	}
	err = plan__cost_crashes(p, dir, cost) ?: plan__order(p, cost);
	free(cost);
	return err;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_opts o = { .filter.globs = calloc(argc, sizeof(char *)) };
	struct corpus corpus = {};
	struct plan plan = {};
	const char *unmatched, *where;
	char id[17] = "";
	int err;

	err = o.filter.globs ? plan__parse_opts(&o, argc, argv) : -ENOMEM;
	if (err) {
		plan__usage(err > 0 ? stdout : stderr);
		free(o.filter.globs);
		return err > 0 ? 0 : 2;
	}
	err = corpus__read(&corpus, &(struct corpus_sources){ .cases_dir = o.cases,
			   .obj_dir = o.obj_dir, .btf_dir = o.btf, .upstream = o.upstream },
			   &o.filter, &where);
	if (err) {
		pr_warn("plan: cannot read the cases: '%s': %s\n", where, ESYM(err));
		goto cleanup;
	}
	unmatched = corpus_filter__unmatched(&o.filter, &corpus);
	if (unmatched) {
		pr_warn("plan: the filter '%s' (CASES=) matches no case; case ids are the paths "
			"under cases/ and btf/ without the extension, e.g. reject/timer-init-map-mismatch "
			"or btf/datasec-timer (with UPSTREAM=: upstream/<stem>/<prog>), and globs like "
			"'reject/timer-*' work\n", unmatched);
		err = -ENOENT;
		goto cleanup;
	}
	if (!o.run_id && (err = plan__new_id(id, sizeof(id)))) {
		pr_warn("plan: no random run id: %s\n", ESYM(err));
		goto cleanup;
	}
	err = plan__build(&plan, &corpus, o.run_id ?: id) ?:
	      (o.expected ? plan__order_by_goldens(&plan, o.expected) : 0) ?:
	      plan__write_file(&plan, o.out);
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
