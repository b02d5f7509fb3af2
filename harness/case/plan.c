// SPDX-License-Identifier: GPL-2.0
/*
 * plan.c: the plan file (PROTOCOL.md), built from the corpus, written and
 * read back.
 *
 * The plan is only what the guest needs: the run's id (which the guest
 * echoes, so a stream answers exactly one plan), the loadable case
 * programs, in id order, the facts (REQ) the guest must report, and the
 * order to run the cases in (ORDER, costliest first).
 * Broken cases are left out; `twc judge` finds them again from cases/ and
 * reports them as ERROR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "case/corpus.h"
#include "case/order.h"
#include "case/plan.h"
#include "lib/file.h"

bool plan__valid_id(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	return n && n < 64 && strspn(id, "0123456789abcdefghijklmnopqrstuvwxyz-") == n;
}

/* Add one fact of n characters unless the plan has it already. */
static int plan__add_fact(struct plan *p, const char *fact, size_t n)
{
	char **t;

	for (int i = 0; i < p->n_reqs; i++)
		if (strlen(p->reqs[i]) == n && !strncmp(p->reqs[i], fact, n))
			return 0;
	t = realloc(p->reqs, (p->n_reqs + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	p->reqs = t;
	t[p->n_reqs] = strndup(fact, n);
	return t[p->n_reqs++] ? 0 : -ENOMEM;
}

/* Add the facts of a requirement: without its leading '!', each of
 * "kfunc:A|kfunc:B" on its own (the guest reports each, the judge
 * decides whether one holds). */
static int plan__add_req(struct plan *p, const char *req)
{
	const char *f = req + (req[0] == '!');
	int err = 0;

	for (size_t n; !err; f += n + 1) {
		n = strcspn(f, "|");
		err = n ? plan__add_fact(p, f, n) : -EINVAL;
		if (!f[n])
			break;
	}
	return err;
}

/* The case's setup records (upstream runs): BTFPATH, LINEAR and MAPVAL. */
static int plan_case__setup(struct plan_case *pc, const struct corpus_case *k)
{
	if (k->btf_guest && !(pc->btf_path = strdup(k->btf_guest)))
		return -ENOMEM;
	if (pc->test_run)
		pc->linear_size = k->prog->linear_size;
	if (!k->n_mapvals)
		return 0;
	pc->mapvals = calloc(k->n_mapvals, sizeof(*pc->mapvals));
	if (!pc->mapvals)
		return -ENOMEM;
	pc->n_mapvals = k->n_mapvals;	/* NULLs until filled: plan__free() takes them */
	for (int i = 0; i < k->n_mapvals; i++) {
		struct corpus_mapval *v = &pc->mapvals[i];

		v->map = strdup(k->mapvals[i].map);
		v->key = strdup(k->mapvals[i].key);
		v->value = strdup(k->mapvals[i].value);
		if (!v->map || !v->key || !v->value)
			return -ENOMEM;
	}
	return 0;
}

int plan__build(struct plan *p, const struct corpus *c, const char *run_id)
{
	int err = 0;

	memset(p, 0, sizeof(*p));
	if (!plan__valid_id(run_id))
		return -EINVAL;
	p->run_id = strdup(run_id);
	p->cases = calloc(c->n_cases ? c->n_cases : 1, sizeof(*p->cases));
	if (!p->cases || !p->run_id) {
		plan__free(p);
		return -ENOMEM;
	}
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
		pc->test_run = annot_prog__test_run(k->prog);
		pc->xlated = annot_prog__xlated(k->prog);
		pc->read_stdout = annot_prog__reads_stream(k->prog, ANNOT_STDOUT);
		pc->read_stderr = annot_prog__reads_stream(k->prog, ANNOT_STDERR);
		pc->jited = annot_prog__jited(k->prog);
		pc->btf = k->btf != NULL;
		if (!pc->id || !pc->object || !pc->prog || !pc->aux)
			err = -ENOMEM;
		err = err ?: plan_case__setup(pc, k);
		for (int r = 0; r < k->prog->n_reqs && !err; r++)
			err = plan__add_req(p, k->prog->reqs[r]);
	}
	if (!err && p->n_reqs)
		qsort(p->reqs, p->n_reqs, sizeof(*p->reqs), str__cmpp);
	if (err)
		plan__free(p);
	return err;
}

int plan__order(struct plan *p, const uint64_t *cost)
{
	int *order = malloc((p->n_cases ? p->n_cases : 1) * sizeof(*order));

	if (!order || order__by_cost(cost, p->n_cases, order)) {
		free(order);
		return -ENOMEM;
	}
	free(p->order);
	p->order = order;
	p->n_order = p->n_cases;
	return 0;
}

/* The steps of the last field of a CASE line, in the order the guest
 * takes them (test_loader's run_subtest()): a stream is read only after
 * the test run. */
static const char *const after_steps[] = { "xlated", "jited", "run", "stderr", "stdout" };
#define N_AFTER_STEPS (sizeof(after_steps) / sizeof(after_steps[0]))

/* The last field: the steps joined by ',', or "-" for none. */
static void plan_case__write_after(const struct plan_case *c, FILE *f)
{
	const bool on[N_AFTER_STEPS] = { c->xlated, c->jited, c->test_run, c->read_stderr,
					  c->read_stdout };
	const char *sep = " ";

	for (size_t i = 0; i < N_AFTER_STEPS; i++)
		if (on[i]) {
			fprintf(f, "%s%s", sep, after_steps[i]);
			sep = ",";
		}
	fprintf(f, "%s\n", *sep == ' ' ? " -" : "");
}

/* The setup records after a CASE line, each naming its index. */
static void plan_case__write_setup(const struct plan_case *c, FILE *f)
{
	if (c->btf_path)
		fprintf(f, "BTFPATH %d %s\n", c->idx, c->btf_path);
	if (c->linear_size)
		fprintf(f, "LINEAR %d %d\n", c->idx, c->linear_size);
	for (int i = 0; i < c->n_mapvals; i++)
		fprintf(f, "MAPVAL %d %s %s %s\n", c->idx, c->mapvals[i].map, c->mapvals[i].key,
			c->mapvals[i].value);
}

int plan__write(const struct plan *p, FILE *f)
{
	fprintf(f, "TWC-PLAN 5\nRUN %s\n", p->run_id);
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
			fprintf(f, "unpriv:%llx", (unsigned long long)c->caps_keep);
		else
			fprintf(f, "priv");
		plan_case__write_after(c, f);
		plan_case__write_setup(c, f);
	}
	for (int i = 0; i < p->n_order; i++)
		fprintf(f, "ORDER %d\n", p->order[i]);
	return ferror(f) ? -EIO : 0;
}

/* A field of digits only (no sign, no spaces), at most max. */
static int plan__num(const char *s, long max, long *v)
{
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -EINVAL;
	errno = 0;
	*v = strtol(s, NULL, 10);
	return errno || *v > max ? -EINVAL : 0;
}

/* "priv", or "unpriv:" and the capabilities kept, in hex. */
static int plan_case__mode(struct plan_case *pc, const char *mode)
{
	const char *hex;

	if (!strcmp(mode, "priv"))
		return 0;
	if (strncmp(mode, "unpriv:", 7))
		return -EINVAL;
	hex = mode + 7;
	if (!*hex || strlen(hex) > 16 || strspn(hex, "0123456789abcdefABCDEF") != strlen(hex))
		return -EINVAL;
	pc->caps_keep = strtoull(hex, NULL, 16);
	pc->unpriv = true;
	return 0;
}

/* Split fields at spaces into at most max tokens; their number, or -1
 * when there are more. */
static int plan__split(char *fields, char **tok, int max)
{
	char *save = NULL;
	int n = 0;

	for (char *t = strtok_r(fields, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (n == max)
			return -1;
		tok[n++] = t;
	}
	return n;
}

/* The flag of after_steps[i] in pc. */
static bool *plan_case__step(struct plan_case *pc, size_t i)
{
	bool *const v[N_AFTER_STEPS] = { &pc->xlated, &pc->jited, &pc->test_run,
					 &pc->read_stderr, &pc->read_stdout };

	return v[i];
}

/* The last field of a CASE line: what the guest does after a successful
 * load, "-" or after_steps[] in that order joined by ',', each once: read
 * the translated program, the JIT image, a test run, then its BPF
 * streams, which need the run. */
static int plan_case__after(struct plan_case *pc, const char *after)
{
	const char *s = after;
	size_t next = 0;

	if (!strcmp(after, "-"))
		return 0;
	while (*s) {
		size_t n = strcspn(s, ","), i;

		for (i = next; i < N_AFTER_STEPS; i++)
			if (strlen(after_steps[i]) == n && !strncmp(s, after_steps[i], n))
				break;
		if (i == N_AFTER_STEPS || (s[n] == ',' && !s[n + 1]))
			return -EINVAL;
		*plan_case__step(pc, i) = true;
		next = i + 1;
		s += n + (s[n] == ',');
	}
	return (pc->read_stderr || pc->read_stdout) && !pc->test_run ? -EINVAL : 0;
}

/* One CASE line's fields after "CASE"; -EINVAL when malformed.  The
 * numbers must fit their fields: idx and log_level an int, prog_flags
 * the kernel's u32; the last field plan_case__after()'s. */
static int plan_case__parse(struct plan_case *pc, char *fields)
{
	long idx, level, flags;
	char *tok[9];

	if (plan__split(fields, tok, 9) != 9 || plan_case__mode(pc, tok[7]) ||
	    plan_case__after(pc, tok[8]) ||
	    plan__num(tok[0], INT_MAX, &idx) || plan__num(tok[4], INT_MAX, &level) ||
	    plan__num(tok[5], UINT32_MAX, &flags))
		return -EINVAL;
	pc->idx = idx;
	pc->log_level = level;
	pc->prog_flags = flags;
	pc->id = strdup(tok[1]);
	pc->object = strdup(tok[2]);
	pc->prog = strdup(tok[3]);
	pc->aux = strdup(tok[6]);
	return pc->id && pc->object && pc->prog && pc->aux ? 0 : -ENOMEM;
}

/* A BTF line's fields after "BTF": idx, id, the case file in the guest. */
static int plan_btf__parse(struct plan_case *pc, char *fields)
{
	char *tok[3];
	long idx;

	if (plan__split(fields, tok, 3) != 3 || plan__num(tok[0], INT_MAX, &idx))
		return -EINVAL;
	pc->idx = idx;
	pc->btf = true;
	pc->id = strdup(tok[1]);
	pc->object = strdup(tok[2]);
	pc->prog = strdup("-");
	pc->aux = strdup("-");
	return pc->id && pc->object && pc->prog && pc->aux ? 0 : -ENOMEM;
}

/* Hex digits, two a byte, 1 to UPSTREAM_MAPVAL_MAX (1024) bytes. */
static bool plan__hex(const char *s)
{
	size_t n = strlen(s);

	return n && n % 2 == 0 && n <= 2 * 1024 && strspn(s, "0123456789abcdef") == n;
}

/* One MAPVAL's fields after the index: map, key, value. */
static int plan_case__mapval(struct plan_case *pc, char *const tok[3])
{
	struct corpus_mapval *t;

	if (!tok[0][0] || strspn(tok[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				 "0123456789_") != strlen(tok[0]) || !plan__hex(tok[1]) ||
	    !plan__hex(tok[2]))
		return -EINVAL;
	t = realloc(pc->mapvals, (pc->n_mapvals + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	pc->mapvals = t;
	t = &t[pc->n_mapvals++];
	t->map = strdup(tok[0]), t->key = strdup(tok[1]), t->value = strdup(tok[2]);
	return t->map && t->key && t->value ? 0 : -ENOMEM;
}

/* A setup record (BTFPATH, LINEAR, MAPVAL) of the CASE line just before
 * it: its index, and each of BTFPATH and LINEAR once. */
static int plan__read_setup(struct plan *p, char *line)
{
	struct plan_case *pc = p->n_cases ? &p->cases[p->n_cases - 1] : NULL;
	int n = (line[0] == 'M') ? 4 : 2;
	char *tok[4];
	long idx, v;

	if (plan__split(strchr(line, ' ') + 1, tok, 4) != n || plan__num(tok[0], INT_MAX, &idx) ||
	    !pc || pc->btf || idx != pc->idx)
		return -EINVAL;
	if (line[0] == 'M')
		return plan_case__mapval(pc, tok + 1);
	if (line[0] == 'B') {
		if (pc->btf_path || strncmp(tok[1], "obj/", 4))
			return -EINVAL;
		return (pc->btf_path = strdup(tok[1])) ? 0 : -ENOMEM;
	}
	if (pc->linear_size || plan__num(tok[1], INT_MAX, &v) || !v)
		return -EINVAL;
	pc->linear_size = v;
	return 0;
}

/* ORDER idx: the next case the guest runs; checked against the cases
 * once they are all read (plan__order_check). */
static int plan__add_order(struct plan *p, const char *field)
{
	long idx;
	int *t;

	if (plan__num(field, INT_MAX, &idx))
		return -EINVAL;
	t = realloc(p->order, (p->n_order + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	p->order = t;
	t[p->n_order++] = idx;
	return 0;
}

/* ORDER lines, if any, name each case once; 0 or -EINVAL. */
static int plan__order_check(const struct plan *p)
{
	char *seen;
	int err = 0;

	if (!p->n_order)
		return 0;
	if (p->n_order != p->n_cases)
		return -EINVAL;
	seen = calloc(p->n_cases, 1);
	if (!seen)
		return -ENOMEM;
	for (int i = 0; i < p->n_order && !err; i++)
		if (p->order[i] >= p->n_cases || seen[p->order[i]]++)
			err = -EINVAL;
	free(seen);
	return err;
}

/* Dispatch one line of a plan file; a case's idx is its position. */
static int plan__read_line(struct plan *p, char *line, int *cap)
{
	struct plan_case *pc;
	int err;

	if (!strncmp(line, "ORDER ", 6))
		return plan__add_order(p, line + 6);
	if (p->n_order)
		return -EINVAL;	/* ORDER lines come last */
	/* one fact, as plan__build writes it: no '!', no alternatives */
	if (!strncmp(line, "REQ ", 4) && line[4] && line[4] != '!' && !strpbrk(line + 4, " |"))
		return plan__add_fact(p, line + 4, strlen(line + 4));
	if (!strncmp(line, "BTFPATH ", 8) || !strncmp(line, "LINEAR ", 7) ||
	    !strncmp(line, "MAPVAL ", 7))
		return plan__read_setup(p, line);
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
	pc = &p->cases[p->n_cases++];
	memset(pc, 0, sizeof(*pc));
	err = line[0] == 'B' ? plan_btf__parse(pc, line + 4) : plan_case__parse(pc, line + 5);
	return err ?: pc->idx == p->n_cases - 1 ? 0 : -EINVAL;
}

/* The k-th line of a plan that is not empty, line n of the text. */
static int plan__line(struct plan *p, char *line, int n, int k, int *cap, char **errmsg)
{
	char *whole;
	int err;

	if (k == 1 && strcmp(line, "TWC-PLAN 5")) {
		*errmsg = strdup("does not start with 'TWC-PLAN 5'");
		return -EINVAL;
	}
	if (k == 2 && (strncmp(line, "RUN ", 4) || !plan__valid_id(line + 4))) {
		if (asprintf(errmsg, "line %d: no 'RUN <id>' (a plan of another version?)", n) < 0)
			*errmsg = NULL;
		return -EINVAL;
	}
	if (k == 2)
		p->run_id = strdup(line + 4);
	if (k <= 2)
		return k == 1 || p->run_id ? 0 : -ENOMEM;
	whole = strndup(line, 80);	/* the parse splits line in place */
	if (!whole)
		return -ENOMEM;
	err = plan__read_line(p, line, cap);
	if (err == -EINVAL && asprintf(errmsg, "line %d: malformed: '%s'", n, whole) < 0)
		*errmsg = NULL;
	free(whole);
	return err;
}

/* The lines of len bytes of a plan; empty lines are skipped but counted,
 * a NUL byte is malformed (it would end the line early). */
static int plan__parse_lines(struct plan *p, const char *buf, size_t len, char **errmsg)
{
	const char *at = buf, *end = buf + len;
	int cap = 0, n = 0, k = 0, err = 0;

	while (at < end && !err) {
		const char *nl = memchr(at, '\n', end - at), *e = nl ? nl : end;
		char *line = strndup(at, e - at);

		n++;
		if (!line)
			return -ENOMEM;
		if (strlen(line) != (size_t)(e - at)) {
			if (asprintf(errmsg, "line %d: malformed: a NUL byte", n) < 0)
				*errmsg = NULL;
			err = -EINVAL;
		} else if (*line) {
			err = plan__line(p, line, n, ++k, &cap, errmsg);
		}
		free(line);
		at = nl ? nl + 1 : end;
	}
	if (!err && k < 2) {
		*errmsg = strdup(k ? "no 'RUN <id>' line (a plan of another version?)" :
			       "does not start with 'TWC-PLAN 5'");
		err = -EINVAL;
	}
	if (!err && (err = plan__order_check(p)) == -EINVAL &&
	    asprintf(errmsg, "its %d ORDER lines do not name each of its %d cases once",
		     p->n_order, p->n_cases) < 0)
		*errmsg = NULL;
	return err;
}

int plan__parse(struct plan *p, const char *buf, size_t len, char **errmsg)
{
	int err;

	memset(p, 0, sizeof(*p));
	*errmsg = NULL;
	err = plan__parse_lines(p, buf, len, errmsg);
	if (err)
		plan__free(p);
	return err;
}

int plan__read(struct plan *p, const char *path, char **errmsg)
{
	size_t len;
	char *buf;
	int err;

	memset(p, 0, sizeof(*p));
	*errmsg = NULL;
	err = file__read(path, &buf, &len);
	if (err)
		return err;
	err = plan__parse(p, buf, len, errmsg);
	free(buf);
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
		free(p->cases[i].btf_path);
		for (int m = 0; m < p->cases[i].n_mapvals; m++) {
			free(p->cases[i].mapvals[m].map);
			free(p->cases[i].mapvals[m].key);
			free(p->cases[i].mapvals[m].value);
		}
		free(p->cases[i].mapvals);
	}
	free(p->reqs);
	free(p->cases);
	free(p->order);
	free(p->run_id);
	memset(p, 0, sizeof(*p));
}
