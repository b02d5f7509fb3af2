/* The stack walk after do_check counts every ld_imm64 reference to a
 * non-async subprog as a call, even one never called: loading the address
 * of f16 in the 16th frame makes a 17th frame for the walk only.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-12, STK-06
 */
#include "twc.h"

/* One link of a static call chain: call the next function, return its r0. */
#define LINK(name, next)						\
__naked __noinline __used static int name(void)			\
{									\
	asm volatile ("call " #next "; exit;" ::: __clobber_all);	\
}

__naked __noinline __used static int f16(void)
{
	asm volatile ("r0 = 0; exit;" ::: __clobber_all);
}

/* 16th frame: takes f16's address and drops it */
__naked __noinline __used static int f15(void)
{
	asm volatile (
	"r1 = %[f16] ll;"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(f16)
	: __clobber_all);
}
LINK(f14, f15) LINK(f13, f14) LINK(f12, f13) LINK(f11, f12) LINK(f10, f11)
LINK(f9, f10) LINK(f8, f9) LINK(f7, f8) LINK(f6, f7) LINK(f5, f6)
LINK(f4, f5) LINK(f3, f4) LINK(f2, f3) LINK(f1, f2)

SEC("tc")
__failure __msg("the call stack of 16 frames is too deep !") __errno(E2BIG)
__rule("STK-12") __rule("STK-06")
__description("main -> f1 -> ... -> f15, which loads &f16 without calling it")
__naked int stack_call_depth_unused_func_ref(void)
{
	asm volatile ("call f1; r0 = 0; exit;" ::: __clobber_all);
}
