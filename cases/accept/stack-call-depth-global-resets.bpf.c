/* The frame limit counts consecutive static frames only: a global function
 * is verified on its own from frame 0, and the stack walk resets its frame
 * count there, so 16 static frames, a global, and 15 more static frames
 * (32 frames in one chain) are accepted.
 * Enforced by: check_func_call (global: no new frame), check_max_stack_depth_subprog
 * Rule: STK-06
 */
#include "twc.h"

/* One link of a static call chain: call the next function, return its r0. */
#define LINK(name, next)						\
__naked __noinline __used static int name(void)			\
{									\
	asm volatile ("call " #next "; exit;" ::: __clobber_all);	\
}

/* the chain below the global function: g1 .. g15 */
__naked __noinline __used static int g15(void)
{
	asm volatile ("r0 = 0; exit;" ::: __clobber_all);
}
LINK(g14, g15) LINK(g13, g14) LINK(g12, g13) LINK(g11, g12) LINK(g10, g11)
LINK(g9, g10) LINK(g8, g9) LINK(g7, g8) LINK(g6, g7) LINK(g5, g6)
LINK(g4, g5) LINK(g3, g4) LINK(g2, g3) LINK(g1, g2)

__noinline int global_mid(void)
{
	return g1();
}

/* the chain above it: f1 .. f15, f15 calls the global function */
LINK(f15, global_mid)
LINK(f14, f15) LINK(f13, f14) LINK(f12, f13) LINK(f11, f12) LINK(f10, f11)
LINK(f9, f10) LINK(f8, f9) LINK(f7, f8) LINK(f6, f7) LINK(f5, f6)
LINK(f4, f5) LINK(f3, f4) LINK(f2, f3) LINK(f1, f2)

SEC("tc")
__success __rule("STK-06")
__description("main -> f1..f15 -> global_mid -> g1..g15: 32 frames, one global")
__naked int stack_call_depth_global_resets(void)
{
	asm volatile ("call f1; r0 = 0; exit;" ::: __clobber_all);
}
