/* A global function is verified separately, but its frame still sits on its
 * caller's stack: main 256 bytes + global function 256 bytes is 512 bytes.
 * Enforced by: check_max_stack_depth_subprog (frame count reset, depth kept)
 * Rule: STK-02, STK-06
 */
#include "twc.h"

/* 256 bytes of stack */
__noinline int global_256(int x)
{
	asm volatile ("r1 = 0; *(u64 *)(r10 - 256) = r1;" ::: "r1");
	return x;
}

SEC("tc")
__success
__rule("STK-02") __rule("STK-06")
__description("main 256 B -> global function 256 B")
int stack_global_chain_512(struct __sk_buff *skb)
{
	asm volatile ("r1 = 0; *(u64 *)(r10 - 256) = r1;" ::: "r1");
	return global_256(skb->len) ? 1 : 0;
}
