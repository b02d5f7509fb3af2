/* A timer callback's third argument points to the start of the element,
 * not to the timer: using it as the timer is refused when the timer is not
 * the first member.
 * Enforced by: set_timer_callback_state, check_map_field_pointer
 * Rule: CB-ARG-04, TMR-ARG-08
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct bpf_timer *timer)
{
	bpf_timer_start(timer, 1000000, 0);
	return 0;
}

SEC("tc")
__failure __msg("off 0 doesn't point to 'struct bpf_timer' that is at 8") __errno(EINVAL)
__rule("CB-ARG-04") __rule("TMR-ARG-08")
__description("callback restarts R3 as a timer; the timer is at offset 8")
int timer_cb_value_as_timer(struct __sk_buff *skb)
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
