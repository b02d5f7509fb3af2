/* R1 of a timer callback is the timer's own map: the callback may look up
 * another element through it and initialise, arm and start that
 * element's timer with R1 as the map argument.
 * Enforced by: set_timer_callback_state (CONST_PTR_TO_MAP, map_uid), process_map_ptr_arg
 * Rule: CB-ARG-01, CB-CTX-10
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	int other = 1;
	struct elem *o = bpf_map_lookup_elem(map, &other);

	if (!o)
		return 0;
	bpf_timer_init(&o->t, map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&o->t, timer_cb);
	bpf_timer_start(&o->t, 1000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-01") __rule("CB-CTX-10")
__description("callback arms element 1's timer through its map argument")
int cb_map_arg_init_other(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
