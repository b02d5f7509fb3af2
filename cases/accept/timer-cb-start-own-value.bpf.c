/* A timer callback's third argument is a map value pointer to the start of
 * the element; when the bpf_timer is the first member it is the timer
 * itself, so the callback may restart its own timer through it.
 * Enforced by: set_timer_callback_state, check_map_field_pointer
 * Rule: CB-ARG-01, CB-ARG-04 (allowed side), CB-CTX-10
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct bpf_timer *timer)
{
	bpf_timer_start(timer, 1000000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-01") __rule("CB-ARG-04") __rule("CB-CTX-10")
__description("callback restarts its timer via R3 when the timer is at offset 0")
int timer_cb_start_own_value(struct __sk_buff *skb)
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
