/* A pointer to another field of the value (here the u64 after the timer)
 * is not a timer pointer, even though it lies in the same map value.
 * Enforced by: check_map_field_pointer (via process_timer_func)
 * Rule: TMR-ARG-08
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
	u64 counter;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("off 24 doesn't point to 'struct bpf_timer' that is at 8") __errno(EINVAL)
__rule("TMR-ARG-08")
__description("bpf_timer_start on &val->counter (offset 24)")
int timer_start_non_timer_field(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_start((struct bpf_timer *)&val->counter, 1000, 0);
	return 0;
}
