/* The recursion check skips a back edge only when it is a callback
 * reference: entered through main's reference to timer_cb, the cycle
 * timer_cb -(call)-> arm_timer -(ref)-> timer_cb is accepted.
 * rules.md says a ref-plus-call cycle is rejected; 7.3.4 rejects it only when sort_subprogs_topo's DFS enters it through the call.
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-04, CB-CFG-05
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

static int timer_cb(void *map, int *key, struct elem *val);

static __attribute__((noinline)) int arm_timer(struct elem *val)
{
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

static __attribute__((noinline)) int timer_cb(void *map, int *key, struct elem *val)
{
	val->runs++;
	arm_timer(val);
	return 0;
}

SEC("tc")
__success __rule("CB-REC-04") __rule("CB-CFG-05")
__description("main installs timer_cb; timer_cb calls arm_timer, which installs timer_cb")
int timer_cb_arming_cycle_entered_by_ref(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
