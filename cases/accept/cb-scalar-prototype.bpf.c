/* The C prototype of a static callback is not checked against the
 * callback's register types: a callback declared with three u64 scalars
 * still gets map, key and value pointers and may use them.
 * Enforced by: push_callback_call -> btf_check_subprog_call (mismatch only marks it unreliable)
 * Rule: CB-ARG-06
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

static int timer_cb(u64 map, u64 key, u64 val)
{
	((struct elem *)val)->runs += *(int *)key;
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-06")
__description("timer callback declared with three u64 arguments")
int cb_scalar_prototype(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, (void *)timer_cb);
	return 0;
}
