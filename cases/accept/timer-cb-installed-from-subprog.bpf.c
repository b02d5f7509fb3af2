/* A static bpf-to-bpf subprog may install the timer callback: the call
 * graph main -> arm_timer with a callback reference arm_timer -> timer_cb
 * has no cycle.
 * Enforced by: sort_subprogs_topo, push_callback_call
 * Rule: CB-CFG-05 (allowed side), CB-DO-01
 */
#include "twc.h"

struct elem {
	u64 pad;
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
	return 0;
}

static __attribute__((noinline)) int arm_timer(struct elem *val)
{
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-CFG-05") __rule("CB-DO-01")
__description("static subprog installs and starts the callback")
int timer_cb_installed_from_subprog(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	return arm_timer(val);
}
