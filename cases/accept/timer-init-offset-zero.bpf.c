/* A bpf_timer that is the first member of the map value is passed as the
 * value pointer itself (offset 0) and may be initialised, armed and started.
 * Enforced by: check_map_field_pointer (via process_timer_func)
 * Rule: TMR-ARG-08 (allowed side)
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 counter;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-08")
__description("timer at offset 0 of an array value: init, set_callback, start")
int timer_init_offset_zero(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
