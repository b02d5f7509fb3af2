/* A timer in an inner map hands its callback the inner map with its
 * map_uid in R1: an element looked up through R1 carries the same uid, so
 * R1 is the right map argument for that element's timer.
 * Enforced by: set_timer_callback_state (map_uid), process_timer_func, process_map_ptr_arg
 * Rule: CB-ARG-01
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} inner_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, int);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a },
};

static int timer_cb(void *map, int *key, struct elem *val)
{
	int other = 1;
	struct elem *o = bpf_map_lookup_elem(map, &other);

	if (!o)
		return 0;
	bpf_timer_init(&o->t, map, CLOCK_MONOTONIC);
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-01")
__description("inner-map callback initialises a sibling element's timer via R1")
int cb_inner_map_arg_init(struct __sk_buff *skb)
{
	int key = 0;
	void *in = bpf_map_lookup_elem(&outer, &key);
	struct elem *val;

	if (!in)
		return 0;
	val = bpf_map_lookup_elem(in, &key);
	if (!val)
		return 0;
	bpf_timer_init(&val->t, in, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
