/* The bpf_timer_cancel_async() kfunc takes a map-value pointer to the
 * value's bpf_timer field and needs no map argument.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_TIMER) -> process_timer_func
 * Rule: KF-TMR-01, KF-TMR-04, KF-TMR-05 (allowed side)
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
__success __rule("KF-TMR-01") __rule("KF-TMR-04") __rule("KF-TMR-05")
__requires("kfunc:bpf_timer_cancel_async")
__description("bpf_timer_cancel_async on an initialised, started map-value timer")
int timer_cancel_async_map_value(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000000, 0);
	bpf_timer_cancel_async(&val->t);
	return 0;
}
