// SPDX-License-Identifier: GPL-2.0
/* test_xlated.c: the translated program printed as test_loader prints it. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "judge/xlated.h"
#include "unit/unit.h"

/* code, dst|src<<4, off (le16), imm (le32): struct bpf_insn on x86_64 */
static const unsigned char prog[] = {
	0xb7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* r0 = 0 */
	0x18, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,	/* r1 = 0x100000002 (ld_imm64) */
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x85, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,	/* call helper 1 */
	0x85, 0x10, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00,	/* a subprog call: off +3 */
	0xbf, 0xa2, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* r2 = r10 */
	0x95, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* exit */
};

/* The kernel's printer, as disasm_helpers.c trims it: no "(85) " prefix,
 * a call without its "#1"; numbered by instruction, the ld_imm64 taking
 * two; the selftests' pc+off for a subprog call. */
static void test_text(void)
{
	char *text = NULL;

	EXPECT_INT(xlated__text(prog, sizeof(prog), &text), 0);
	EXPECT_STR(text, "0: r0 = 0\n"
			 "1: r1 = 0x100000002\n"
			 "3: call bpf_map_lookup_elem\n"
			 "4: call pc+3\n"
			 "5: r2 = r10\n"
			 "6: exit\n");
	free(text);
}

/* Nothing, a byte short of an instruction, an ld_imm64 cut in half: text
 * all the same, never a read past the bytes (ASan). */
static void test_odd_lengths(void)
{
	char *text = NULL;

	EXPECT_INT(xlated__text(NULL, 0, &text), 0);
	EXPECT_STR(text, "");
	free(text);
	EXPECT_INT(xlated__text(prog, 15, &text), 0);
	EXPECT_STR(text, "0: r0 = 0\n");
	free(text);
	EXPECT_INT(xlated__text(prog + 8, 8, &text), 0);
	EXPECT_STR(text, "0: r1 = 0x2\n");
	free(text);
}

UNIT_GROUP(xlated,
	   { "instructions as test_loader prints them", test_text },
	   { "empty, short and cut programs", test_odd_lengths });
