/* An async callback's exit is checked like a main-program exit: it may not
 * return while holding a bpf_spin_lock.
 * Enforced by: process_bpf_exit_full -> check_resource_leak
 * Rule: CB-CTX-01
 */
#include "twc.h"

struct elem {
	struct bpf_spin_lock lock;
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
	bpf_spin_lock(&val->lock);
	return 0;
}

SEC("tc")
__failure __msg("BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region")
__errno(EINVAL) __rule("CB-CTX-01")
__description("timer callback returns with the value's spin lock held")
int timer_cb_exit_holding_spin_lock(struct __sk_buff *skb)
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
