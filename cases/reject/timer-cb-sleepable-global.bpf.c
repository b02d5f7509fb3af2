/* A global function that may sleep (it calls bpf_copy_from_user) may not
 * be called from a timer callback, which is never sleepable.
 * Enforced by: check_func_call (subprog might_sleep && !in_sleepable_context)
 * Rule: CB-SLP-06, CB-SLP-01
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

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, u64);
} data_map SEC(".maps");

__attribute__((noinline)) int global_copy(void)
{
	int key = 0;
	u64 *d = bpf_map_lookup_elem(&data_map, &key);

	if (!d)
		return 0;
	return bpf_copy_from_user(d, sizeof(*d), NULL);
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	global_copy();
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("sleepable global function global_copy() called in non-sleepable prog")
__errno(EINVAL) __rule("CB-SLP-06") __rule("CB-SLP-01")
__description("lsm.s program's timer callback calls a sleeping global function")
int BPF_PROG(timer_cb_sleepable_global, struct file *file)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
