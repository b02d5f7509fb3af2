/* A timer callback that branches on an unknown value but sets R0 = 0 on
 * both paths before its exit is accepted: R0 is precise and exactly 0.
 * Enforced by: check_return_code (mark_chain_precision, retval_range_within)
 * Rule: CB-RET-01 (allowed side)
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
static int timer_cb(void)
{
	asm volatile (
	"call %[bpf_get_prandom_u32];"
	"if r0 s> 1000 goto 1f;"
	"r0 = 0;"
	"exit;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

SEC("tc")
__success __rule("CB-RET-01")
__description("callback sets r0 = 0 on both branches")
int timer_cb_return_zero_all_paths(struct __sk_buff *skb)
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
