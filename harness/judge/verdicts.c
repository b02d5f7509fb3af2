// SPDX-License-Identifier: GPL-2.0
/*
 * verdicts.c: case outcomes and the per-kernel verdict tables
 * (verdicts.h, which describes the format).
 *
 * A table row is "id<TAB>outcome<TAB>errno<TAB>message".  Messages are
 * kept on one line: tabs and newlines become spaces and console
 * timestamps ("[   77.391822] ") are dropped, so two runs of one kernel
 * give the same row.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdio.h>

#include "judge/norm.h"
#include "judge/result.h"
#include "judge/verdicts.h"
#include "lib/errnames.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

#define VERDICTS_HEADER "# twc verdicts: written by 'make matrix-bless' from a kernel run; " \
			"do not edit.\n"

void verdicts__free(struct verdicts *v)
{
	for (int i = 0; i < v->n; i++)
		verdict__free(&v->rows[i]);
	free(v->rows);
	free(v->path);
	memset(v, 0, sizeof(*v));
}

/* Digits at p: how many. */
static size_t digits(const char *p)
{
	size_t n = 0;

	while (isdigit((unsigned char)p[n]))
		n++;
	return n;
}

/* A console timestamp "[   77.391822] " at s: its length, else 0.  A BTF
 * type id ("[45]") has no fraction, and stays.
 */
static size_t timestamp__len(const char *s)
{
	const char *p = s + 1;
	size_t n;

	if (*s != '[')
		return 0;
	while (*p == ' ')
		p++;
	if (!(n = digits(p)) || p[n] != '.')
		return 0;
	p += n + 1;
	if (!(n = digits(p)) || p[n] != ']')
		return 0;
	p += n + 1;
	return p - s + (*p == ' ');
}

/* text on one line, without timestamps or edge spaces; "-" when empty. */
static char *message__clean(const char *text)
{
	struct sbuf sb = {};
	const char *p = text ? text : "";
	char *clean;
	int err = 0;

	while (*p && !err) {
		size_t ts = timestamp__len(p);

		if (ts) {
			p += ts;
			continue;
		}
		err = sbuf__add(&sb, *p == '\t' || *p == '\n' || *p == '\r' ? " " : p, 1);
		p++;
	}
	while (!err && sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = 0;
	if (err || !sb.len) {
		sbuf__free(&sb);
		return err ? NULL : strdup("-");
	}
	clean = strdup(sb.buf + strspn(sb.buf, " "));
	sbuf__free(&sb);
	return clean;
}

/* A BTF case's outcome lines (its rendered log without the "  | " lines). */
static int btf__steps(const char *log, struct sbuf *out)
{
	int err = 0;

	while (log && *log && !err) {
		size_t len = strcspn(log, "\n");

		if (len && strncmp(log, "  |", 3))
			err = sbuf__addf(out, "%s%.*s", out->len ? "; " : "", (int)len, log);
		log += len + (log[len] == '\n');
	}
	return err;
}

static bool result__before_kernel(const struct result *r)
{
	return r->loaded && r->phase && strcmp(r->phase, "load");
}

/* The message of r's outcome, before cleaning; malloc'd. */
static char *outcome__message(const struct result *r, const char *outcome)
{
	struct sbuf sb = {};
	char *lib = NULL;
	int err = 0;

	if (result__before_kernel(r))
		lib = libbpf__reason(r->sc ? r->sc->libbpf : NULL);
	if (!strcmp(outcome, "reject"))
		err = sbuf__adds(&sb, r->first_error ? r->first_error : "");
	else if (!strcmp(outcome, "libbpf"))
		err = sbuf__addf(&sb, "%s: %s", r->phase, lib ? lib : "");
	else if (!strcmp(outcome, "btf"))
		err = btf__steps(r->log, &sb);
	else if (strcmp(outcome, "accept"))
		err = sbuf__adds(&sb, r->reason ? r->reason : "");
	/* a missing kfunc: libbpf's message says how it failed without it */
	if (!err && lib && !strcmp(outcome, "skip") && r->reason &&
	    !strncmp(r->reason, "requires kfunc:", 15))
		err = sbuf__addf(&sb, " (%s: %s)", r->phase, lib);
	free(lib);
	if (err) {
		sbuf__free(&sb);
		return NULL;
	}
	return sbuf__detach(&sb);
}

static const char *outcome__name(const struct result *r)
{
	switch (r->code) {
	case RES_ERROR: return "error";
	case RES_CRASH: return "crash";
	case RES_SKIP: return "skip";
	default: break;
	}
	if (r->kase->btf)
		return "btf";
	if (!r->loaded)
		return "error";
	if (result__before_kernel(r))
		return "libbpf";
	return r->err ? "reject" : "accept";
}

static int verdict__copy(const struct verdict *src, struct verdict *dst);

int verdict__of(const struct result *r, struct verdict *out)
{
	const char *outcome = outcome__name(r);
	bool has_errno = !strcmp(outcome, "accept") || !strcmp(outcome, "reject") ||
			 !strcmp(outcome, "libbpf");
	char ebuf[32], *msg;

	memset(out, 0, sizeof(*out));
	if (r->verdict) {	/* judged already: the code no longer tells */
		if (!verdict__copy(r->verdict, out))
			return 0;
		verdict__free(out);
		return -ENOMEM;
	}
	msg = outcome__message(r, outcome);
	out->id = strdup(r->kase->id);
	out->outcome = strdup(outcome);
	out->errno_s = strdup(has_errno ? errname_str(r->err, ebuf, sizeof(ebuf)) : "-");
	out->message = msg ? message__clean(msg) : NULL;
	free(msg);
	if (out->id && out->outcome && out->errno_s && out->message)
		return 0;
	verdict__free(out);
	return -ENOMEM;
}

/* Split one table line into row; -EINVAL when it has not four fields. */
static int row__parse(char *line, struct verdict *row)
{
	char *f[4];
	int n = 0;

	for (char *p = line; n < 4; n++) {
		f[n] = p;
		p = n < 3 ? strchr(p, '\t') : NULL;
		if (n < 3 && !p)
			return -EINVAL;
		if (p)
			*p++ = 0;
	}
	if (!*f[0] || !*f[1] || !*f[2])
		return -EINVAL;
	row->id = strdup(f[0]);
	row->outcome = strdup(f[1]);
	row->errno_s = strdup(f[2]);
	row->message = message__clean(f[3]);
	return row->id && row->outcome && row->errno_s && row->message ? 0 : -ENOMEM;
}

static int verdict__copy(const struct verdict *src, struct verdict *dst)
{
	dst->id = strdup(src->id);
	dst->outcome = strdup(src->outcome);
	dst->errno_s = strdup(src->errno_s);
	dst->message = strdup(src->message);
	return dst->id && dst->outcome && dst->errno_s && dst->message ? 0 : -ENOMEM;
}

static int row__cmp(const void *a, const void *b)
{
	return strcmp(((const struct verdict *)a)->id, ((const struct verdict *)b)->id);
}

/* Parse the text of a table into v (rows sorted by id). */
static int verdicts__parse(struct verdicts *v, char *text, char **errmsg)
{
	int lineno = 0, err = 0;

	for (char *line = text, *next; line && *line && !err; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		if (line[0] == '#' || !line[0])
			continue;
		if (!(v->n % 64)) {
			struct verdict *rows = realloc(v->rows, (v->n + 64) * sizeof(*rows));

			if (!rows)
				return -ENOMEM;
			v->rows = rows;
		}
		memset(&v->rows[v->n], 0, sizeof(v->rows[0]));
		err = row__parse(line, &v->rows[v->n++]);
		if (err == -EINVAL && asprintf(errmsg, "line %d: not 'id<TAB>outcome<TAB>errno"
					       "<TAB>message'", lineno) < 0)
			*errmsg = NULL;
	}
	if (!err && v->n)
		qsort(v->rows, v->n, sizeof(*v->rows), row__cmp);
	return err;
}

int verdicts__read(struct verdicts *v, const char *path, char **errmsg)
{
	char *text = NULL;
	size_t len;
	int err;

	memset(v, 0, sizeof(*v));
	*errmsg = NULL;
	v->path = strdup(path);
	if (!v->path)
		return -ENOMEM;
	err = file__read(path, &text, &len);
	if (err == -ENOENT)
		return 0;
	v->exists = !err;
	if (!err)
		err = verdicts__parse(v, text, errmsg);
	free(text);
	return err;
}

const struct verdict *verdicts__find(const struct verdicts *v, const char *id)
{
	struct verdict key = { .id = (char *)id };

	return v->n ? bsearch(&key, v->rows, v->n, sizeof(*v->rows), row__cmp) : NULL;
}

/* Set code and reason (reason may be NULL); 0 or -ENOMEM. */
__attribute__((format(printf, 3, 4)))
static int verdicts__decide(struct result *r, enum result_code code, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	r->code = code;
	if (result_code__failed(code))
		r->stage = "verdict-table";
	free(r->reason);
	r->reason = NULL;
	if (!fmt)
		return 0;
	va_start(ap, fmt);
	n = vasprintf(&r->reason, fmt, ap);
	va_end(ap);
	if (n < 0)
		r->reason = NULL;
	return n < 0 ? -ENOMEM : 0;
}

/* What changed between the table's row and the outcome, or NULL. */
static const char *verdict__change(const struct verdict *want, const struct verdict *got)
{
	if (strcmp(want->outcome, got->outcome))
		return "verdict";
	if (strcmp(want->errno_s, got->errno_s))
		return "errno";
	if (strcmp(want->message, got->message))
		return "message";
	return NULL;
}

/* A row matched: the code its outcome gets. */
static int verdicts__match(struct result *r, const struct verdict *got)
{
	sbuf__free(&r->detail);
	if (!strcmp(got->outcome, "skip"))
		return verdicts__decide(r, RES_SKIP, "%s", got->message);
	if (!strcmp(got->outcome, "crash"))
		return verdicts__decide(r, RES_XFAIL, "a known crash of this kernel, in its "
					"verdict table: %s", got->message);
	return verdicts__decide(r, RES_PASS, NULL);
}

/* Judge the outcome got of r against v. */
static int verdicts__compare(const struct verdicts *v, struct result *r,
			     const struct verdict *got)
{
	const struct verdict *want = verdicts__find(v, got->id);
	bool crash = !strcmp(got->outcome, "crash");
	const char *what;

	if (crash)
		r->code = RES_CRASH;	/* again, when judged a second time */

	if (!v->exists)		/* recording: harness failures stay failures */
		return crash ? 0 : verdicts__match(r, got);
	if (!want)
		return verdicts__decide(r, crash ? RES_CRASH : RES_ERROR, "not in the verdict "
					"table '%s' (%s %s '%s'); to record it: make matrix-bless",
					v->path, got->outcome, got->errno_s, got->message);
	what = verdict__change(want, got);
	if (!what)
		return verdicts__match(r, got);
	if (!crash)
		sbuf__free(&r->detail);
	return verdicts__decide(r, crash ? RES_CRASH : RES_FAIL, "%s changed against '%s': "
				"was %s %s '%s', now %s %s '%s'", what, v->path, want->outcome,
				want->errno_s, want->message, got->outcome, got->errno_s,
				got->message);
}

int verdicts__judge(const struct verdicts *v, struct result *r)
{
	struct verdict *got = r->verdict;
	int err;

	if (!got) {
		got = calloc(1, sizeof(*got));
		if (!got || verdict__of(r, got)) {
			free(got);
			return -ENOMEM;
		}
		r->verdict = got;
	}
	if (!strcmp(got->outcome, "error"))
		return 0;
	err = verdicts__compare(v, r, got);
	return err;
}

static int row__render(struct sbuf *out, const struct verdict *row)
{
	return sbuf__addf(out, "%s\t%s\t%s\t%s\n", row->id, row->outcome, row->errno_s,
			  row->message);
}

/* Is id among the results? (rs is in id order, as the corpus is.) */
static const struct result *rs__find(const struct result *rs, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(rs[i].kase->id, id))
			return &rs[i];
	return NULL;
}

int verdicts__stale(const struct verdicts *v, const struct result *rs, int n)
{
	int stale = 0;

	for (int i = 0; i < v->n; i++)
		stale += !rs__find(rs, n, v->rows[i].id);
	return stale;
}

/* The rows of the table, sorted by id, as struct verdict (owned copies). */
static int verdicts__merge(const struct verdicts *old, const struct result *rs, int n,
			   bool keep_others, struct verdicts *out, struct verdicts_stats *st)
{
	int err = 0;

	out->rows = calloc(n + (old ? old->n : 0) + 1, sizeof(*out->rows));
	if (!out->rows)
		return -ENOMEM;
	for (int i = 0; i < n && !err; i++) {
		const struct verdict *prev = old ? verdicts__find(old, rs[i].kase->id) : NULL;
		struct verdict got;

		err = verdict__of(&rs[i], &got);
		if (!err && strcmp(got.outcome, "error")) {
			st->changed += !prev || verdict__change(prev, &got);
			out->rows[out->n++] = got;
			continue;
		}
		verdict__free(&got);
		if (err)
			break;
		st->refused++;	/* an ERROR says nothing about the kernel */
		err = sbuf__addf(&st->refused_ids, " %s", rs[i].kase->id);
		if (!err && prev)
			err = verdict__copy(prev, &out->rows[out->n++]);
	}
	for (int i = 0; keep_others && old && i < old->n && !err; i++)
		if (!rs__find(rs, n, old->rows[i].id))
			err = verdict__copy(&old->rows[i], &out->rows[out->n++]);
	if (!err && out->n)
		qsort(out->rows, out->n, sizeof(*out->rows), row__cmp);
	st->rows = out->n;
	return err;
}

int verdicts__render(const struct verdicts *old, const struct result *rs, int n,
		     const char *release, const char *version, bool keep_others,
		     struct sbuf *out, struct verdicts_stats *st)
{
	struct verdicts rows = {};
	int err;

	err = verdicts__merge(old, rs, n, keep_others, &rows, st) ?:
	      sbuf__adds(out, VERDICTS_HEADER) ?:
	      sbuf__addf(out, "# kernel: %s%s%s\n", release ? release : "unknown",
			 version ? " " : "", version ? version : "") ?:
	      sbuf__addf(out, "# normalizer: %d\n", NORM_VERSION) ?:
	      sbuf__adds(out, "# id\toutcome\terrno\tmessage (see harness/judge/verdicts.h)\n");
	for (int i = 0; !err && i < rows.n; i++)
		err = row__render(out, &rows.rows[i]);
	verdicts__free(&rows);
	return err;
}

bool verdicts__crashes(const struct verdicts *v, const char *id)
{
	const struct verdict *row = verdicts__find(v, id);

	return row && !strcmp(row->outcome, "crash");
}

int verdicts__crash_prefix(const struct verdicts *v, const struct plan *p)
{
	int prefix = 0;

	for (int pos = 0; pos < p->n_cases; pos++)
		if (verdicts__crashes(v, p->cases[p->order ? p->order[pos] : pos].id))
			prefix = pos + 1;
	return prefix;
}
