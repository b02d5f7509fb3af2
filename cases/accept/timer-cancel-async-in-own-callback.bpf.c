/* bpf_timer_cancel_async() may be called from the timer's own callback on
 * its own timer: the kfunc has no context restriction and no map argument.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_TIMER) -> process_timer_func
 * Rule: KF-TMR-05, TMR-ARG-20
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

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_timer_cancel_async(&val->t);
	return 0;
}

SEC("tc")
__success __rule("KF-TMR-05") __rule("TMR-ARG-20")
__requires("kfunc:bpf_timer_cancel_async")
__description("timer callback calls bpf_timer_cancel_async on its own timer")
int timer_cancel_async_in_own_callback(struct __sk_buff *skb)
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
