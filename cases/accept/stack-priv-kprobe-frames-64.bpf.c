/* In a kprobe program 7.3 moves only frames of at least 64 bytes
 * (BPF_PRIV_STACK_MIN_SIZE) to private stacks; the 64-byte threshold applies to the JIT-rounded size: eleven frames of 56 bytes (64 after rounding) all get private stacks and are accepted.
 * Enforced by: check_max_stack_depth_subprog (PRIV_STACK_ADAPTIVE)
 * Rule: STK-09
 */
#include "twc.h"

/* One link: 56 bytes of stack, then call the next function. */
#define LINK(name, next)						\
__naked __noinline __used static int name(void)			\
{									\
	asm volatile ("r1 = 0; *(u64 *)(r10 - 56) = r1;"		\
		      "call " #next "; exit;" ::: __clobber_all);	\
}

__naked __noinline __used static int f10(void)
{
	asm volatile ("r1 = 0; *(u64 *)(r10 - 56) = r1; r0 = 0; exit;"
		      ::: __clobber_all);
}
LINK(f9, f10) LINK(f8, f9) LINK(f7, f8) LINK(f6, f7) LINK(f5, f6)
LINK(f4, f5) LINK(f3, f4) LINK(f2, f3) LINK(f1, f2)

SEC("kprobe/do_nanosleep")
__success
__rule("STK-09")
__description("kprobe: main + 10 static subprogs, 56 B each (64 B rounded)")
__naked int stack_priv_kprobe_frames_64(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 56) = r1;"
	"call f1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
