/* A timer helper's pointer must lie in a map whose value BTF has a
 * bpf_timer field; a map value without one is refused.
 * Enforced by: check_map_field_pointer (via process_timer_func)
 * Rule: TMR-ARG-07
 */
#include "twc.h"

struct plain {
	u64 a;
	u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct plain);
} plain_map SEC(".maps");

SEC("tc")
__failure __msg("map 'plain_map' has no valid bpf_timer") __errno(EINVAL)
__rule("TMR-ARG-07")
__description("bpf_timer_init on a value of a map without a timer field")
int timer_init_map_without_timer(struct __sk_buff *skb)
{
	int key = 0;
	struct plain *val = bpf_map_lookup_elem(&plain_map, &key);

	if (!val)
		return 0;
	bpf_timer_init((struct bpf_timer *)val, &plain_map, CLOCK_MONOTONIC);
	return 0;
}
