/* The wq kfuncs need a map whose value has a bpf_wq; the bpf_timer of a
 * timer-only map is refused by bpf_wq_set_callback too.
 * Enforced by: check_map_field_pointer
 * Rule: KF-WQ-06
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

static int wq_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("tc")
__failure __msg("map 'timer_map' has no valid bpf_wq") __errno(EINVAL)
__rule("KF-WQ-06")
__description("bpf_wq_set_callback on the timer of a timer-only map")
int wq_set_callback_timer_only_map(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_wq_set_callback((struct bpf_wq *)&val->t, wq_cb, 0);
	return 0;
}
