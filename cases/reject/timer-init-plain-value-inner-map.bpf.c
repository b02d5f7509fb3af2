/* A timer of a plain map may not be initialised with an inner map of the
 * same value type: the map pointers (plain map vs inner_map_meta) differ.
 * Enforced by: process_map_ptr_arg
 * Rule: TMR-ARG-11
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

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner },
};

SEC("tc")
__failure
__msg("timer pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid={{[1-9][0-9]*}}")
__errno(EINVAL) __rule("TMR-ARG-11")
__description("timer of a plain array initialised with an inner map")
int timer_init_plain_value_inner_map(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val;
	void *in;

	in = bpf_map_lookup_elem(&outer, &key);
	if (!in)
		return 0;
	val = bpf_map_lookup_elem(&timer_map, &key);
	if (!val)
		return 0;
	bpf_timer_init(&val->t, in, CLOCK_MONOTONIC);
	return 0;
}
