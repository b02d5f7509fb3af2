/* SPDX-License-Identifier: GPL-2.0 */
/*
 * corpus.h: the corpus as both `twc plan` and `twc judge` derive it: every
 * C case under cases/ (a case program of a file, or a whole file that is
 * broken), its object and annotations, and every BTF case under btf/.
 * Functions return 0 or a negative errno; a problem of one case is that
 * case's, never the corpus's.
 */
#ifndef TWC_CASE_CORPUS_H
#define TWC_CASE_CORPUS_H

#include <stdbool.h>
#include <stdint.h>

#include "case/annot.h"
#include "case/btfcase.h"

enum case_problem {
	CASE_OK = 0,
	CASE_NAME,		/* a file name the plan cannot carry (spaces) */
	CASE_NO_OBJECT,		/* neither .bpf.o nor .bpf.o.err */
	CASE_COMPILE,		/* .bpf.o.err: the compiler failed */
	CASE_OBJECT,		/* the object cannot be read by libbpf */
	CASE_ANNOTATION,	/* invalid, unknown or unsupported annotation */
	CASE_VERDICT_DIR,	/* directory disagrees with __success/__failure */
	CASE_NO_PROGRAMS,	/* no case program in the file */
	CASE_BTF_SYNTAX,	/* a BTF case (btf/) that does not parse or build */
};

/* A map value an upstream run writes before its test run (upstream.h's
 * table, cases/upstream/map-values.tsv), as the plan carries it. */
struct corpus_mapval {
	char *map;
	char *key;		/* every byte, in hex */
	char *value;		/* every byte, in hex */
};

/* One case: a case program of a file, or a whole file that is broken. */
struct corpus_case {
	char *id;		/* <verdict>/<name>[/<prog>] */
	char *file_id;		/* <verdict>/<name> */
	char *src;		/* cases/<verdict>/<name>.bpf.c */
	char *obj;		/* <obj-dir>/<verdict>/<name>.bpf.o */
	char *guest_obj;	/* obj/<verdict>/<name>.bpf.o */
	enum case_problem problem;
	char *reason;		/* why, when problem != CASE_OK */
	char *detail;		/* extra lines (compiler output), or NULL */
	struct annot_prog *prog;	/* NULL for a broken file */
	const char *compiler;	/* of the object, or NULL */
	char *aux;		/* "a,b" or "-" */
	int log_level;		/* annotated or TWC_DEFAULT_LOG_LEVEL */
	bool arch_ok;		/* __arch allows x86_64 */
	struct corpus_btf *btf;	/* a BTF case (a .case file of btf/), or NULL */
	char *golden;		/* its golden when not <expected>/<id>.log, or NULL */
	bool upstream;		/* a run of an upstream selftest program (upstream.h):
				 * judged by its annotations, no golden */
	char *btf_guest;	/* upstream: __btf_path's object in the guest, or NULL */
	int n_mapvals;
	struct corpus_mapval *mapvals;	/* upstream: written before the test run */
};

struct corpus {
	int n_cases;
	struct corpus_case *cases;	/* sorted by id */
	int n_objs;
	struct annot_obj *objs;		/* owned annotations, one per file */
};

/* BPF_LOG_LEVEL1 | BPF_LOG_STATS */
#define TWC_DEFAULT_LOG_LEVEL 5

struct corpus_filter {
	int n;
	const char **globs;	/* "glob" includes, "!glob" excludes */
};

bool corpus_filter__match(const struct corpus_filter *f, const char *id,
			  const char *file_id);
/* The first include glob of f that no case of c matches, or NULL: a
 * mistyped CASES= must not pass quietly with nothing run. */
const char *corpus_filter__unmatched(const struct corpus_filter *f, const struct corpus *c);
/* Find every case under cases_dir, read its object from obj_dir. */
int corpus__load(struct corpus *c, const char *cases_dir, const char *obj_dir,
		 const struct corpus_filter *filter);
void corpus__free(struct corpus *c);
/* The strings and the BTF case a case owns (not the case itself). */
void corpus_case__free(struct corpus_case *k);
/* Sort c's cases by id (after adding some). */
void corpus__sort(struct corpus *c);

/* What the corpus holds for a BTF case (btf/, the language of btfcase.h):
 *   btf/maps/<name>.case   id btf/<name>, golden expected/btf/<name>.log
 *   btf/<name>.case        id btf/<name>, golden btf/<name>.expected (the
 *                          kernel BTF expectations: btf/kernel.case)
 */
struct corpus_btf {
	struct btfcase bc;	/* parsed and built (sizes filled in) */
	struct annot_prog prog;	/* description, rules, requires: for reports */
};

/* Add the BTF cases of btf_dir that the filter selects to c, keeping c
 * sorted by id.  A case that does not parse or build is a CASE_BTF_SYNTAX
 * case whose reason names the file, the line and the field.  0 or -errno
 * (a directory that cannot be read).
 */
int corpus__load_btf(struct corpus *c, const char *btf_dir, const struct corpus_filter *filter);
void corpus_btf__free(struct corpus_btf *b);

/*
 * The upstream files of the list file upstream_list (upstream.h), each
 * program's runs a case: "upstream/<stem>/<prog>" and, for its
 * unprivileged run, "upstream/<stem>/<prog>@unpriv"; a file that gives no
 * programs (no object, a compile error, ...) is the one case
 * "upstream/<stem>".  Appended to c, which stays sorted by id.  0 or
 * -errno (*errmsg, malloc'd, may say which line of the list is bad).
 */
int corpus__load_upstream(struct corpus *c, const char *upstream_list, const char *obj_dir,
			  const struct corpus_filter *filter, char **errmsg);

/* Where the object of a case file (k->file_id) is in obj_dir, or why
 * there is none (k->problem, k->reason). */
int corpus_case__locate(struct corpus_case *k, const char *obj_dir);

/* What a corpus is read from; NULL: none of that kind. */
struct corpus_sources {
	const char *cases_dir;		/* cases/ */
	const char *obj_dir;		/* the objects (build/obj) */
	const char *btf_dir;		/* btf/ */
	const char *upstream;		/* the list of upstream files */
};

/* corpus__load, corpus__load_btf, corpus__load_upstream for the sources
 * given; on failure *where is the source that could not be read. */
int corpus__read(struct corpus *c, const struct corpus_sources *src,
		 const struct corpus_filter *filter, const char **where);

#endif /* TWC_CASE_CORPUS_H */
