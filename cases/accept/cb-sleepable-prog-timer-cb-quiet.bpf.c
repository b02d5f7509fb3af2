/* A sleepable program may sleep itself and still use a timer: only its
 * timer callback is non-sleepable, and one that does not sleep is fine.
 * Enforced by: is_async_cb_sleepable, check_helper_call (in_sleepable per state)
 * Rule: CB-SLP-01 (allowed side)
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
	val->data = bpf_ktime_get_ns();
	return 0;
}

SEC("lsm.s/file_open")
__success __rule("CB-SLP-01")
__description("lsm.s program copies from user; its timer callback does not sleep")
int BPF_PROG(cb_sleepable_prog_timer_cb_quiet, struct file *file)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_copy_from_user(&val->data, sizeof(val->data), NULL);
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
