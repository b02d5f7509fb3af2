/* Inner maps of a HASH_OF_MAPS follow the same identity rule as those of
 * an ARRAY_OF_MAPS: two lookups give two map_uid values that must match.
 * Enforced by: process_map_ptr_arg
 * Rule: TMR-ARG-11, TMR-ARG-12
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
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [1] = &inner_b },
};

SEC("tc")
__failure
__msg("timer pointer in R1 map_uid={{[1-9][0-9]*}} doesn't match map pointer in R2 map_uid={{[1-9][0-9]*}}")
__errno(EINVAL) __rule("TMR-ARG-11") __rule("TMR-ARG-12")
__description("hash-of-maps: timer of inner #0 initialised with inner #1")
int timer_init_hash_of_maps_mismatch(struct __sk_buff *skb)
{
	int key0 = 0, key1 = 1, key = 0;
	struct elem *val;
	void *in0, *in1;

	in0 = bpf_map_lookup_elem(&outer, &key0);
	if (!in0)
		return 0;
	in1 = bpf_map_lookup_elem(&outer, &key1);
	if (!in1)
		return 0;
	val = bpf_map_lookup_elem(in0, &key);
	if (!val)
		return 0;
	bpf_timer_init(&val->t, in1, CLOCK_MONOTONIC);
	return 0;
}
