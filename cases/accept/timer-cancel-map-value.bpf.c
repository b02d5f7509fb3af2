/* bpf_timer_cancel accepts a map-value timer at its exact field offset; the
 * verifier does not track whether the timer was initialised first.
 * Enforced by: check_map_field_pointer (via process_timer_func)
 * Rule: TMR-ARG-08, TMR-ARG-16 (allowed side)
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

SEC("tc")
__success __rule("TMR-ARG-08") __rule("TMR-ARG-16")
__description("bpf_timer_cancel on a map-value timer at offset 8")
int timer_cancel_map_value(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_cancel(&val->t);
	return 0;
}
