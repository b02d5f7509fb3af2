/* Every chain of a callback root may use up to 512 bytes: callback -> f ->
 * g with 176 + 176 + 160 bytes is exactly at the limit in three frames.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-02, STK-03
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
static int leaf_160(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 160) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int mid_176(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 176) = r1;"
	"call leaf_160;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 176) = r1;"
	"call mid_176;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-02") __rule("STK-03")
__description("callback root: 176 + 176 + 160 B = 512 B in three frames")
int stack_timer_cb_three_calls_512(struct __sk_buff *skb)
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
