/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plan.h: the plan (PROTOCOL.md): which case the guest loads at which index
 * and how, built from the corpus, written by `twc plan` and read back by
 * `twc judge`.  Functions return 0 or a negative errno.
 */
#ifndef TWC_CASE_PLAN_H
#define TWC_CASE_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "case/corpus.h"

struct plan_case {
	int idx;
	char *id;
	char *object;
	char *prog;
	int log_level;
	uint32_t prog_flags;
	char *aux;
	bool unpriv;		/* load with capabilities dropped ... */
	uint64_t caps_keep;	/* ... except these */
	bool btf;		/* a BTF line: object is the case file in the guest */
	bool xlated;		/* after a successful load, read its translated program (__xlated) */
	bool jited;		/* after a successful load, read its JIT image (__jited) */
	bool test_run;		/* run the program once after a successful load (__retval) */
	bool read_stdout;	/* after the test run, read its BPF stdout (__stdout) ... */
	bool read_stderr;	/* ... and stderr (__stderr) streams */
	char *btf_path;		/* BTFPATH: libbpf opens the object with this file as
				 * btf_custom_path (__btf_path), or NULL */
	int linear_size;	/* LINEAR: the test run's skb has this linear area
				 * (__linear_size); 0: none given */
	int n_mapvals;
	struct corpus_mapval *mapvals;	/* MAPVAL: written before the test run */
};

struct plan {
	char *run_id;		/* RUN: this run's id, echoed by the guest (PLAN) */
	int n_reqs;
	char **reqs;
	int n_cases;
	struct plan_case *cases;
	int n_order;
	int *order;		/* ORDER: the indexes in the order the guest runs them,
				 * costliest first (case/order.h); NULL: plan order */
};

/* The plan of the corpus's loadable cases, for the run run_id. */
int plan__build(struct plan *p, const struct corpus *c, const char *run_id);
/* The guest's order: the cases by cost (cost[idx]), costliest first. */
int plan__order(struct plan *p, const uint64_t *cost);
/* A run id: 1 to 63 of [0-9a-z-]. */
bool plan__valid_id(const char *id);
int plan__write(const struct plan *p, FILE *f);
/* Parse len bytes of a plan; on a bad line *errmsg (malloc'd) says which.
 * A case's index must be its position: the stream names cases by index;
 * ORDER lines, when there are any, name every case once.
 * 0, -EINVAL or -ENOMEM. */
int plan__parse(struct plan *p, const char *buf, size_t len, char **errmsg);
/* plan__parse of a file's contents; -errno when it cannot be read. */
int plan__read(struct plan *p, const char *path, char **errmsg);
const struct plan_case *plan__find(const struct plan *p, const char *id);
void plan__free(struct plan *p);

#endif /* TWC_CASE_PLAN_H */
