/* An async callback is a separate stack root whose own call chain must fit
 * in 512 bytes: a 304-byte callback calling a 256-byte subprog needs 560.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-03, STK-02
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

/* 256 bytes of stack */
__naked __noinline __used
static int cb_helper(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r0 = *(u64 *)(r10 - 256);"
	"exit;"
	::: __clobber_all);
}

/* 304 bytes of stack, then a call to cb_helper */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 304) = r1;"
	"call cb_helper;"
	"r0 = *(u64 *)(r10 - 304);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("combined stack size of 2 calls is {{[0-9]+}}. Too large") __errno(EACCES)
__rule("STK-03") __rule("STK-02")
__description("callback root: 304 B callback + 256 B callee (560 B with the JIT)")
int stack_timer_cb_chain_over_512(struct __sk_buff *skb)
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
