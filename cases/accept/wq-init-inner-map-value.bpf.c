/* A wq in an inner map is initialised with the inner-map pointer it was
 * looked up from (same map_uid): accepted.
 * Enforced by: process_map_ptr_arg
 * Rule: KF-WQ-10
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_wq w;
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

SEC("tc")
__success
__rule("KF-WQ-10")
__description("wq of inner map #0 initialised with inner map #0")
int wq_init_inner_map_value(struct __sk_buff *skb)
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
	bpf_wq_init(&val->w, in0, 0);
	return 0;
}
