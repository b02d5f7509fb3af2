// SPDX-License-Identifier: GPL-2.0
/*
 * bpfstream.c: the stage of __stderr and __stdout (stage.h), after
 * __retval as test_loader's run_subtest() checks them: what the program's
 * BPF streams held after its test run (BPFSTREAM records), read and
 * matched as test_loader's verify_stderr() and get_stream() do.
 *
 * A kernel without BPF streams is a SKIP, told by the guest's probe of
 * BPF_PROG_STREAM_READ_BY_FD (FACT bpf_stream_probe), never guessed from
 * a failed read.  Where the kernel has them, a read that fails or finds
 * the stream empty is a FAIL, as test_loader fails the run; no record is
 * the harness's ERROR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "judge/result.h"
#include "judge/stage.h"
#include "lib/errnames.h"
#include "stream/stream.h"

/* The streams in the order test_loader reads them. */
static const struct {
	int which;		/* ANNOT_STDERR, ANNOT_STDOUT */
	int rec;		/* the stream_case's slot */
	const char *name, *key;
} bpf_streams[] = {
	{ ANNOT_STDERR, STREAM_BPF_STDERR, "stderr", "__stderr" },
	{ ANNOT_STDOUT, STREAM_BPF_STDOUT, "stdout", "__stdout" },
};

/* Whether this kernel has BPF streams, from the guest's probe: STAGE_NEXT
 * when it has, a SKIP when the command is unknown to it, an ERROR when the
 * probe is missing or says something else. */
static int bpf_stream__kernel(struct view *v, struct result *r, const char *key)
{
	const char *probe = stream__fact(v->ctx->stream, "bpf_stream_probe");

	if (!probe)
		return decide(r, RES_ERROR, "the stream lacks FACT bpf_stream_probe: cannot tell "
			      "whether this kernel has BPF streams (%s)", key);
	if (!strcmp(probe, "-EBADF"))
		return STAGE_NEXT;
	if (!strcmp(probe, "-EINVAL"))
		return decide(r, RES_SKIP, "this kernel has no BPF streams "
			      "(BPF_PROG_STREAM_READ_BY_FD: -EINVAL, an unknown command): %s is "
			      "not checked", key);
	return decide(r, RES_ERROR, "the guest's probe of BPF_PROG_STREAM_READ_BY_FD gave %s, "
		      "not -EBADF or -EINVAL: cannot tell whether this kernel has BPF streams (%s)",
		      probe, key);
}

/* One stream's record: the harness's ERROR when there is none, a FAIL
 * where test_loader fails the run (the read failed, or read nothing). */
static int bpf_stream__record(struct view *v, struct result *r, size_t i)
{
	const struct stream_bpf *b = &v->sc->bpf_stream[bpf_streams[i].rec];
	const struct annot_lines *l = &v->k->prog->bpf_stream[bpf_streams[i].which];
	char ebuf[32];

	if (!b->has)
		return decide(r, RES_ERROR, "no BPFSTREAM record of %s: the guest did not read "
			      "the program's BPF %s stream (%s)", bpf_streams[i].name,
			      bpf_streams[i].name, bpf_streams[i].key);
	if (b->err)
		return result__decide(r, RES_FAIL, "reading the BPF %s stream failed: "
				      "BPF_PROG_STREAM_READ_BY_FD: %s (test_loader fails the run)",
				      bpf_streams[i].name, errname_str(b->err, ebuf, sizeof(ebuf))) ?:
		       detail__said(v, r) ?: STAGE_DONE;
	if (!b->len)
		return result__decide(r, RES_FAIL, "the BPF %s stream is empty, %s expects "
				      "'%s' (test_loader fails the run)", bpf_streams[i].name,
				      bpf_streams[i].key, l->v[0].text) ?:
		       detail__said(v, r) ?: STAGE_DONE;
	return STAGE_NEXT;
}

/* One stream's lines against what it held. */
static int bpf_stream__match(struct view *v, struct result *r, size_t i)
{
	const char *text = v->sc->bpf_stream[bpf_streams[i].rec].text;
	char *why = NULL, what[32];
	size_t at;
	int ret = annot_stream__match(v->k->prog, bpf_streams[i].which, text, &why, &at);

	snprintf(what, sizeof(what), "BPF %s stream", bpf_streams[i].name);
	if (ret < 0 && ret != -ENOMEM)
		ret = decide(r, RES_ERROR, "%s: invalid pattern", bpf_streams[i].key);
	else if (ret > 0)
		ret = result__decide(r, RES_FAIL, "%s: %s", bpf_streams[i].key, why) ?:
		      detail__said(v, r) ?: detail__around_of(&r->detail, what, text, at, 3, 8) ?:
		      STAGE_DONE;
	free(why);
	return ret;
}

int stage_bpf_stream(struct view *v, struct result *r)
{
	const struct annot_prog *p = v->k->prog;
	int ret = STAGE_NEXT;

	if (!annot_prog__reads_stream(p, ANNOT_STDERR) && !annot_prog__reads_stream(p, ANNOT_STDOUT))
		return STAGE_NEXT;	/* upstream: no test run, no stream read */
	r->checks_ok = false;
	ret = bpf_stream__kernel(v, r, annot_prog__reads_stream(p, ANNOT_STDERR) ? "__stderr" :
				 "__stdout");
	for (size_t i = 0; i < sizeof(bpf_streams) / sizeof(bpf_streams[0]) && !ret; i++) {
		if (!annot_prog__reads_stream(p, bpf_streams[i].which))
			continue;
		ret = bpf_stream__record(v, r, i) ?: bpf_stream__match(v, r, i);
	}
	r->checks_ok = ret == STAGE_NEXT;
	return ret;
}
