/* 7.3 allows 16 call frames (MAX_CALL_FRAMES); entering a 17th frame with a
 * static call is refused while do_check walks the path.
 * Enforced by: setup_func_entry
 * Rule: STK-06
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
LINK(f15, f16)
LINK(f14, f15) LINK(f13, f14) LINK(f12, f13) LINK(f11, f12) LINK(f10, f11)
LINK(f9, f10) LINK(f8, f9) LINK(f7, f8) LINK(f6, f7) LINK(f5, f6)
LINK(f4, f5) LINK(f3, f4) LINK(f2, f3) LINK(f1, f2)

SEC("tc")
__failure __msg("the call stack of 17 frames is too deep") __errno(E2BIG)
__rule("STK-06")
__description("main -> f1 -> ... -> f16: 17 frames")
__naked int stack_call_depth_17_frames(void)
{
	asm volatile ("call f1; r0 = 0; exit;" ::: __clobber_all);
}
