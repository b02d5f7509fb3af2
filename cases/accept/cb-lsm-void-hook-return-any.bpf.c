/* On a void LSM hook the program itself may return any value (here 5),
 * while its timer callback returns 0 as every async callback must.
 * Enforced by: check_return_code (program_returns_void skips only the main exit)
 * Rule: CB-RET-06 (allowed side)
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

static int timer_cb(void *map, int *key, struct elem *val)
{
	return 0;
}

SEC("lsm/task_free")
__success __rule("CB-RET-06")
__description("lsm/task_free program returns 5; its timer callback returns 0")
int BPF_PROG(cb_lsm_void_hook_return_any, struct task_struct *task)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 5;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 5;
}
