/* The verifier does not model the timer's life cycle: starting and
 * cancelling a timer that was never initialised loads (the helpers return
 * -EINVAL at run time).
 * Enforced by: none (the helpers check at run time)
 * Rule: TMR-ARG-16
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
__success __rule("TMR-ARG-16")
__description("bpf_timer_start and bpf_timer_cancel with no bpf_timer_init")
int timer_start_without_init(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_start(&val->t, 1000, 0);
	bpf_timer_cancel(&val->t);
	return 0;
}
