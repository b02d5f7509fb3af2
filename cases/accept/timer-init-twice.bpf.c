/* The verifier does not model the timer's life cycle: a second
 * bpf_timer_init of the same timer loads (it returns -EBUSY at run time),
 * and so do set_callback and start after a cancel.
 * Enforced by: none (the helpers check at run time)
 * Rule: TMR-ARG-16
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
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
__success __rule("TMR-ARG-16")
__description("init, init again, cancel, then set_callback and start")
int timer_init_twice(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_init(&val->t, &timer_map, CLOCK_REALTIME);
	bpf_timer_cancel(&val->t);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
