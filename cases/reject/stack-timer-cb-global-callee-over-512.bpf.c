/* A global function called from an async callback is verified on its own,
 * but its stack still adds to the callback root's chain: a 256-byte callback calling a 272-byte global function needs 528.
 * Enforced by: check_max_stack_depth_subprog (frame count reset, depth kept)
 * Rule: STK-02, STK-03, STK-06
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

/* 272 bytes of stack */
__noinline int global_272(void)
{
	asm volatile ("r1 = 0; *(u64 *)(r10 - 272) = r1;" ::: "r1");
	return 0;
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"call global_272;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("combined stack size of 2 calls is 528. Too large") __errno(EACCES)
__rule("STK-02") __rule("STK-03") __rule("STK-06")
__description("callback 256 B -> global 272 B = 528 B")
int stack_timer_cb_global_callee_over_512(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
