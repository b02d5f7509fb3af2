/* A synchronous callback called from an async callback counts in the async
 * root's chain: a 256-byte timer callback running a 304-byte bpf_loop
 * callback needs 560 bytes.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-03, STK-05
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

__naked __noinline __used
static int loop_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 304) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
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

SEC("tc")
__failure __msg("combined stack size of 2 calls is 560. Too large") __errno(EACCES)
__rule("STK-03") __rule("STK-05")
__description("timer_cb 256 B runs bpf_loop(loop_cb 304 B)")
int stack_loop_cb_in_timer_cb_over_512(struct __sk_buff *skb)
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
