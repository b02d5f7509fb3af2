/* A timer callback's R1 is the timer's map with the timer's map_uid (here
 * an inner map), so it may initialise the timer in R3's value again.
 * Enforced by: set_timer_callback_state, process_map_ptr_arg
 * Rule: TMR-ARG-12, TMR-ARG-19
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
	bpf_timer_init(&val->t, map, CLOCK_BOOTTIME);
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-12") __rule("TMR-ARG-19")
__description("callback of an inner-map timer inits it with its R1 map")
int timer_init_inner_map_callback_map(struct __sk_buff *skb)
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
