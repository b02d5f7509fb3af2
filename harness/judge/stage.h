/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stage.h: what the stages of the judge share (private to judge/).
 *
 * A case goes through a fixed list of stages; the first that decides
 * (ERROR, SKIP, CRASH, FAIL) ends the list.  judge.c runs the stages every
 * case has, cjudge.c those of a C case, btfjudge.c those of a BTF case.
 */
#ifndef TWC_JUDGE_STAGE_H
#define TWC_JUDGE_STAGE_H

#include "case/corpus.h"
#include "case/plan.h"
#include "judge/judge.h"
#include "judge/result.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

/* One case as the stages see it. */
struct view {
	const struct judge_ctx *ctx;
	const struct corpus_case *k;
	const struct plan_case *pc;
	const struct stream_case *sc;
	char *raw;		/* the log without NUL bytes (C cases) */
};

/* A stage's return: go on, decided, or -ENOMEM. */
enum { STAGE_NEXT = 0, STAGE_DONE = 1 };

/* Decide the case; a stage's return: STAGE_DONE or -ENOMEM. */
#define decide(...) (result__decide(__VA_ARGS__) ?: STAGE_DONE)

/* Append the last n lines of text to detail, indented "    | ". */
int detail__tail(struct sbuf *d, const char *text, int n);
/* The lines of text around offset at (before and after it), numbered, the
 * one holding it marked '>'. */
int detail__around(struct sbuf *d, const char *text, size_t at, int before, int after);
/* The same, saying what text is ("the <what> around line N of M"). */
int detail__around_of(struct sbuf *d, const char *what, const char *text, size_t at, int before,
		      int after);
/* The line of text holding needle, malloc'd; NULL if none. */
char *line_with(const char *text, const char *needle);

/* Append the case's first error line and how to run it alone to detail. */
int detail__said(struct view *v, struct result *r);

/* __stderr and __stdout (bpfstream.c): after __retval, what the program's
 * BPF streams held; STAGE_NEXT, STAGE_DONE or -ENOMEM. */
int stage_bpf_stream(struct view *v, struct result *r);

/* C cases (cjudge.c): read the log into r before the generic stages
 * decide anything, then judge what only a C case has. */
int cjudge__log(struct view *v, struct result *r);
int cjudge__case(struct view *v, struct result *r);

/* BTF cases (btfjudge.c): judged from their STEP records; STAGE_DONE or
 * -ENOMEM. */
int btfjudge__case(struct view *v, struct result *r);

#endif /* TWC_JUDGE_STAGE_H */
