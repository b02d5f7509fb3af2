/* In a timer callback, the inner map found by a fresh lookup of the outer
 * map has a new map_uid; it does not match the uid the callback's value
 * inherited from the timer, so it cannot initialise that timer.
 * Enforced by: set_timer_callback_state, process_map_ptr_arg
 * Rule: TMR-ARG-12, TMR-ARG-11
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 runs;
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

static int timer_cb(void *map, int *key, struct elem *val)
{
	int k = 0;
	void *in = bpf_map_lookup_elem(&outer, &k);

	if (in)
		bpf_timer_init(&val->t, in, CLOCK_BOOTTIME);
	return 0;
}

SEC("tc")
__failure
__msg("timer pointer in R1 map_uid={{[1-9][0-9]*}} doesn't match map pointer in R2 map_uid={{[1-9][0-9]*}}")
__errno(EINVAL) __rule("TMR-ARG-12") __rule("TMR-ARG-11")
__description("callback of an inner-map timer inits it with a re-looked-up inner map")
int timer_init_inner_map_callback_relookup(struct __sk_buff *skb)
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
	return 0;
}
