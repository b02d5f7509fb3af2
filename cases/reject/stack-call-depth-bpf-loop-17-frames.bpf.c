/* A synchronous callback gets a new frame on top of its caller: bpf_loop
 * called from the 16th frame would run its callback in a 17th.
 * Enforced by: push_callback_call -> setup_func_entry
 * Rule: STK-06, STK-05
 */
#include "twc.h"

/* One link of a static call chain: call the next function, return its r0. */
#define LINK(name, next)						\
__naked __noinline __used static int name(void)			\
{									\
	asm volatile ("call " #next "; exit;" ::: __clobber_all);	\
}

__naked __noinline __used static int loop_cb(void)
{
	asm volatile ("r0 = 0; exit;" ::: __clobber_all);
}

/* 16th frame */
__naked __noinline __used static int f15(void)
{
	asm volatile (
	"r1 = 1;"
	"r2 = %[loop_cb] ll;"
	"r3 = 0;"
	"r4 = 0;"
	"call %[bpf_loop];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(loop_cb), __imm(bpf_loop)
	: __clobber_all);
}
LINK(f14, f15) LINK(f13, f14) LINK(f12, f13) LINK(f11, f12) LINK(f10, f11)
LINK(f9, f10) LINK(f8, f9) LINK(f7, f8) LINK(f6, f7) LINK(f5, f6)
LINK(f4, f5) LINK(f3, f4) LINK(f2, f3) LINK(f1, f2)

SEC("tc")
__failure __msg("the call stack of 17 frames is too deep") __errno(E2BIG)
__rule("STK-06") __rule("STK-05")
__description("main -> f1 -> ... -> f15 -> bpf_loop(loop_cb)")
__naked int stack_call_depth_bpf_loop_17_frames(void)
{
	asm volatile ("call f1; r0 = 0; exit;" ::: __clobber_all);
}
