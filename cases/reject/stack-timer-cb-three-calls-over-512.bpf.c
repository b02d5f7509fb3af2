/* The limit holds for every chain in the callback's root: callback -> f ->
 * g with 192 bytes each needs 576 bytes in three frames.
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

__naked __noinline __used
static int leaf_192(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 192) = r1;"
	"r0 = *(u64 *)(r10 - 192);"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int mid_192(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 192) = r1;"
	"call leaf_192;"
	"r0 = *(u64 *)(r10 - 192);"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 192) = r1;"
	"call mid_192;"
	"r0 = *(u64 *)(r10 - 192);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("combined stack size of 3 calls is {{[0-9]+}}. Too large") __errno(EACCES)
__rule("STK-03") __rule("STK-02")
__description("callback root: 192 + 192 + 192 B in three frames")
int stack_timer_cb_three_calls_over_512(struct __sk_buff *skb)
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
