/* A program may pass a stack argument (arg 6, stored through r11) to a
 * six-argument static subprog when it does not tail-call: the allowed side
 * of reject/stack-args-main-tail-call, the same program without the tail call.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-08
 * The callee is C on purpose: clang (14 and 19) cannot pass a sixth argument,
 * but drops an unused one from a static callee's code while its BTF keeps
 * all six named parameters, which is what gives the subprog stack_arg_cnt 1.
 * clang has no r11 in its assembler: the store is the raw instruction.
 */
#include "twc.h"

/* six parameters in BTF; the unused f is gone from the code */
static __noinline int sum6(int a, int b, int c, int d, int e, int f)
{
	return a + b + c + d + e;
}

SEC("tc")
__success __rule("STK-08")
__description("main stores arg 6 through r11 and calls a six-argument subprog")
int stack_args_main_call(struct __sk_buff *skb)
{
	int a;

	/* *(u64 *)(r11 - 8) = 6, then a = skb->len: the call needs a, so
	 * the store comes before it */
	asm volatile (".8byte 0x00000006fff80b7a;"
		      "%[a] = *(u32 *)(%[skb] + 0);"
		      : [a]"=r"(a) : [skb]"r"(skb) : "memory");
	return sum6(a, a, a, a, a, 6);
}
