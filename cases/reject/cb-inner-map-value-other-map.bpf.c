/* The callback of an inner-map timer gets R3 with the inner map's
 * map_uid: initialising that timer with another map of the same shape
 * is refused, as the uids differ.
 * Enforced by: set_timer_callback_state (map_uid), check_helper_call (timer map uid check)
 * Rule: CB-ARG-01
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
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

struct inner plain SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_timer_init(&val->t, &plain, CLOCK_MONOTONIC);
	return 0;
}

SEC("tc")
__failure __msg("timer pointer in R1 map_uid={{[1-9][0-9]*}} doesn't match map pointer in R2 map_uid=0")
__errno(EINVAL) __rule("CB-ARG-01")
__description("inner-map callback re-initialises its timer with a plain map")
int cb_inner_map_value_other_map(struct __sk_buff *skb)
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
