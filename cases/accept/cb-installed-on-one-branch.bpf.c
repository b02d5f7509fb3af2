/* A callback referenced from one side of a conditional jump is reachable
 * in the CFG and verified when that side is live.
 * Enforced by: check_cfg (visit_func_call_insn), push_callback_call
 * Rule: CB-CFG-01 (allowed side)
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->runs++;
	return 0;
}

SEC("tc")
__success __rule("CB-CFG-01")
__description("callback installed only when the packet is long")
int cb_installed_on_one_branch(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	if (skb->len > 100)
		bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
