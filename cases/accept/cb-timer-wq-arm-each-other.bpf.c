/* A timer callback may install and start a wq callback and the wq
 * callback the timer callback again: a reference cycle across the two
 * async kinds is not recursion either.
 * Enforced by: sort_subprogs_topo, push_callback_call
 * Rule: CB-REC-01
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} both_map SEC(".maps");

static int wq_cb(void *map, int *key, void *value);

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}

static int wq_cb(void *map, int *key, void *value)
{
	struct elem *val = value;

	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-REC-01")
__description("timer callback arms the wq; wq callback arms the timer")
int cb_timer_wq_arm_each_other(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&both_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &both_map, CLOCK_MONOTONIC);
	bpf_wq_init(&val->w, &both_map, 0);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
