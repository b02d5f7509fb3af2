/* The value pointer a bpf_for_each_map_elem() callback receives is a map
 * value of the iterated map; together with the callback's map argument it
 * may be used to initialise and arm the element's timer.
 * Enforced by: set_map_elem_callback_state, check_map_field_pointer, process_map_ptr_arg
 * Rule: TMR-ARG-20, TMR-ARG-12 (allowed side)
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	return 0;
}

static long arm_elem(struct bpf_map *map, int *key, struct elem *val, void *ctx)
{
	bpf_timer_init(&val->t, map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-20") __rule("TMR-ARG-12")
__description("for_each_map_elem callback inits the timer of each element")
int timer_init_for_each_value(struct __sk_buff *skb)
{
	bpf_for_each_map_elem(&timer_map, arm_elem, NULL, 0);
	return 0;
}
