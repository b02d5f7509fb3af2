/* Timer callbacks are never sleepable on 7.3, whatever the program's own
 * flag: a timer callback of a non-sleepable tc program may not call bpf_copy_from_user.
 * Enforced by: is_async_cb_sleepable (false for bpf_timer_set_callback), check_helper_call
 * Rule: CB-SLP-01
 */
#include "twc.h"

struct elem {
	u64 data;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_copy_from_user(&val->data, sizeof(val->data), NULL);
	return 0;
}

SEC("tc")
__failure __msg("sleepable helper bpf_copy_from_user#148 in non-sleepable prog")
__errno(EINVAL) __rule("CB-SLP-01")
__description("tc program's timer callback calls bpf_copy_from_user")
int timer_cb_copy_from_user_tc(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
