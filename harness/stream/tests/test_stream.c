// SPDX-License-Identifier: GPL-2.0
/* test_stream.c: the stream parser on the fixture run and on broken streams. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stream/stream.h"
#include "unit/unit.h"

static int parse(struct stream *s, const char *text)
{
	char *msg = NULL;
	int err = stream__parse(s, text, strlen(text), 32, &msg);

	free(msg);
	return err;
}

static void test_fixture_run(void)
{
	struct stream s;
	const struct stream_case *c;
	char *msg = NULL;

	EXPECT_INT(stream__read(&s, unit__path(unit_env.fixtures, "streams/run.stream"), 23, &msg), 0);
	EXPECT_STR(stream__fact(&s, "release"), "7.3.4+deb13-cloud-amd64");
	EXPECT_STR(stream__fact(&s, "version"),
		   "#1 SMP PREEMPT_DYNAMIC Debian 7.3.4-1~bpo13+1 (2026-10-01)");
	EXPECT_STR(stream__fact(&s, "kfunc:bpf_timer_cancel_async"), "0");
	EXPECT_STR(stream__fact(&s, "kfunc:bpf_task_work_schedule_resume_impl"), "1");
	EXPECT(!stream__fact(&s, "kfunc:bpf_wq_init"));
	EXPECT_INT(s.n_boots, 1);
	EXPECT_INT(s.n_done, 1);
	EXPECT_INT(s.boot_ns, 2500000000LL);
	EXPECT_INT(s.init_ns, 1200000000LL);
	EXPECT_INT(s.n_stray, 0);
	EXPECT(!stream__case(&s, 1)->begun);	/* never reached */
	EXPECT(!stream__case(&s, 23));
	c = stream__case(&s, 4);
	if (EXPECT(c)) {
		EXPECT(c->begun && c->ended && c->loaded && c->has_log && !c->error);
		EXPECT_STR(c->phase, "load");
		EXPECT_INT(c->log_len, 319);
		EXPECT_INT(c->log[318], 0);	/* the NUL the guest sent */
	}
	c = stream__case(&s, 3);
	if (EXPECT(c)) {
		EXPECT_STR(c->phase, "prepare");
		EXPECT_INT(c->err, -ENOENT);
		EXPECT_SUBSTR(c->libbpf, "not found in kernel or module BTFs");
	}
	c = stream__case(&s, 10);
	if (EXPECT(c)) {
		EXPECT(c->begun && !c->ended);
		EXPECT_STR(c->crash, "panic");
		EXPECT_SUBSTR(c->console, "Kernel panic - not syncing");
	}
	c = stream__case(&s, 11);
	if (EXPECT(c))
		EXPECT_STR(c->error, "stream line 54: malformed LOAD record");
	c = stream__case(&s, 19);
	if (EXPECT(c) && EXPECT_INT(c->n_aux, 1))
		EXPECT_STR(c->aux[0].prog, "helper");
	stream__free(&s);
}

/* The stream stops inside a LOG's bytes, or inside a record line. */
static void test_truncated(void)
{
	struct stream s;
	const struct stream_case *c;

	EXPECT_INT(parse(&s, "TWC-STREAM 1\nBEGIN 0\nLOAD 0 load -22 -EINVAL 100 0 5\n"
			 "LOG 0 99\nfunc#0 @0\n"), 0);
	c = stream__case(&s, 0);
	if (EXPECT(c)) {
		EXPECT(c->truncated);
		EXPECT_SUBSTR(c->error, "LOG 0: stream ends inside 99 bytes");
		EXPECT_STR(c->log, "func#0 @0\n");
	}
	stream__free(&s);
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nBEGIN 3\nLOAD 3 lo"), 0);
	c = stream__case(&s, 3);
	if (EXPECT(c)) {
		EXPECT(c->truncated && !c->loaded);
		EXPECT_SUBSTR(c->error, "stream line 3: stream ends inside a record");
	}
	stream__free(&s);
	/* exactly the bytes, but no newline after them */
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nBEGIN 0\nLOG 0 3\nabcEND 0\n"), 0);
	c = stream__case(&s, 0);
	if (EXPECT(c))
		EXPECT_SUBSTR(c->error, "no newline after 3 bytes");
	stream__free(&s);
}

static void test_malformed(void)
{
	struct stream s;
	const struct stream_case *c;

	EXPECT_INT(parse(&s, "garbage\n"), -EINVAL);
	stream__free(&s);
	/* a boot that never reached the guest: host records only */
	EXPECT_INT(parse(&s, "BOOT 60025946973\n"), 0);
	EXPECT_INT(s.n_boots, 0);
	EXPECT_INT(s.boot_ns, 60025946973LL);
	stream__free(&s);
	/* a boot restored from the saved guest (vm/snap.h) is a boot like another */
	EXPECT_INT(parse(&s, "BOOT 30 20\nBOOT 5 2 restored\n"), 0);
	EXPECT_INT(s.boot_ns, 35);
	EXPECT_INT(s.init_ns, 22);
	stream__free(&s);
	EXPECT_INT(parse(&s, "BOOT 5 2 cold\n"), 0);	/* malformed: not counted */
	EXPECT_INT(s.boot_ns, 0);
	stream__free(&s);
	/* unknown record in flight; bad fields; bad index */
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nBEGIN 0\nHELLO 0\nEND 0\nBEGIN 1\n"
			 "LOAD 1 compile 0 0 0 0 0\nEND 1\nBEGIN 2\nEND x\nEND 2\n"), 0);
	EXPECT_SUBSTR(stream__case(&s, 0)->error, "unknown record 'HELLO'");
	EXPECT_SUBSTR(stream__case(&s, 1)->error, "malformed LOAD record");
	EXPECT_SUBSTR(stream__case(&s, 2)->error, "END: bad case index");
	EXPECT(!stream__case(&s, 0)->truncated);
	stream__free(&s);
	/* between cases: charged to the next case; after the last: to it */
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nBEGIN 0\nEND 0\n!!!\nBEGIN 1\nEND 1\n"), 0);
	EXPECT(!stream__case(&s, 0)->error);
	EXPECT_SUBSTR(stream__case(&s, 1)->error, "line 4: unknown record '!!!'");
	stream__free(&s);
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nBEGIN 0\nEND 0\nDONE\nBOOT x\n"), 0);
	c = stream__case(&s, 0);
	if (EXPECT(c))
		EXPECT_SUBSTR(c->error, "malformed BOOT record");
	stream__free(&s);
	/* no case at all: a stray error */
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nFACT\nDONE\n"), 0);
	EXPECT_INT(s.n_stray, 1);
	stream__free(&s);
}

/* Several boots: the first boot's facts stand; host records join in. */
static void test_boots(void)
{
	struct stream s;
	const struct stream_case *c;

	EXPECT_INT(parse(&s, "TWC-STREAM 1\nFACT release A\nBEGIN 0\nCRASH 0 hang\n"
			 "CONSOLE 0 4\nspan\nCONSOLE 0 4\ntail\nBOOT 10\n"
			 "TWC-STREAM 1\nFACT release B\nBEGIN 1\nEND 1\nDONE\nBOOT 5\n"), 0);
	EXPECT_STR(stream__fact(&s, "release"), "A");
	EXPECT_INT(s.n_boots, 2);
	EXPECT_INT(s.boot_ns, 15);
	c = stream__case(&s, 0);
	if (EXPECT(c)) {
		EXPECT_STR(c->crash, "hang");
		EXPECT_STR(c->console, "spantail");
		EXPECT_STR(c->console + c->console_last, "tail");
	}
	EXPECT(stream__case(&s, 1)->ended);
	stream__free(&s);
}

/* Records in the wrong place are the case's error, never its result. */
static void test_out_of_place(void)
{
	struct stream s;
	const struct stream_case *c;

	EXPECT_INT(parse(&s, "TWC-STREAM 1\nBEGIN 0\nLOAD 0 load 0 0 1 1 1\nEND 0\n"
			 "LOAD 0 load -22 -EINVAL 1 1 1\nDONE\nBEGIN 1\nLOAD 1 load 0 0 1 1 1\n"
			 "END 1\nTWC-STREAM 1\nBEGIN 2\nEND 2\nBEGIN 2\nEND 3\n"), 0);
	c = stream__case(&s, 0);
	if (EXPECT(c)) {
		EXPECT_INT(c->err, 0);	/* not overridden */
		EXPECT_SUBSTR(c->error, "LOAD 0 after the case's END");
	}
	EXPECT_SUBSTR(stream__case(&s, 1)->error, "BEGIN 1 after DONE");
	EXPECT_SUBSTR(stream__case(&s, 2)->error, "BEGIN 2: the case began before");
	EXPECT_SUBSTR(stream__case(&s, 3)->error, "END 3 before the case's BEGIN");
	stream__free(&s);
}

/* An index past the plan is counted, never stored: the table stays the
 * plan's size whatever the stream says. */
static void test_outside_the_plan(void)
{
	static const char text[] = "TWC-STREAM 1\nPLAN r\nBEGIN 1000000\nLOG 1000000 5\n"
				   "END 0\nLOAD 2 load 0 0 1 1 1\n";
	struct stream s;
	char *msg = NULL, *why;

	EXPECT_INT(stream__parse(&s, text, strlen(text), 2, &msg), 0);
	EXPECT_INT(s.n_cases, 2);
	EXPECT_INT(s.n_outside, 3);	/* BEGIN and LOG 1000000, LOAD 2 */
	EXPECT_STR(s.outside, "stream line 3: BEGIN 1000000, but the plan has 2 cases");
	EXPECT_INT(s.n_stray, 0);	/* the LOG's bytes are skipped, not read as records */
	why = stream__foreign(&s, "r");
	EXPECT_SUBSTR(why, "3 records name cases the plan does not have");
	free(why);
	stream__free(&s);
	free(msg);
}

/* The stream says which plan it answers; another plan's stream is foreign. */
static void test_foreign(void)
{
	struct stream s;
	char *why;

	EXPECT_INT(parse(&s, "TWC-STREAM 1\nPLAN abc\nDONE\n"), 0);
	EXPECT(!stream__foreign(&s, "abc"));
	why = stream__foreign(&s, "def");
	EXPECT_STR(why, "it answers plan 'abc', this plan is 'def'");
	free(why);
	stream__free(&s);
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nDONE\n"), 0);
	why = stream__foreign(&s, "abc");
	EXPECT_SUBSTR(why, "its guest named no plan");
	free(why);
	stream__free(&s);
	EXPECT_INT(parse(&s, "TWC-STREAM 1\nPLAN abc\nBOOT 1\nTWC-STREAM 1\nPLAN xyz\n"), 0);
	why = stream__foreign(&s, "abc");
	EXPECT_STR(why, "its 2 boots named 2 plans");
	free(why);
	stream__free(&s);
	EXPECT_INT(parse(&s, "BOOT 1\n"), 0);	/* no boot reached the guest */
	EXPECT(!stream__foreign(&s, "abc"));
	stream__free(&s);
}

static void test_stream_steps(void)
{
	static const char text[] =
		"TWC-STREAM 1\nBEGIN 0\nSTEP 0 0 btf 0 0 -\nSTEPLOG 0 3\nabc\n"
		"STEP 0 1 run 0 0 -2\nEND 0\n"
		"BEGIN 1\nSTEPLOG 1 1\nx\nEND 1\n"
		"BEGIN 2\nSTEP 2 0 map 5 x -\nEND 2\n";
	struct stream s;
	const struct stream_case *c;
	char *msg = NULL;

	EXPECT_INT(stream__parse(&s, text, strlen(text), 3, &msg), 0);
	c = stream__case(&s, 0);
	if (EXPECT(c) && EXPECT_INT(c->n_steps, 2)) {
		EXPECT_STR(c->steps[0].verb, "btf");
		EXPECT_STR(c->steps[0].log, "abc");
		EXPECT(!c->steps[1].log);
		EXPECT(c->steps[1].has_value);
		EXPECT_INT(c->steps[1].value, -2);
		EXPECT(!c->error);
	}
	EXPECT_SUBSTR(stream__case(&s, 1)->error, "malformed STEPLOG record");
	EXPECT_SUBSTR(stream__case(&s, 2)->error, "malformed STEP record");
	stream__free(&s);
	free(msg);
}

/* RETVAL: a test run's value, the kernel's refusal, the loader's own
 * failure (capset; prog_array in RETVAL, XLATED and JITED alike); malformed ones (a value with an error, none without, a value
 * past 32 bits, another call, a second run) are the case's error. */
static void test_stream_retval(void)
{
	static const char text[] =
		"TWC-STREAM 1\nBEGIN 0\nLOAD 0 load 0 0 0 1 5\nRETVAL 0 test_run 0 0 -14\nEND 0\n"
		"BEGIN 1\nRETVAL 1 test_run -524 -ENOTSUPP -\nEND 1\n"
		"BEGIN 2\nRETVAL 2 capset -1 -EPERM -\nEND 2\n"
		"BEGIN 3\nRETVAL 3 test_run -22 -EINVAL 5\nEND 3\n"
		"BEGIN 4\nRETVAL 4 test_run 0 0 -\nEND 4\n"
		"BEGIN 5\nRETVAL 5 test_run 0 0 4294967296\nEND 5\n"
		"BEGIN 6\nRETVAL 6 prog_load 0 0 1\nEND 6\n"
		"BEGIN 7\nRETVAL 7 test_run 0 0 1\nRETVAL 7 test_run 0 0 2\nEND 7\n"
		"BEGIN 8\nRETVAL 8 test_run 0 0 -2147483648\nEND 8\n"
		"BEGIN 9\nRETVAL 9 test_run 0 0\nEND 9\n"
		"BEGIN 10\nRETVAL 10 prog_array -9 -EBADF -\nXLATED 10 0 prog_array -9 -EBADF\n\n"
		"JITED 10 0 prog_array -9 -EBADF -\n\nEND 10\n";
	struct stream s;
	const struct stream_case *c;
	char *msg = NULL;

	EXPECT_INT(stream__parse(&s, text, strlen(text), 11, &msg), 0);
	c = stream__case(&s, 0);
	EXPECT(c->has_retval && !c->error && !c->retval_err);
	EXPECT_STR(c->retval_call, "test_run");
	EXPECT_INT(c->retval, -14);
	c = stream__case(&s, 1);
	EXPECT(c->has_retval && c->retval_err == -524 && !c->error);
	c = stream__case(&s, 2);
	EXPECT(c->has_retval && c->retval_err == -1 && !strcmp(c->retval_call, "capset"));
	for (int i = 3; i <= 6; i++) {
		EXPECT_SUBSTR(stream__case(&s, i)->error, "malformed RETVAL record");
		EXPECT(!stream__case(&s, i)->has_retval);
	}
	EXPECT_SUBSTR(stream__case(&s, 7)->error, "a second test run");
	EXPECT_INT(stream__case(&s, 7)->retval, 1);
	EXPECT(!stream__case(&s, 8)->error);
	EXPECT_INT(stream__case(&s, 8)->retval, INT32_MIN);
	EXPECT_SUBSTR(stream__case(&s, 9)->error, "malformed RETVAL record");
	/* the loader could not fill a PROG_ARRAY slot: its call, in each record */
	c = stream__case(&s, 10);
	EXPECT(!c->error && c->has_retval && c->has_xlated && c->has_jited);
	EXPECT(!strcmp(c->retval_call, "prog_array") && !strcmp(c->xlated_call, "prog_array") &&
	       !strcmp(c->jited_call, "prog_array") && c->jited_err == -9);
	stream__free(&s);
	free(msg);
}

/* XLATED: raw instructions, whose bytes may hold '\n' and NUL; the
 * loader's and the kernel's failures; malformed ones (bytes not whole
 * instructions, bytes with an error, another call, a second one, a cut
 * record) are the case's error, and their bytes are never read as records. */
static void test_stream_xlated(void)
{
	static const char text[] =
		"TWC-STREAM 1\nBEGIN 0\nLOAD 0 load 0 0 0 1 5\n"
		"XLATED 0 16 get_info 0 0\n\x0a\x00\x00\x00\x00\x00\x00\x00"
		"\x95\x00\x00\x00\x00\x00\x00\x00\nEND 0\n"
		"BEGIN 1\nXLATED 1 0 capset -1 -EPERM\n\nEND 1\n"
		"BEGIN 2\nXLATED 2 0 get_info -13 -EACCES\n\nEND 2\n"
		"BEGIN 3\nXLATED 3 4 get_info 0 0\nEND \nEND 3\n"
		"BEGIN 4\nXLATED 4 8 get_info -22 -EINVAL\nBEGIN 9\n\nEND 4\n"
		"BEGIN 5\nXLATED 5 0 prog_load 0 0\n\nEND 5\n"
		"BEGIN 6\nXLATED 6 0 get_info 0 0\n\nXLATED 6 0 get_info 0 0\n\nEND 6\n"
		"BEGIN 7\nXLATED 7 8 get_info 0\nBEGIN 9\n\nEND 7\n"
		"BEGIN 8\nXLATED 8 800 get_info 0 0\n";
	struct stream s;
	const struct stream_case *c;
	char *msg = NULL;

	EXPECT_INT(stream__parse(&s, text, sizeof(text) - 1, 10, &msg), 0);
	c = stream__case(&s, 0);
	EXPECT(c->has_xlated && !c->error && !c->xlated_err && c->ended);
	EXPECT_STR(c->xlated_call, "get_info");
	EXPECT_INT(c->xlated_len, 16);
	EXPECT(c->xlated && c->xlated[0] == 0x0a && c->xlated[8] == 0x95);
	c = stream__case(&s, 1);
	EXPECT(c->has_xlated && c->xlated_err == -1 && !c->error && !c->xlated_len);
	EXPECT_STR(c->xlated_call, "capset");
	c = stream__case(&s, 2);
	EXPECT(c->has_xlated && c->xlated_err == -13 && !c->error);
	for (int i = 3; i <= 5; i++) {
		EXPECT_SUBSTR(stream__case(&s, i)->error, "malformed XLATED record");
		EXPECT(!stream__case(&s, i)->has_xlated);
		EXPECT(stream__case(&s, i)->ended);
	}
	EXPECT_SUBSTR(stream__case(&s, 6)->error, "a second translated program");
	EXPECT_SUBSTR(stream__case(&s, 7)->error, "malformed XLATED record");
	EXPECT(stream__case(&s, 7)->ended && !stream__case(&s, 9)->begun);
	EXPECT(stream__case(&s, 8)->truncated);
	EXPECT_SUBSTR(stream__case(&s, 8)->error, "stream ends inside 800 bytes");
	stream__free(&s);
	free(msg);
}

/* BPFSTREAM: what one of the program's BPF streams held after its test
 * run, bytes that may hold '\n'; both streams of one case; the kernel's
 * refusal, an empty stream; malformed ones (another stream name, bytes
 * with an error, a second read of one stream, a field missing, a cut
 * record) are the case's error, and their bytes are never read as records. */
static void test_stream_bpf_stream(void)
{
	static const char text[] =
		"TWC-STREAM 1\nBEGIN 0\nLOAD 0 load 0 0 0 1 5\nRETVAL 0 test_run 0 0 0\n"
		"BPFSTREAM 0 13 stderr 0 0\nERROR: x\nEND\n\nBPFSTREAM 0 3 stdout 0 0\nfoo\nEND 0\n"
		"BEGIN 1\nBPFSTREAM 1 0 stderr -22 -EINVAL\n\nEND 1\n"
		"BEGIN 2\nBPFSTREAM 2 0 stdout 0 0\n\nEND 2\n"
		"BEGIN 3\nBPFSTREAM 3 4 stdin 0 0\nEND \nEND 3\n"
		"BEGIN 4\nBPFSTREAM 4 8 stderr -22 -EINVAL\nBEGIN 9\n\nEND 4\n"
		"BEGIN 5\nBPFSTREAM 5 0 stderr 0 0\n\nBPFSTREAM 5 0 stderr 0 0\n\nEND 5\n"
		"BEGIN 6\nBPFSTREAM 6 8 stderr 0\nBEGIN 9\n\nEND 6\n"
		"BEGIN 7\nBPFSTREAM 7 800 stderr 0 0\n";
	struct stream s;
	const struct stream_case *c;
	char *msg = NULL;

	EXPECT_INT(stream__parse(&s, text, sizeof(text) - 1, 10, &msg), 0);
	c = stream__case(&s, 0);
	EXPECT(!c->error && c->ended && c->has_retval);
	EXPECT(c->bpf_stream[STREAM_BPF_STDERR].has && !c->bpf_stream[STREAM_BPF_STDERR].err);
	EXPECT_STR(c->bpf_stream[STREAM_BPF_STDERR].text, "ERROR: x\nEND\n");
	EXPECT_INT(c->bpf_stream[STREAM_BPF_STDERR].len, 13);
	EXPECT_STR(c->bpf_stream[STREAM_BPF_STDOUT].text, "foo");
	c = stream__case(&s, 1);
	EXPECT(!c->error && c->bpf_stream[STREAM_BPF_STDERR].has);
	EXPECT_INT(c->bpf_stream[STREAM_BPF_STDERR].err, -22);
	EXPECT(!c->bpf_stream[STREAM_BPF_STDOUT].has);
	c = stream__case(&s, 2);
	EXPECT(!c->error && c->bpf_stream[STREAM_BPF_STDOUT].has);
	EXPECT_INT(c->bpf_stream[STREAM_BPF_STDOUT].len, 0);
	for (int i = 3; i <= 4; i++) {
		EXPECT_SUBSTR(stream__case(&s, i)->error, "malformed BPFSTREAM record");
		EXPECT(!stream__case(&s, i)->bpf_stream[STREAM_BPF_STDERR].has);
		EXPECT(stream__case(&s, i)->ended);
	}
	EXPECT_SUBSTR(stream__case(&s, 5)->error, "a second read of stderr");
	EXPECT_SUBSTR(stream__case(&s, 6)->error, "malformed BPFSTREAM record");
	EXPECT(stream__case(&s, 6)->ended && !stream__case(&s, 9)->begun);
	EXPECT(stream__case(&s, 7)->truncated);
	EXPECT_SUBSTR(stream__case(&s, 7)->error, "stream ends inside 800 bytes");
	stream__free(&s);
	free(msg);
}

/* JITED: the JIT image, its bytes with '\n' and NUL, and each function's
 * length; the loader's and the kernel's failures; malformed ones
 * (lengths that do not add up to the bytes, a bad list, bytes or lengths
 * with an error, another call, a second one, a cut record) are the case's
 * error, and their bytes are never read as records. */
static void test_stream_jited(void)
{
	static const char text[] =
		"TWC-STREAM 1\nBEGIN 0\nLOAD 0 load 0 0 0 1 5\n"
		"JITED 0 5 get_info 0 0 3,0,2\n\x0a\x00\xc3\x0a\xc3\nEND 0\n"
		"BEGIN 1\nJITED 1 0 capset -1 -EPERM -\n\nEND 1\n"
		"BEGIN 2\nJITED 2 0 get_info -13 -EACCES -\n\nEND 2\n"
		"BEGIN 3\nJITED 3 0 get_info 0 0 0\n\nEND 3\n"
		"BEGIN 4\nJITED 4 4 get_info 0 0 1,2\nEND \nEND 4\n"
		"BEGIN 5\nJITED 5 2 get_info 0 0 2,\nab\nEND 5\n"
		"BEGIN 6\nJITED 6 2 get_info 0 0 -\nab\nEND 6\n"
		"BEGIN 7\nJITED 7 0 get_info -22 -EINVAL 0\n\nEND 7\n"
		"BEGIN 8\nJITED 8 0 prog_load 0 0 0\n\nEND 8\n"
		"BEGIN 9\nJITED 9 1 get_info 0 0 4294967297\nX\nEND 9\n"
		"BEGIN 10\nJITED 10 0 get_info 0 0 0\n\nJITED 10 0 get_info 0 0 0\n\nEND 10\n"
		"BEGIN 11\nJITED 11 8 hidden -1 -EPERM 8\nBEGIN 13\n\nEND 11\n"
		"BEGIN 12\nJITED 12 800 get_info 0 0 800\n";
	struct stream s;
	const struct stream_case *c;
	char *msg = NULL;

	EXPECT_INT(stream__parse(&s, text, sizeof(text) - 1, 14, &msg), 0);
	c = stream__case(&s, 0);
	EXPECT(c->has_jited && !c->error && !c->jited_err && c->ended);
	EXPECT_STR(c->jited_call, "get_info");
	EXPECT(c->jited_len == 5 && c->jited && c->jited[1] == 0 && c->jited[4] == 0xc3);
	EXPECT(c->n_jited_lens == 3 && c->jited_lens[0] == 3 && c->jited_lens[2] == 2);
	c = stream__case(&s, 1);
	EXPECT(c->has_jited && c->jited_err == -1 && !c->error && !c->jited_len);
	EXPECT(!c->n_jited_lens && !strcmp(c->jited_call, "capset"));
	c = stream__case(&s, 2);
	EXPECT(c->has_jited && c->jited_err == -13 && !c->error);
	c = stream__case(&s, 3);	/* the JIT off: one function of no bytes */
	EXPECT(c->has_jited && !c->error && c->n_jited_lens == 1 && !c->jited_lens[0]);
	for (int i = 4; i <= 9; i++) {
		EXPECT_SUBSTR(stream__case(&s, i)->error, "malformed JITED record");
		EXPECT(!stream__case(&s, i)->has_jited);
		EXPECT(stream__case(&s, i)->ended);
	}
	EXPECT_SUBSTR(stream__case(&s, 10)->error, "a second JIT image");
	EXPECT_SUBSTR(stream__case(&s, 11)->error, "malformed JITED record");
	EXPECT(stream__case(&s, 11)->ended && !stream__case(&s, 13)->begun);
	EXPECT(stream__case(&s, 12)->truncated);
	EXPECT_SUBSTR(stream__case(&s, 12)->error, "stream ends inside 800 bytes");
	stream__free(&s);
	free(msg);
}

/* An errno that does not fit an int is a malformed record: LOAD's
 * -4294967296 was read as 0, a load that succeeded (found by
 * fuzz_stream.c); INT_MIN itself is read as written. */
static void test_errno_range(void)
{
	static const char text[] =
		"TWC-STREAM 1\nBEGIN 0\nLOAD 0 load -4294967296 -E 100 0 5\nEND 0\n"
		"BEGIN 1\nAUX 1 helper -4294967318 -E\nEND 1\n"
		"BEGIN 2\nSTEP 2 0 btf -21474836490 -E -\nEND 2\n"
		"BEGIN 3\nLOAD 3 load -2147483648 -E 100 0 5\nEND 3\n";
	struct stream s;
	char *msg = NULL;

	EXPECT_INT(stream__parse(&s, text, strlen(text), 4, &msg), 0);
	EXPECT_SUBSTR(stream__case(&s, 0)->error, "malformed LOAD record");
	EXPECT(!stream__case(&s, 0)->loaded);
	EXPECT_SUBSTR(stream__case(&s, 1)->error, "malformed AUX record");
	EXPECT_INT(stream__case(&s, 1)->n_aux, 0);
	EXPECT_SUBSTR(stream__case(&s, 2)->error, "malformed STEP record");
	EXPECT_INT(stream__case(&s, 2)->n_steps, 0);
	EXPECT(!stream__case(&s, 3)->error);
	EXPECT_INT(stream__case(&s, 3)->err, -2147483648LL);
	stream__free(&s);
	free(msg);
}

/* A LOG refused for coming after its case's END, before its BEGIN, or
 * with a bad index is still followed by its bytes: they are skipped, not
 * read as records (a "BEGIN 1" line in the log began case 1). */
static void test_late_blob(void)
{
	static const char after[] = "TWC-STREAM 1\nBEGIN 0\nEND 0\nLOG 0 8\nBEGIN 1\n\nDONE\n";
	static const char before[] = "TWC-STREAM 1\nLOG 0 8\nBEGIN 1\n\nBEGIN 0\nEND 0\nDONE\n";
	static const char badidx[] = "TWC-STREAM 1\nBEGIN 0\nLOG x 8\nBEGIN 1\n\nEND 0\nDONE\n";
	const char *texts[] = { after, before, badidx };
	const char *whys[] = { "after the case's END", "before the case's BEGIN",
			       "LOG: bad case index" };
	struct stream s;
	char *msg = NULL;

	for (int i = 0; i < 3; i++) {
		EXPECT_INT(stream__parse(&s, texts[i], strlen(texts[i]), 2, &msg), 0);
		EXPECT_SUBSTR(stream__case(&s, 0)->error, whys[i]);
		EXPECT(!stream__case(&s, 1)->begun);
		EXPECT(!stream__case(&s, 1)->error);
		EXPECT_INT(s.n_done, 1);
		stream__free(&s);
		free(msg);
	}
}

UNIT_GROUP(stream,
	{ "STEP and STEPLOG", test_stream_steps },
	{ "RETVAL: the test run of a __retval case", test_stream_retval },
	{ "XLATED: the translated program of an __xlated case", test_stream_xlated },
	{ "BPFSTREAM: a BPF stream read after the test run", test_stream_bpf_stream },
	{ "JITED: the JIT image of a __jited case", test_stream_jited },
	{ "an errno past INT_MIN is malformed", test_errno_range },
	{ "the bytes of a LOG out of place are skipped", test_late_blob },
	{ "the fixture run", test_fixture_run },
	{ "truncated streams", test_truncated },
	{ "malformed records are charged to a case", test_malformed },
	{ "several boots", test_boots },
	{ "records out of place: after END, after DONE, BEGIN twice", test_out_of_place },
	{ "indexes outside the plan are counted, not stored", test_outside_the_plan },
	{ "the plan a stream answers", test_foreign },
);
