/* A timer in an inner map must be initialised with that inner map: the
 * outer map-in-map is another map (different map_ptr, map_uid 0).
 * Enforced by: process_map_ptr_arg
 * Rule: TMR-ARG-11, TMR-ARG-19
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
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner },
};

SEC("tc")
__failure
__msg("timer pointer in R1 map_uid={{[1-9][0-9]*}} doesn't match map pointer in R2 map_uid=0")
__errno(EINVAL) __rule("TMR-ARG-11") __rule("TMR-ARG-19")
__description("timer of an inner map initialised with the outer map")
int timer_init_outer_map(struct __sk_buff *skb)
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
	bpf_timer_init(&val->t, &outer, CLOCK_MONOTONIC);
	return 0;
}
