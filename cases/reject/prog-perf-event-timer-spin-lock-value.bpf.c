/* A perf_event program may use timers on 7.3, but not a map whose value
 * also holds a bpf_spin_lock.
 * Enforced by: check_map_prog_compatibility
 * Rule: PT-08
 */
#include "twc.h"

struct elem {
	struct bpf_spin_lock lock;
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

SEC("perf_event")
__failure __msg("tracing progs cannot use bpf_spin_lock yet") __errno(EINVAL)
__rule("PT-08")
__description("perf_event: timer in a value that also holds a bpf_spin_lock")
int prog_perf_event_timer_spin_lock_value(struct bpf_perf_event_data *ctx)
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
