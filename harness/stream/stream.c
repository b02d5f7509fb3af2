// SPDX-License-Identifier: GPL-2.0
/*
 * stream.c: parse a run's result stream (PROTOCOL.md) into memory.
 *
 * One handler per record kind, picked from a table by the first word.  A
 * record that fails to parse is charged to a case: the one it names, else
 * the case in flight (BEGIN without END), else the next case to begin or,
 * at the end, the last case seen.  The judge turns it into that case's
 * ERROR instead of silently judging the case on partial data.  So is a
 * record that comes too late: a case's guest record after its END, any
 * guest record after DONE, a second BEGIN.  A record of an index the plan
 * does not have is counted, never stored: the table is the plan's size.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

#define MAX_TOKENS 10

struct parser {
	struct stream *s;
	const char *p, *end;	/* unread bytes */
	int line;		/* line number of the current record */
	int cur;		/* case in flight, -1 */
	int last;		/* last case named, -1 */
	bool done;		/* DONE seen in this boot */
	char *pending;		/* error waiting for the next BEGIN */
	bool pending_trunc;
	int ntok;
	char *tok[MAX_TOKENS];
	char *copy;		/* the tokenized copy of the record line */
	const char *rest;	/* text after the second token (FACT value) */
};

/* The case at idx; NULL for an index the plan does not have. */
static struct stream_case *stream__slot(struct stream *s, long idx)
{
	return idx >= 0 && idx < s->n_cases ? &s->cases[idx] : NULL;
}

/* Charge an error to case idx (or the case in flight); keeps the first. */
__attribute__((format(printf, 4, 5)))
static int parser__bad(struct parser *ps, long idx, bool trunc, const char *fmt, ...)
{
	struct stream_case *c;
	char *msg = NULL, *full = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg || asprintf(&full, "stream line %d: %s", ps->line, msg) < 0)
		full = NULL;
	free(msg);
	if (!full)
		return -ENOMEM;
	if (idx < 0)
		idx = ps->cur;
	c = idx >= 0 ? stream__slot(ps->s, idx) : NULL;
	if (!c) {
		if (!ps->pending)
			ps->pending = full, ps->pending_trunc = trunc;
		else
			free(full);
		return 0;
	}
	c->truncated |= trunc;
	if (!c->error)
		c->error = full;
	else
		free(full);
	return 0;
}

/* Strict decimal parse of a whole token. */
static int tok__long(const char *t, long long *v)
{
	char *e;

	if (!t || !*t)
		return -EINVAL;
	errno = 0;
	*v = strtoll(t, &e, 10);
	return errno || *e ? -EINVAL : 0;
}

/* An err field: 0 or a negative errno, one that fits the int it goes to. */
static int tok__err(const char *t, long long *v)
{
	return tok__long(t, v) || *v > 0 || *v < INT32_MIN ? -EINVAL : 0;
}

/* Token 1 as a case index; -1 when it is not one. */
static long parser__idx(struct parser *ps)
{
	long long v;

	if (ps->ntok < 2 || tok__long(ps->tok[1], &v) || v < 0 || v > INT32_MAX)
		return -1;
	return v;
}

/* Take the n bytes (plus '\n') that follow a counted record. */
static int parser__blob(struct parser *ps, long idx, const char *what, long long n,
			char **out, size_t *len)
{
	size_t avail = ps->end - ps->p;
	size_t take = (size_t)n < avail ? (size_t)n : avail;

	*out = malloc(take + 1);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, ps->p, take);
	(*out)[take] = 0;
	*len = take;
	ps->p += take;
	if (take < (size_t)n || ps->p == ps->end)
		return parser__bad(ps, idx, true, "%s %ld: stream ends inside %lld bytes",
				   what, idx, n) ?: -EPIPE;
	if (*ps->p != '\n')
		return parser__bad(ps, idx, false, "%s %ld: no newline after %lld bytes",
				   what, idx, n) ?: -EPIPE;
	ps->p++;
	return 0;
}

static int rec_header(struct parser *ps, struct stream_case *c, long idx)
{
	if (ps->ntok != 2 || strcmp(ps->tok[1], "1"))
		return -EINVAL;
	ps->s->n_boots++;
	ps->cur = -1;
	ps->done = false;
	return 0;
}

/* PLAN <run-id>: the plan this boot's guest is answering. */
static int rec_plan(struct parser *ps, struct stream_case *c, long idx)
{
	struct stream *s = ps->s;

	if (ps->ntok != 2)
		return -EINVAL;
	s->n_plan_ids++;
	if (!s->plan_id)
		s->plan_id = strdup(ps->tok[1]);
	else if (strcmp(s->plan_id, ps->tok[1]))
		s->plan_ids_differ = true;
	return s->plan_id ? 0 : -ENOMEM;
}

static int rec_fact(struct parser *ps, struct stream_case *c, long idx)
{
	struct stream *s = ps->s;
	struct stream_fact *t;

	if (ps->ntok < 2)
		return -EINVAL;
	if (s->n_boots > 1 || stream__fact(s, ps->tok[1]))
		return 0;	/* the first boot's facts are the run's */
	t = realloc(s->facts, (s->n_facts + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	s->facts = t;
	t[s->n_facts].name = strdup(ps->tok[1]);
	t[s->n_facts].value = strdup(ps->rest);
	s->n_facts++;
	return t[s->n_facts - 1].name && t[s->n_facts - 1].value ? 0 : -ENOMEM;
}

static void stream_case__free_steps(struct stream_case *c)
{
	for (int i = 0; i < c->n_steps; i++)
		free(c->steps[i].log);
	free(c->steps);
	c->steps = NULL;
	c->n_steps = 0;
}

/* BEGIN: the guest starts the case; a case begins once in a run. */
static int rec_begin(struct parser *ps, struct stream_case *c, long idx)
{
	if (ps->ntok != 2)
		return -EINVAL;
	if (c->begun)
		return parser__bad(ps, idx, false, "BEGIN %ld: the case began before", idx);
	c->begun = true;
	ps->cur = idx;
	if (ps->pending) {
		c->truncated |= ps->pending_trunc;
		if (!c->error)
			c->error = ps->pending;
		else
			free(ps->pending);
		ps->pending = NULL;
	}
	return 0;
}

static int rec_end(struct parser *ps, struct stream_case *c, long idx)
{
	if (ps->ntok != 2)
		return -EINVAL;
	c->ended = true;
	ps->cur = -1;
	return 0;
}

static int rec_done(struct parser *ps, struct stream_case *c, long idx)
{
	if (ps->ntok != 1)
		return -EINVAL;
	ps->s->n_done++;
	ps->cur = -1;
	ps->done = true;
	return 0;
}

static const char *const phases[] = { "open", "prepare", "aux", "load" };

/* LOAD idx phase err errname log_true_size verified_insns load_ns */
static int rec_load(struct parser *ps, struct stream_case *c, long idx)
{
	long long err, lts, insns, ns;
	size_t i;

	if (ps->ntok != 8 || tok__err(ps->tok[3], &err) ||
	    tok__long(ps->tok[5], &lts) || lts < 0 || tok__long(ps->tok[6], &insns) ||
	    insns < 0 || insns > UINT32_MAX || tok__long(ps->tok[7], &ns) || ns < 0)
		return -EINVAL;
	for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
		if (!strcmp(ps->tok[2], phases[i]))
			break;
	if (i == sizeof(phases) / sizeof(phases[0]))
		return -EINVAL;
	strcpy(c->phase, phases[i]);
	c->err = err;
	c->log_true_size = lts;
	c->verified_insns = insns;
	c->load_ns = ns;
	c->loaded = true;
	return 0;
}

/* AUX idx prog err errname */
static int rec_aux(struct parser *ps, struct stream_case *c, long idx)
{
	struct stream_aux *t;
	long long err;

	if (ps->ntok != 5 || tok__err(ps->tok[3], &err))
		return -EINVAL;
	t = realloc(c->aux, (c->n_aux + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	c->aux = t;
	t[c->n_aux].err = err;
	t[c->n_aux].prog = strdup(ps->tok[2]);
	return t[c->n_aux++].prog ? 0 : -ENOMEM;
}

/* Whether a call names the loader's own failure before a step after the
 * load: capset (its capabilities back) or prog_array (the PROG_ARRAY slots
 * the object's maps name, which bpf_object__load() would have filled). */
static bool call__loaders(const char *call)
{
	return !strcmp(call, "capset") || !strcmp(call, "prog_array");
}

/* RETVAL idx call err errname retval|-: the test run after the load
 * (call test_run), or the loader's failure to get there (capset,
 * prog_array, map_update: a map value the plan gives, MAPVAL). */
static int rec_retval(struct parser *ps, struct stream_case *c, long idx)
{
	long long err, v = 0;

	if (ps->ntok != 6 || (strcmp(ps->tok[2], "test_run") && !call__loaders(ps->tok[2]) &&
			      strcmp(ps->tok[2], "map_update")) ||
	    tok__err(ps->tok[3], &err) || (err != 0) != !strcmp(ps->tok[5], "-") ||
	    (!err && (tok__long(ps->tok[5], &v) || v < INT32_MIN || v > INT32_MAX)))
		return -EINVAL;
	if (c->has_retval)
		return parser__bad(ps, idx, false, "RETVAL %ld: a second test run", idx);
	c->has_retval = true;
	strcpy(c->retval_call, ps->tok[2]);
	c->retval_err = err;
	c->retval = v;
	return 0;
}

/* XLATED idx nbytes call err errname, then the bytes: the translated
 * instructions (BPF_OBJ_GET_INFO_BY_FD's xlated_prog_insns, call get_info),
 * or none when a call failed (capset, prog_array: the loader's own).  The count is
 * the third field, as in every counted record, so readers skip the bytes
 * alike; whole instructions only. */
static int rec_xlated(struct parser *ps, struct stream_case *c, long idx)
{
	long long n, err;
	char *data;
	size_t len;
	int ret;

	if (ps->ntok < 3 || tok__long(ps->tok[2], &n) || n < 0)
		return -EINVAL;
	ret = parser__blob(ps, idx, "XLATED", n, &data, &len);	/* bytes taken first */
	if (ret) {
		free(data);	/* a cut record: the case's error is set */
		return ret == -EPIPE ? 0 : ret;
	}
	if (ps->ntok != 6 || (strcmp(ps->tok[3], "get_info") && !call__loaders(ps->tok[3])) ||
	    tok__err(ps->tok[4], &err) || (err && n) || n % 8) {
		free(data);
		return -EINVAL;
	}
	if (c->has_xlated) {
		free(data);
		return parser__bad(ps, idx, false, "XLATED %ld: a second translated program", idx);
	}
	c->has_xlated = true;
	strcpy(c->xlated_call, ps->tok[3]);
	c->xlated_err = err;
	c->xlated = (unsigned char *)data;
	c->xlated_len = len;
	return 0;
}

/* The stream named by a BPFSTREAM record: "stdout" or "stderr"; -1. */
static int bpf_stream__id(const char *name)
{
	return !strcmp(name, "stdout") ? STREAM_BPF_STDOUT :
	       !strcmp(name, "stderr") ? STREAM_BPF_STDERR : -1;
}

/* BPFSTREAM idx nbytes stdout|stderr err errname, then the bytes: what
 * BPF_PROG_STREAM_READ_BY_FD read of one of the program's BPF streams
 * after its test run, none when it failed.  One record per stream. */
static int rec_bpf_stream(struct parser *ps, struct stream_case *c, long idx)
{
	struct stream_bpf *b;
	long long n, err;
	char *data;
	size_t len;
	int ret, id;

	if (ps->ntok < 3 || tok__long(ps->tok[2], &n) || n < 0)
		return -EINVAL;
	ret = parser__blob(ps, idx, "BPFSTREAM", n, &data, &len);	/* bytes taken first */
	if (ret) {
		free(data);	/* a cut record: the case's error is set */
		return ret == -EPIPE ? 0 : ret;
	}
	id = ps->ntok == 6 ? bpf_stream__id(ps->tok[3]) : -1;
	if (id < 0 || tok__err(ps->tok[4], &err) || (err && n)) {
		free(data);
		return -EINVAL;
	}
	b = &c->bpf_stream[id];
	if (b->has) {
		free(data);
		return parser__bad(ps, idx, false, "BPFSTREAM %ld: a second read of %s", idx,
				   ps->tok[3]);
	}
	*b = (struct stream_bpf){ .has = true, .err = err, .text = data, .len = len };
	return 0;
}

/* Whether t is decimal numbers joined by single commas: "12", "3,0,40". */
static bool lens__well_formed(const char *t)
{
	bool digit = false;

	for (; *t; t++) {
		if (*t == ',' && !digit)
			return false;
		if (*t != ',' && (*t < '0' || *t > '9'))
			return false;
		digit = *t != ',';
	}
	return digit;
}

/* The functions' lengths of a JITED record: "-" (none; then nbytes is 0)
 * or u32s joined by ',' that add up to nbytes; *n of them in *out
 * (malloc'd). */
static int jited__lens(const char *t, long long nbytes, uint32_t **out, int *n)
{
	unsigned long long sum = 0, v;
	const char *w = t;
	int cap = 1;

	*out = NULL;
	*n = 0;
	if (!strcmp(t, "-"))
		return nbytes ? -EINVAL : 0;
	if (!lens__well_formed(t))
		return -EINVAL;
	for (const char *c = t; *c; c++)
		cap += *c == ',';
	*out = calloc(cap, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (; *n < cap; w += strcspn(w, ",") + 1) {
		v = strcspn(w, ",") > 10 ? UINT64_MAX : strtoull(w, NULL, 10);
		if (v > UINT32_MAX)
			break;
		(*out)[(*n)++] = v;
		sum += v;
	}
	if (*n == cap && sum == (unsigned long long)nbytes)
		return 0;
	free(*out);
	*out = NULL;
	*n = 0;
	return -EINVAL;
}

/* JITED idx nbytes call err errname lens, then the bytes: the JIT image
 * (BPF_OBJ_GET_INFO_BY_FD's jited_prog_insns, call get_info) and each
 * function's length (jited_func_lens, joined by ','), or none when a call
 * failed (capset, malloc, hidden: the loader's or the kernel's refusal
 * to show the bytes).  The lengths add up to nbytes. */
static int rec_jited(struct parser *ps, struct stream_case *c, long idx)
{
	static const char *const calls[] = { "get_info", "capset", "prog_array", "malloc",
					      "hidden" };
	long long n, err;
	uint32_t *lens = NULL;
	int ret, n_lens = 0;
	size_t len, i;
	char *data;

	if (ps->ntok < 3 || tok__long(ps->tok[2], &n) || n < 0)
		return -EINVAL;
	ret = parser__blob(ps, idx, "JITED", n, &data, &len);	/* bytes taken first */
	if (ret) {
		free(data);	/* a cut record: the case's error is set */
		return ret == -EPIPE ? 0 : ret;
	}
	for (i = 0; ps->ntok == 7 && i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(ps->tok[3], calls[i]))
			break;
	ret = ps->ntok != 7 || i == sizeof(calls) / sizeof(calls[0]) ||
	      tok__err(ps->tok[4], &err) || (err && (n || strcmp(ps->tok[6], "-"))) ||
	      (!err && strcmp(ps->tok[6], "-") == 0) ? -EINVAL :
	      jited__lens(ps->tok[6], n, &lens, &n_lens);
	if (!ret && c->has_jited) {
		free(lens);
		ret = parser__bad(ps, idx, false, "JITED %ld: a second JIT image", idx) ?: 1;
	}
	if (ret) {
		free(data);
		return ret > 0 ? 0 : ret;
	}
	c->has_jited = true;
	strcpy(c->jited_call, ps->tok[3]);
	c->jited_err = err;
	c->jited = (unsigned char *)data;
	c->jited_len = len;
	c->jited_lens = lens;
	c->n_jited_lens = n_lens;
	return 0;
}

/* STEP idx n verb err errname value|- (a step of a BTF case) */
static int rec_step(struct parser *ps, struct stream_case *c, long idx)
{
	long long n, err, value = 0;
	struct stream_step *t;

	if (ps->ntok != 7 || tok__long(ps->tok[2], &n) || n < 0 || n > STREAM_MAX_STEP ||
	    strlen(ps->tok[3]) >= sizeof(t->verb) || tok__err(ps->tok[4], &err) ||
	    (strcmp(ps->tok[6], "-") && tok__long(ps->tok[6], &value)))
		return -EINVAL;
	t = realloc(c->steps, (c->n_steps + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	c->steps = t;
	t = &t[c->n_steps++];
	memset(t, 0, sizeof(*t));
	t->n = n;
	strcpy(t->verb, ps->tok[3]);
	t->err = err;
	t->has_value = strcmp(ps->tok[6], "-");
	t->value = value;
	return 0;
}

/* TIME idx open_ns prepare_ns load_ns case_ns: where the case's time went
 * in the loader (make bench). */
static int rec_time(struct parser *ps, struct stream_case *c, long idx)
{
	long long v[4];

	if (ps->ntok != 6)
		return -EINVAL;
	for (int i = 0; i < 4; i++)
		if (tok__long(ps->tok[i + 2], &v[i]) || v[i] < 0)
			return -EINVAL;
	c->open_ns = v[0];
	c->prepare_ns = v[1];
	c->clone_ns = v[2];
	c->case_ns = v[3];
	return 0;
}

/* BENCH name ns: a measurement of the guest's own (make bench). */
static int rec_bench(struct parser *ps, struct stream_case *c, long idx)
{
	struct stream *s = ps->s;
	long long ns;

	if (ps->ntok != 3 || tok__long(ps->tok[2], &ns) || ns < 0)
		return -EINVAL;
	for (int i = 0; i < STREAM_MAX_BENCH; i++)
		if (!s->bench[i].name[0] || !strcmp(s->bench[i].name, ps->tok[1])) {
			snprintf(s->bench[i].name, sizeof(s->bench[i].name), "%s", ps->tok[1]);
			s->bench[i].ns = ns;
			return 0;
		}
	return 0;
}

/* FAULT idx how: the loader died on the case (a signal's name, "exit-N"). */
static int rec_fault(struct parser *ps, struct stream_case *c, long idx)
{
	if (ps->ntok != 3)
		return -EINVAL;
	if (!c->fault)
		c->fault = strdup(ps->tok[2]);
	return c->fault ? 0 : -ENOMEM;
}

static int rec_crash(struct parser *ps, struct stream_case *c, long idx)
{
	if (ps->ntok != 3 || (strcmp(ps->tok[2], "panic") && strcmp(ps->tok[2], "hang") &&
			      strcmp(ps->tok[2], "exit")))
		return -EINVAL;
	if (!c->crash)
		c->crash = strdup(ps->tok[2]);
	ps->cur = -1;
	return c->crash ? 0 : -ENOMEM;
}

static int rec_boot(struct parser *ps, struct stream_case *c, long idx)
{
	long long ns, init_ns = 0;

	if (ps->ntok < 2 || ps->ntok > 4 || tok__long(ps->tok[1], &ns) || ns < 0 ||
	    (ps->ntok >= 3 && (tok__long(ps->tok[2], &init_ns) || init_ns < 0 || init_ns > ns)) ||
	    (ps->ntok == 4 && strcmp(ps->tok[3], "restored")))
		return -EINVAL;
	ps->s->boot_ns += ns;
	ps->s->init_ns += init_ns;
	return 0;
}

/* LOG, LIBBPF, CONSOLE, STEPLOG: "<kind> idx nbytes", the bytes and '\n'. */
static int rec_blob(struct parser *ps, struct stream_case *c, long idx)
{
	const char *kind = ps->tok[0];
	struct sbuf joined = {};
	long long n;
	char *data;
	size_t len;
	int err;

	if (ps->ntok != 3 || tok__long(ps->tok[2], &n) || n < 0)
		return -EINVAL;
	err = parser__blob(ps, idx, kind, n, &data, &len);
	if (err && err != -EPIPE)
		return err;
	if (!strcmp(kind, "STEPLOG") && (!c->n_steps || c->steps[c->n_steps - 1].log)) {
		free(data);
		return err ? 0 : -EINVAL;	/* a log without a step to belong to */
	}
	if (!strcmp(kind, "STEPLOG")) {
		c->steps[c->n_steps - 1].log = data;
		c->steps[c->n_steps - 1].log_len = len;
	} else if (!strcmp(kind, "LOG")) {
		free(c->log);
		c->log = data;
		c->log_len = len;
		c->has_log = true;
	} else if (!strcmp(kind, "LIBBPF")) {
		free(c->libbpf);
		c->libbpf = data;
	} else {
		c->console_last = c->console ? strlen(c->console) : 0;
		if (sbuf__adds(&joined, c->console ? c->console : "") ||
		    sbuf__add(&joined, data, len))
			err = -ENOMEM;
		free(data);
		free(c->console);
		c->console = sbuf__detach(&joined);
	}
	return err == -EPIPE ? 0 : err;
}

struct record_kind {
	const char *name;
	bool has_idx;	/* token 1 is a case index */
	bool guest;	/* written by the guest, within BEGIN .. END of its case */
	int (*parse)(struct parser *ps, struct stream_case *c, long idx);
};

static const struct record_kind record_kinds[] = {
	{ "TWC-STREAM", false, false, rec_header },
	{ "PLAN", false, false, rec_plan },
	{ "FACT", false, false, rec_fact },
	{ "BEGIN", true, false, rec_begin },
	{ "LIBBPF", true, true, rec_blob },
	{ "AUX", true, true, rec_aux },
	{ "LOAD", true, true, rec_load },
	{ "LOG", true, true, rec_blob },
	{ "RETVAL", true, true, rec_retval },
	{ "XLATED", true, true, rec_xlated },
	{ "BPFSTREAM", true, true, rec_bpf_stream },
	{ "JITED", true, true, rec_jited },
	{ "FAULT", true, true, rec_fault },
	{ "TIME", true, true, rec_time },
	{ "BENCH", false, false, rec_bench },
	{ "END", true, true, rec_end },
	{ "DONE", false, false, rec_done },
	{ "CRASH", true, false, rec_crash },
	{ "CONSOLE", true, false, rec_blob },
	{ "STEP", true, true, rec_step },
	{ "STEPLOG", true, true, rec_blob },
	{ "BOOT", false, false, rec_boot },
};

/* Split line into tokens (in ps->copy); rest is the text of line after
 * its second token and one space, spaces kept (the value of FACT).
 */
static int parser__tokenize(struct parser *ps, const char *line)
{
	char *save = NULL, *t;
	const char *r;

	free(ps->copy);
	ps->copy = strdup(line);
	if (!ps->copy)
		return -ENOMEM;
	ps->ntok = 0;
	for (t = strtok_r(ps->copy, " ", &save); t && ps->ntok < MAX_TOKENS;
	     t = strtok_r(NULL, " ", &save))
		ps->tok[ps->ntok++] = t;
	r = strchr(line, ' ');
	r = r ? strchr(r + 1, ' ') : NULL;
	ps->rest = r ? r + 1 : "";
	return 0;
}

/* Skip the bytes of a counted record that is not stored (an index the plan
 * does not have, a record out of place), so they are not read as records. */
static void parser__skip_blob(struct parser *ps, const struct record_kind *k)
{
	long long n;

	if ((k->parse == rec_blob || k->parse == rec_xlated || k->parse == rec_bpf_stream ||
	     k->parse == rec_jited) &&
	    ps->ntok >= 3 &&
	    !tok__long(ps->tok[2], &n) && n >= 0)
		ps->p += (size_t)n + 1 < (size_t)(ps->end - ps->p) ?
			 (size_t)n + 1 : (size_t)(ps->end - ps->p);
}

/* A record of an index the plan does not have: counted, the first kept. */
static int parser__outside(struct parser *ps, const struct record_kind *k, long idx)
{
	struct stream *s = ps->s;

	if (!s->n_outside++ && asprintf(&s->outside, "stream line %d: %s %ld, but the plan has "
					"%d cases", ps->line, k->name, idx, s->n_cases) < 0) {
		s->outside = NULL;
		return -ENOMEM;
	}
	parser__skip_blob(ps, k);
	return 0;
}

/* A guest record after its case's END or after DONE, or a BEGIN after
 * DONE, is charged to the case (1); 0 when the record is in its place. */
static int parser__too_late(struct parser *ps, const struct record_kind *k,
			    struct stream_case *c, long idx)
{
	const char *when = NULL;

	if ((k->guest || k->parse == rec_begin) && ps->done)
		when = "after DONE";
	else if (k->guest && c->ended)
		when = "after the case's END";
	else if (k->guest && !c->begun)
		when = "before the case's BEGIN";
	if (!when)
		return 0;
	return parser__bad(ps, idx, false, "%s %ld %s", k->name, idx, when) ?: 1;
}

/* Parse one record line (without its '\n'). */
static int parser__record(struct parser *ps, const char *line, bool trunc)
{
	const struct record_kind *k = NULL;
	struct stream_case *c = NULL;
	long idx;
	int err;

	err = parser__tokenize(ps, line);
	if (err)
		return err;
	idx = parser__idx(ps);
	for (size_t i = 0; ps->ntok && i < sizeof(record_kinds) / sizeof(record_kinds[0]); i++)
		if (!strcmp(ps->tok[0], record_kinds[i].name))
			k = &record_kinds[i];
	if (trunc)
		return parser__bad(ps, k && k->has_idx ? idx : -1, true,
				   "stream ends inside a record");
	if (!k)
		return parser__bad(ps, -1, false, "unknown record '%.40s'",
				   ps->ntok ? ps->tok[0] : "");
	if (k->has_idx && idx < 0) {
		parser__skip_blob(ps, k);
		return parser__bad(ps, -1, false, "%s: bad case index", k->name);
	}
	if (k->has_idx && !(c = stream__slot(ps->s, idx)))
		return parser__outside(ps, k, idx);
	if (k->has_idx)
		ps->last = idx;
	err = parser__too_late(ps, k, c, idx);
	if (err > 0)
		parser__skip_blob(ps, k);
	if (err)
		return err > 0 ? 0 : err;
	err = k->parse(ps, c, idx);
	if (err == -EINVAL)
		return parser__bad(ps, k->has_idx ? idx : -1, false, "malformed %s record",
				   k->name);
	return err;
}

/* A stream starts with a boot's header, or with the host's records of a
 * boot that never reached the guest (e.g. only "BOOT <ns>").
 */
static bool stream__starts_well(const char *buf, size_t len)
{
	static const char *const starts[] = { "TWC-STREAM 1\n", "BOOT ", "CRASH ", "CONSOLE " };

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (len >= strlen(starts[i]) && !memcmp(buf, starts[i], strlen(starts[i])))
			return true;
	return false;
}

int stream__parse(struct stream *s, const char *buf, size_t len, int n_cases, char **err_msg)
{
	struct parser ps = { .s = s, .p = buf, .end = buf + len, .cur = -1, .last = -1 };
	int err = 0;

	memset(s, 0, sizeof(*s));
	*err_msg = NULL;
	s->cases = calloc(n_cases > 0 ? n_cases : 1, sizeof(*s->cases));
	if (!s->cases)
		return -ENOMEM;
	s->n_cases = n_cases > 0 ? n_cases : 0;
	if (!stream__starts_well(buf, len)) {
		*err_msg = strdup("does not start with 'TWC-STREAM 1' or a host record");
		return -EINVAL;
	}
	while (ps.p < ps.end && !err) {
		const char *nl = memchr(ps.p, '\n', ps.end - ps.p);
		size_t n = nl ? (size_t)(nl - ps.p) : (size_t)(ps.end - ps.p);
		char *line = strndup(ps.p, n);

		if (!line) {
			err = -ENOMEM;
			break;
		}
		ps.line++;
		ps.p += n + (nl != NULL);
		err = parser__record(&ps, line, !nl);
		free(line);
	}
	if (!err && ps.pending) {	/* after the last case: charge the last one */
		struct stream_case *c = ps.last >= 0 ? stream__slot(s, ps.last) : NULL;

		if (c && !c->error) {
			c->error = ps.pending;
			c->truncated |= ps.pending_trunc;
		} else {
			s->n_stray++;
			s->stray = ps.pending;
		}
		ps.pending = NULL;
	}
	free(ps.pending);
	free(ps.copy);
	return err;
}

int stream__read(struct stream *s, const char *path, int n_cases, char **err_msg)
{
	size_t len;
	char *buf;
	int err;

	memset(s, 0, sizeof(*s));
	*err_msg = NULL;
	err = file__read(path, &buf, &len);
	if (err)
		return err;
	err = stream__parse(s, buf, len, n_cases, err_msg);
	free(buf);
	return err;
}

void stream__free(struct stream *s)
{
	for (int i = 0; i < s->n_facts; i++) {
		free(s->facts[i].name);
		free(s->facts[i].value);
	}
	for (int i = 0; i < s->n_cases; i++) {
		struct stream_case *c = &s->cases[i];

		free(c->log);
		free(c->xlated);
		for (int j = 0; j < STREAM_BPF_N; j++)
			free(c->bpf_stream[j].text);
		free(c->jited);
		free(c->jited_lens);
		free(c->libbpf);
		free(c->console);
		free(c->crash);
		free(c->fault);
		free(c->error);
		for (int j = 0; j < c->n_aux; j++)
			free(c->aux[j].prog);
		free(c->aux);
		stream_case__free_steps(c);
	}
	free(s->facts);
	free(s->cases);
	free(s->stray);
	free(s->outside);
	free(s->plan_id);
	memset(s, 0, sizeof(*s));
}

char *stream__foreign(const struct stream *s, const char *plan_id)
{
	char *why = NULL;
	int n = 0;

	if (s->n_outside)
		n = asprintf(&why, "%d records name cases the plan does not have (%s)",
			     s->n_outside, s->outside);
	else if (s->n_boots && !s->plan_id)
		n = asprintf(&why, "its guest named no plan (a stream of another version?)");
	else if (s->n_plan_ids != s->n_boots || s->plan_ids_differ)
		n = asprintf(&why, "its %d boots named %d plans", s->n_boots, s->n_plan_ids);
	else if (s->plan_id && strcmp(s->plan_id, plan_id ? plan_id : ""))
		n = asprintf(&why, "it answers plan '%s', this plan is '%s'", s->plan_id,
			     plan_id ? plan_id : "(none)");
	return n < 0 ? NULL : why;
}

const char *stream__fact(const struct stream *s, const char *name)
{
	for (int i = 0; i < s->n_facts; i++)
		if (!strcmp(s->facts[i].name, name))
			return s->facts[i].value;
	return NULL;
}

const struct stream_case *stream__case(const struct stream *s, int idx)
{
	return idx >= 0 && idx < s->n_cases ? &s->cases[idx] : NULL;
}
