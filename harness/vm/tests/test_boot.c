// SPDX-License-Identifier: GPL-2.0
/*
 * test_boot.c: one boot as twc run reads it (vm/boot.c, vm/spans.c): the
 * records of two loaders put back in plan order, a blob that arrives in
 * two reads, the cases in flight, the cases dropped to run again alone,
 * where the next boot starts, and the console cut into each case's lines
 * with one loader (as it always was) and with two.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit/unit.h"
#include "vm/boot.h"

/* Two loaders: case 2 and 0 begin, 0 ends, 1 begins, 2 ends, 1 ends; a
 * log's bytes are no record ("END "), nor is what follows DONE (a
 * coverage guest's GCDA bytes). */
static const char two_loaders[] =
	"TWC-STREAM 1\nPLAN r\nFACT release x y\n"
	"BEGIN 2\nBEGIN 0\nLOAD 0 load 0 0 0 1 1\nLOG 0 3\nok\n\nTIME 0 1 1 1 1\nEND 0\n"
	"BEGIN 1\nLOAD 2 load -22 -EINVAL 0 1 1\nLOG 2 4\nEND \nEND 2\n"
	"LOAD 1 load 0 0 0 1 1\nEND 1\nBENCH loop 5\nDONE\nGCDA 4 /x\nEND 7\n";

static const char in_plan_order[] =
	"TWC-STREAM 1\nPLAN r\nFACT release x y\n"
	"BEGIN 0\nLOAD 0 load 0 0 0 1 1\nLOG 0 3\nok\n\nTIME 0 1 1 1 1\nEND 0\n"
	"BEGIN 1\nLOAD 1 load 0 0 0 1 1\nEND 1\n"
	"BEGIN 2\nLOAD 2 load -22 -EINVAL 0 1 1\nLOG 2 4\nEND \nEND 2\n"
	"BENCH loop 5\nDONE\nGCDA 4 /x\nEND 7\n";

/* Scan text as twc run does, in reads of at most chunk bytes. */
static void scan(struct boot_state *st, const char *text, size_t chunk)
{
	size_t len = strlen(text), seen = 0;

	while (seen < len) {
		seen += seen + chunk < len ? chunk : len - seen;
		if (seen < st->need)
			continue;
		st->complete += boot_state__scan(st, text + st->complete, seen - st->complete);
	}
}

/* boot__write into a string. */
static char *written(const char *text, const struct boot_state *st)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	boot__write(f, text, st);
	fclose(f);
	return out;
}

static void test_plan_order(void)
{
	struct boot_state st;
	char *out;

	EXPECT_INT(boot_state__init(&st, 8, NULL), 0);
	scan(&st, two_loaders, 7);	/* blobs arrive in pieces */
	EXPECT_INT(st.complete, strlen(two_loaders));
	EXPECT_INT(st.n_begun, 3);
	EXPECT(st.done);
	EXPECT_INT(st.cases[7], 0);	/* "END 7" after DONE is no record */
	out = written(two_loaders, &st);
	EXPECT_STR(out, in_plan_order);
	free(out);
	boot_state__free(&st);
}

/* A dropped case leaves nothing; the others keep their records. */
static void test_dropped(void)
{
	struct boot_state st;
	char *out;

	EXPECT_INT(boot_state__init(&st, 3, NULL), 0);
	scan(&st, two_loaders, sizeof(two_loaders));
	st.cases[2] |= CASE_DROPPED;
	out = written(two_loaders, &st);
	EXPECT(!strstr(out, "BEGIN 2") && !strstr(out, "LOAD 2") && !strstr(out, "END \n"));
	EXPECT_SUBSTR(out, "END 1\nBENCH loop 5\nDONE\n");
	free(out);
	boot_state__free(&st);
}

/* The guest died inside cases 3 and 4: both in flight, the partial
 * record is not whole and not written. */
static void test_in_flight(void)
{
	static const char text[] = "TWC-STREAM 1\nBEGIN 3\nBEGIN 4\nBEGIN 5\nEND 5\nLOG 4 100\npart";
	struct boot_state st;
	long in_flight[4];
	char *out;

	EXPECT_INT(boot_state__init(&st, 6, NULL), 0);
	scan(&st, text, sizeof(text));
	EXPECT_INT(boot_state__in_flight(&st, in_flight, 4), 2);
	EXPECT(in_flight[0] == 3 && in_flight[1] == 4);
	EXPECT_INT(boot_state__in_flight(&st, in_flight, 1), 2);
	out = written(text, &st);
	EXPECT_STR(out, "TWC-STREAM 1\nBEGIN 3\nBEGIN 4\nBEGIN 5\nEND 5\n");
	free(out);
	boot_state__free(&st);
}

/* A boot from position 5 began 7 and 9 and died with both in flight:
 * the next starts at 7 (two positions on) and runs 7 and 9 alone first. */
static void test_next_after_two(void)
{
	struct boot_start at = { .start = 5 }, next;
	struct boot_state st;
	char alone[64];

	EXPECT_INT(boot_state__init(&st, 12, NULL), 0);
	st.cases[7] = st.cases[9] = CASE_BEGUN | CASE_SHARED;
	EXPECT_INT(boot__next(&next, &at, &st), 2);
	EXPECT_INT(next.start, 7);
	EXPECT(next.alone[0] == 7 && next.alone[1] == 9);
	EXPECT(st.cases[7] & st.cases[9] & CASE_DROPPED);
	boot_start__alone(&next, alone, sizeof(alone));
	EXPECT_STR(alone, "7,9");
	boot_state__free(&st);
	/* That boot: 7 alone ends, 9 alone crashes (charged to it), 11 ends. */
	at = next;
	EXPECT_INT(boot_state__init(&st, 12, NULL), 0);
	st.cases[7] = CASE_BEGUN | CASE_ENDED;
	st.cases[9] = CASE_BEGUN;
	EXPECT_INT(boot__next(&next, &at, &st), 0);
	EXPECT_INT(next.start, 7);
	boot_start__alone(&next, alone, sizeof(alone));
	EXPECT_STR(alone, "");
	boot_state__free(&st);
}

/* Alone cases not begun stay; after DONE only dropped cases run again;
 * no more are dropped than twc.alone= takes. */
static void test_next_limits(void)
{
	struct boot_start at = { .start = 3, .n_alone = 2, .alone = { 1, 0 } }, next;
	struct boot_state st;

	EXPECT_INT(boot_state__init(&st, 200, NULL), 0);
	st.cases[1] = CASE_BEGUN | CASE_ENDED;
	st.cases[3] = CASE_BEGUN | CASE_ENDED;
	EXPECT_INT(boot__next(&next, &at, &st), 1);
	EXPECT(next.alone[0] == 0 && next.start == 4);
	st.done = 1;
	for (int i = 4; i < 200; i++)
		st.cases[i] = CASE_BEGUN | CASE_ENDED | CASE_SHARED;
	EXPECT_INT(boot__next(&next, &at, &st), BOOT_MAX_ALONE);
	EXPECT_INT(next.start, 200);
	EXPECT(st.cases[4 + BOOT_MAX_ALONE - 2] & CASE_DROPPED);
	EXPECT(!(st.cases[4 + BOOT_MAX_ALONE - 1] & CASE_DROPPED));
	boot_state__free(&st);
}

/* boot__console into a string (both passes). */
static char *console(const char *con, int jobs, struct boot_state *st)
{
	char *out = NULL;
	size_t len;
	FILE *f;

	EXPECT_INT(boot__console(NULL, con, strlen(con), jobs, st), 0);
	f = open_memstream(&out, &len);
	EXPECT_INT(boot__console(f, con, strlen(con), jobs, st), 0);
	fclose(f);
	return out;
}

/* One loader: a case's lines run from its marker to the next; none
 * before the first marker or after "case -1"; an unfinished line is cut. */
static void test_console_one(void)
{
	static const char con[] = "[ 0.5] boot\n[ 1.0] twc: case 0 a\n[ 1.05] x?y\n"
		"[ 1.1] twc: case 1 b\n[ 1.2] twc: case 2 c\n[ 1.3] w\n[ 1.4] v\n"
		"[ 1.5] twc: case -1 done\n[ 1.6] reboot\n[ 1.7] cut";
	struct boot_state st;
	char *out;

	EXPECT_INT(boot_state__init(&st, 3, NULL), 0);
	out = console(con, 1, &st);
	EXPECT_STR(out, "CONSOLE 0 12\n[ 1.05] x?y\n\nCONSOLE 2 18\n[ 1.3] w\n[ 1.4] v\n\n");
	EXPECT(!(st.cases[0] & CASE_SHARED) && !(st.cases[2] & CASE_SHARED));
	free(out);
	boot_state__free(&st);
}

/* Two loaders: an alarm line while 0 and 1 are in flight is both's
 * (shared); one while only 1 is, 1's; after both ended, the last begun's.
 * A dropped case gets no record.  A third marker without an end ends the
 * oldest. */
static void test_console_two(void)
{
	static const char con[] = "[ 1] twc: case 0 a\n[ 2] twc: case 1 b\n[ 3] WARNING: both\n"
		"[ 4] twc: end 0\n[ 5] one\n[ 6] twc: end 1\n[ 7] after\n"
		"[ 8] twc: case 2 c\n[ 9] twc: case 3 d\n[10] twc: case 4 e\n[11] BUG: x\n";
	struct boot_state st;
	char *out;

	EXPECT_INT(boot_state__init(&st, 5, NULL), 0);
	out = console(con, 2, &st);
	EXPECT(st.cases[0] & st.cases[1] & CASE_SHARED);
	EXPECT(!(st.cases[2] & CASE_SHARED));
	EXPECT(st.cases[3] & st.cases[4] & CASE_SHARED);
	EXPECT_SUBSTR(out, "CONSOLE 1 39\n[ 3] WARNING: both\n[ 5] one\n[ 7] after\n\n");
	free(out);
	st.cases[1] |= CASE_DROPPED;
	out = console(con, 2, &st);
	EXPECT(!strstr(out, "CONSOLE 1 "));
	EXPECT_SUBSTR(out, "CONSOLE 0 19\n[ 3] WARNING: both\n\n");
	free(out);
	boot_state__free(&st);
}

/* Two loaders: a line that is no alarm (an RCU stall report on a loaded
 * host) while two cases are in flight is each's, and drops neither: it
 * cannot change a verdict, and running both again cost a whole boot. */
static void test_console_benign_shared(void)
{
	static const char con[] = "[ 1] twc: case 0 a\n[ 2] twc: case 1 b\n"
		"[ 3] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
		"[ 4] twc: end 0\n[ 5] twc: end 1\n";
	struct boot_state st;
	char *out;

	EXPECT_INT(boot_state__init(&st, 2, NULL), 0);
	out = console(con, 2, &st);
	EXPECT(!(st.cases[0] & CASE_SHARED) && !(st.cases[1] & CASE_SHARED));
	EXPECT_SUBSTR(out, "CONSOLE 0 55\n[ 3] rcu: INFO");
	EXPECT_SUBSTR(out, "CONSOLE 1 55\n[ 3] rcu: INFO");
	free(out);
	boot_state__free(&st);
}

UNIT_GROUP(boot,
	{ "two loaders' records in plan order, DONE on as it is", test_plan_order },
	{ "a dropped case's records are left out", test_dropped },
	{ "the cases in flight when the guest died", test_in_flight },
	{ "after a crash with two in flight, both run alone", test_next_after_two },
	{ "alone cases not begun stay; DONE; the alone list's limit", test_next_limits },
	{ "the console with one loader: marker to marker", test_console_one },
	{ "the console with two: shared lines, end markers", test_console_two },
	{ "the console with two: a shared line that is no alarm drops nothing",
	  test_console_benign_shared },
);
