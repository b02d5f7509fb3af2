/* In a kprobe program 7.3 moves only frames of at least 64 bytes
 * (BPF_PRIV_STACK_MIN_SIZE) to private stacks; frames below 64 bytes stay on the normal stack and share its 512-byte budget: eleven frames of 48 bytes need 528.
 * Enforced by: check_max_stack_depth_subprog (PRIV_STACK_ADAPTIVE)
 * Rule: STK-09
 */
#include "twc.h"

/* One link: 48 bytes of stack, then call the next function. */
#define LINK(name, next)						\
__naked __noinline __used static int name(void)			\
{									\
	asm volatile ("r1 = 0; *(u64 *)(r10 - 48) = r1;"		\
		      "call " #next "; exit;" ::: __clobber_all);	\
}

__naked __noinline __used static int f10(void)
{
	asm volatile ("r1 = 0; *(u64 *)(r10 - 48) = r1; r0 = 0; exit;"
		      ::: __clobber_all);
}
LINK(f9, f10) LINK(f8, f9) LINK(f7, f8) LINK(f6, f7) LINK(f5, f6)
LINK(f4, f5) LINK(f3, f4) LINK(f2, f3) LINK(f1, f2)

SEC("kprobe/do_nanosleep")
__failure __msg("combined stack size of 11 calls is 528. Too large") __errno(EACCES)
__rule("STK-09")
__description("kprobe: main + 10 static subprogs, 48 B each (528 B)")
__naked int stack_priv_kprobe_small_frames_over_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 48) = r1;"
	"call f1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
