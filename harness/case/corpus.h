/* SPDX-License-Identifier: GPL-2.0 */
/*
 * twc.h: declarations shared by the host-side parts of twc (plan, judge).
 *
 *   sbuf      a growable byte buffer, always NUL-terminated
 *   file__*   whole-file reads and atomic writes
 *   corpus    the cases under cases/, their objects and annotations, as
 *             both `twc plan` and `twc judge` derive them
 *   plan      the plan file (PROTOCOL.md), written and read back
 *
 * Functions return 0 or a negative errno; messages go to stderr through
 * pr_warn() as "twc: <what>: <what happened>: '<value>': -ESYM".
 */
#ifndef TWC_TWC_H
#define TWC_TWC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "annot.h"

#define pr_warn(fmt, ...) fprintf(stderr, "twc: " fmt, ##__VA_ARGS__)

/* ---- growable buffer ---- */

struct sbuf {
	char *buf;	/* NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
};

int sbuf__add(struct sbuf *sb, const void *data, size_t len);
int sbuf__adds(struct sbuf *sb, const char *s);
int sbuf__addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The buffer's string, never NULL ("" while empty). */
const char *sbuf__str(const struct sbuf *sb);
/* Hand the string over to the caller (malloc'd, never NULL on success). */
char *sbuf__detach(struct sbuf *sb);
void sbuf__free(struct sbuf *sb);

/* ---- files ---- */

/* Read a whole file; *buf is malloc'd and NUL-terminated after *len bytes. */
int file__read(const char *path, char **buf, size_t *len);
/* Write a file through a temporary name, creating parent directories. */
int file__write(const char *path, const void *data, size_t len);
int dir__make_parents(const char *path);
/* Symbolic errno ("-EINVAL", "0"), into buf. */
const char *errno__str(int err, char *buf, size_t len);
/* errno__str into a temporary: for messages ("... 'path': -ENOENT"). */
#define ESYM(err) errno__str((err), (char[32]){ 0 }, 32)
/* errno for "EINVAL" or "-EINVAL" (positive), 0 when unknown. */
int errno__parse(const char *name);
/* strdup that tolerates NULL. */
char *str__dup(const char *s);

/* ---- the corpus: case files, objects, case programs ---- */

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

struct btfjudge_case;

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
	struct btfjudge_case *btf;	/* a BTF case (a .case file of btf/), or NULL */
	char *golden;		/* its golden when not <expected>/<id>.log, or NULL */
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

/* ---- the plan ---- */

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
};

struct plan {
	int n_reqs;
	char **reqs;
	int n_cases;
	struct plan_case *cases;
};

int plan__build(struct plan *p, const struct corpus *c);
int plan__write(const struct plan *p, FILE *f);
/* Parse a plan file; on a bad line *errmsg says which. */
int plan__read(struct plan *p, const char *path, char **errmsg);
const struct plan_case *plan__find(const struct plan *p, const char *id);
void plan__free(struct plan *p);

#endif /* TWC_TWC_H */
