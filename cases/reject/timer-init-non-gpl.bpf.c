/* The bpf_timer helpers are gpl_only: a program whose license is not
 * GPL-compatible may not call bpf_timer_init.
 * Enforced by: check_helper_call
 * Rule: TMR-ARG-02
 */
#define TWC_NO_LICENSE
#include "twc.h"

char _license[] SEC("license") = "Proprietary";

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("cannot call GPL-restricted function from non-GPL compatible program")
__errno(EINVAL) __rule("TMR-ARG-02")
__description("bpf_timer_init from a \"Proprietary\" program")
int timer_init_non_gpl(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	return 0;
}
