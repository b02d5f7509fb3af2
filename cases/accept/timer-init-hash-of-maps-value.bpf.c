/* A timer in an inner array of a HASH_OF_MAPS works when bpf_timer_init
 * gets the inner map the value was looked up in (same map_uid).
 * Enforced by: process_map_ptr_arg, refine_map_lookup_value (map_uid)
 * Rule: TMR-ARG-19, TMR-ARG-12, TMR-ARG-11
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner },
};

static int timer_cb(void *map, int *key, struct elem *val)
{
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-19") __rule("TMR-ARG-12") __rule("TMR-ARG-11")
__description("hash-of-maps inner array: init, set_callback, start, cancel")
int timer_init_hash_of_maps_value(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val;
	void *in;

	in = bpf_map_lookup_elem(&outer, &key);
	if (!in)
		return 0;
	val = bpf_map_lookup_elem(in, &key);
	if (!val)
		return 0;
	bpf_timer_init(&val->t, in, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	bpf_timer_cancel(&val->t);
	return 0;
}
