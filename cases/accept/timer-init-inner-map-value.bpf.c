/* A timer in an inner map works like one in a plain map when the map
 * argument of bpf_timer_init is the inner map the value was looked up in
 * (same inner_map_meta and same map_uid).
 * Enforced by: process_map_ptr_arg, refine_map_lookup_value (map_uid)
 * Rule: TMR-ARG-19, TMR-ARG-12
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
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [1] = &inner_b },
};

static int timer_cb(void *map, int *key, struct elem *val)
{
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-19") __rule("TMR-ARG-12")
__description("timer in an inner array, initialised with the same inner map")
int timer_init_inner_map_value(struct __sk_buff *skb)
{
	int okey = 0, key = 0;
	struct elem *val;
	void *inner;

	inner = bpf_map_lookup_elem(&outer, &okey);
	if (!inner)
		return 0;
	val = bpf_map_lookup_elem(inner, &key);
	if (!val)
		return 0;
	bpf_timer_init(&val->t, inner, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
