/* A global function is verified separately, but its frame still sits on its
 * caller's stack: main 256 bytes + global function 272 bytes is 528 bytes.
 * Enforced by: check_max_stack_depth_subprog (frame count reset, depth kept)
 * Rule: STK-02, STK-06
 */
#include "twc.h"

/* 272 bytes of stack */
__noinline int global_272(int x)
{
	asm volatile ("r1 = 0; *(u64 *)(r10 - 272) = r1;" ::: "r1");
	return x;
}

SEC("tc")
__failure __msg("combined stack size of 2 calls is 528. Too large") __errno(EACCES)
__rule("STK-02") __rule("STK-06")
__description("main 256 B -> global function 272 B")
int stack_global_chain_over_512(struct __sk_buff *skb)
{
	asm volatile ("r1 = 0; *(u64 *)(r10 - 256) = r1;" ::: "r1");
	return global_272(skb->len) ? 1 : 0;
}
