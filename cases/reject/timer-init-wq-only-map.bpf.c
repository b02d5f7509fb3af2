/* A map whose value holds a bpf_wq but no bpf_timer has no timer record:
 * passing its wq field to a timer helper is refused.
 * Enforced by: check_map_field_pointer (via process_timer_func)
 * Rule: TMR-ARG-07
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

SEC("tc")
__failure __msg("map 'wq_map' has no valid bpf_timer") __errno(EINVAL)
__rule("TMR-ARG-07")
__description("bpf_timer_init on the bpf_wq of a wq-only map")
int timer_init_wq_only_map(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_timer_init((struct bpf_timer *)&val->w, &wq_map, CLOCK_MONOTONIC);
	return 0;
}
