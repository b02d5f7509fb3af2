// SPDX-License-Identifier: GPL-2.0
/* test_jited.c: a JIT image printed as test_loader prints it for __jited. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jited.h"
#include "unit/unit.h"

/* Two functions of x86-64 as the kernel's JIT writes them: a prologue, a
 * private-stack pointer, a store, jumps and calls inside the function
 * (two to one target) and one outside it. */
static const unsigned char image[] = {
	/* func #0, 0x1d bytes */
	0xf3, 0x0f, 0x1e, 0xfa,				/* 0: endbr64 */
	0x49, 0xb9, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
							/* 4: movabsq $0x102..., %r9 */
	0x65, 0x4c, 0x03, 0x0c, 0x25, 0x10, 0x20, 0x00, 0x00,
							/* e: addq %gs:0x2010, %r9 */
	0x31, 0xc0,					/* 17: xorl %eax, %eax */
	0x74, 0x02,					/* 19: je 0x1d (past the end) */
	0xc9,						/* 1b: leave */
	0xc3,						/* 1c: retq */
	/* func #1, 0x15 bytes */
	0xbf, 0x2a, 0x00, 0x00, 0x00,			/* 0: movl $0x2a, %edi */
	0x74, 0x02,					/* 5: je 9 */
	0xeb, 0x00,					/* 7: jmp 9 */
	0xe8, 0x00, 0x00, 0x00, 0x00,			/* 9: callq 0xe */
	0x49, 0x89, 0xb9, 0x00, 0xff, 0xff, 0xff,	/* e: movq %rdi, -0x100(%r9) */
};
static const uint32_t lens[] = { 0x1d, 0x15 };

/* "func #i:", a line per instruction (offset, bytes padded to 36
 * columns, label, LLVM's AT&T text with hex immediates), an empty line.
 * In func #1 two branches go to 9 and one to e: test_loader's labels are
 * its three targets sorted (L0, L1 at 9; L2 at e); a branch names the
 * first of them, the line the one bsearch() finds. */
static void test_text(void)
{
	char *text = NULL, *bad = NULL;

	EXPECT_INT(jited__text(image, sizeof(image), lens, 2, &text, &bad), 0);
	EXPECT_STR(text,
		   "func #0:\n"
		   "0:\tf3 0f 1e fa                         \tendbr64\n"
		   "4:\t49 b9 08 07 06 05 04 03 02 01       \tmovabsq\t$0x102030405060708, %r9\n"
		   "e:\t65 4c 03 0c 25 10 20 00 00          \taddq\t%gs:0x2010, %r9\n"
		   "17:\t31 c0                               \txorl\t%eax, %eax\n"
		   "19:\t74 02                               \tje\t0x1d\n"
		   "1b:\tc9                                  \tleave\n"
		   "1c:\tc3                                  \tretq\n"
		   "\n"
		   "func #1:\n"
		   "0:\tbf 2a 00 00 00                      \tmovl\t$0x2a, %edi\n"
		   "5:\t74 02                               \tje\tL0\n"
		   "7:\teb 00                               \tjmp\tL0\n"
		   "9:\te8 00 00 00 00                      L1:\tcallq\tL2\n"
		   "e:\t49 89 b9 00 ff ff ff                L2:\tmovq\t%rdi, -0x100(%r9)\n"
		   "\n");
	EXPECT(!bad);
	free(text);
}

/* No function (an empty record) is empty text; a function of no bytes
 * (the JIT off) is its header alone; lengths past the image are refused. */
static void test_empty_and_short(void)
{
	static const uint32_t zero = 0, big[] = { 4, 100 };
	char *text = NULL, *bad = NULL;

	EXPECT_INT(jited__text(NULL, 0, NULL, 0, &text, &bad), 0);
	EXPECT_STR(text, "");
	free(text);
	EXPECT_INT(jited__text(NULL, 0, &zero, 1, &text, &bad), 0);
	EXPECT_STR(text, "func #0:\n\n");
	free(text);
	EXPECT_INT(jited__text(image, sizeof(image), big, 2, &text, &bad), -EINVAL);
	EXPECT(!text);
	EXPECT_STR(bad, "func #1: 100 bytes past the image's 50");
	free(bad);
}

/* Bytes LLVM cannot decode (0x06, push %es, is no x86-64 instruction):
 * the function, the offset and the bytes there, as test_loader says. */
static void test_undecodable(void)
{
	static const unsigned char bad_code[] = { 0x90, 0x06, 0xc3 };
	static const uint32_t n = sizeof(bad_code);
	char *text = NULL, *bad = NULL;

	EXPECT_INT(jited__text(bad_code, sizeof(bad_code), &n, 1, &text, &bad), -EILSEQ);
	EXPECT(!text);
	EXPECT_STR(bad, "func #0, offset 0x1: 06 c3");
	free(bad);
}

UNIT_GROUP(jited,
	   { "a JIT image as test_loader prints it, labels and all", test_text },
	   { "no function, a function of no bytes, lengths past the image",
	     test_empty_and_short },
	   { "an instruction LLVM cannot decode", test_undecodable });
