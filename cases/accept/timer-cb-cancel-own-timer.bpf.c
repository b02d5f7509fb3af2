/* A timer callback may call bpf_timer_cancel and bpf_timer_cancel_async on
 * its own timer: both verify (the synchronous cancel returns -EDEADLK at
 * run time).
 * Enforced by: check_helper_call, check_kfunc_args (KF_ARG_PTR_TO_TIMER)
 * Rule: CB-CTX-10
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
	val->pad = bpf_timer_cancel(&val->t);
	bpf_timer_cancel_async(&val->t);
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-10") __requires("kfunc:bpf_timer_cancel_async")
__description("timer callback cancels its own timer, synchronously and asynchronously")
int timer_cb_cancel_own_timer(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
