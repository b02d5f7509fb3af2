/* "Dual BSD/GPL" is a GPL-compatible license: the gpl_only timer helpers
 * and the kfuncs are allowed.
 * Enforced by: check_helper_call (gpl_only), bpf_add_kfunc_call
 * Rule: TMR-ARG-02, KF-GEN-02
 */
#define TWC_NO_LICENSE
#include "twc.h"

char _license[] SEC("license") = "Dual BSD/GPL";

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

static int timer_cb(void *map, int *key, void *val)
{
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-02") __rule("KF-GEN-02")
__requires("kfunc:bpf_timer_cancel_async")
__description("all timer helpers and bpf_timer_cancel_async under \"Dual BSD/GPL\"")
int timer_init_dual_license(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	bpf_timer_cancel(&val->t);
	bpf_timer_cancel_async(&val->t);
	return 0;
}
