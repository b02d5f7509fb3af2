/* The socket-filter half of the spin-lock rule covers bpf_res_spin_lock too:
 * a timer value that holds one is refused (with the bpf_spin_lock text).
 * Enforced by: check_map_prog_compatibility
 * Rule: PT-08
 */
#include "twc.h"

struct elem {
	struct bpf_res_spin_lock lock;
	u32 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("socket")
__failure __msg("socket filter progs cannot use bpf_spin_lock yet") __errno(EINVAL)
__rule("PT-08")
__description("socket filter: timer in a value that also holds a bpf_res_spin_lock")
int prog_socket_timer_res_spin_lock_value(struct __sk_buff *skb)
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
