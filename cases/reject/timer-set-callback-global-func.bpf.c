/* A timer callback must be a static subprog: taking the address of a global
 * (non-static) function for bpf_timer_set_callback is refused.
 * Enforced by: check_ld_imm (BPF_PSEUDO_FUNC)
 * Rule: TMR-ARG-14
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

__attribute__((noinline)) int global_timer_cb(u64 map, u64 key, u64 val)
{
	return 0;
}

SEC("tc")
__failure __msg("callback function not static") __errno(EINVAL)
__rule("TMR-ARG-14")
__description("bpf_timer_set_callback with a global function")
int timer_set_callback_global_func(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, global_timer_cb);
	return 0;
}
