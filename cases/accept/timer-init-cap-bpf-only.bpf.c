/* CAP_BPF alone is enough for the timer helpers, the callback reference
 * and the kfunc: a socket filter loaded with only CAP_BPF arms a timer.
 * Enforced by: bpf_base_func_proto (bpf_token_capable), add_kfuncs
 * Rule: TMR-ARG-01, TMR-ARG-21, KF-GEN-06
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;	/* at 0: see reject/timer-init-cap-bpf-timer-offset */
	u64 tail;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, void *val)
{
	return 0;
}

SEC("socket")
__success_unpriv __caps_unpriv(CAP_BPF)
__rule("TMR-ARG-01") __rule("TMR-ARG-21") __rule("KF-GEN-06")
__requires("kfunc:bpf_timer_cancel_async")
__description("socket filter with only CAP_BPF: init, set_callback, start, cancel_async")
int timer_init_cap_bpf_only(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	bpf_timer_cancel_async(&val->t);
	return 0;
}
