/* A bpf_task_work callback's s32 range is checked on the 64-bit R0: C
 * "return -5;" compiles to w0 = -5 (ALU32), zero-extended to 4294967291.
 * Enforced by: check_return_code (callback_ret_range without return_32bit)
 * Rule: CB-RET-03
 * rules.md says return -5 loads; 7.3 refuses it because the check is 64-bit.
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct elem {
	struct bpf_task_work tw;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} tw_map SEC(".maps");

static int tw_cb(struct bpf_map *map, void *key, void *value)
{
	return -5;
}

SEC("perf_event")
__failure __msg("At async callback return the register R0 has smin=4294967291 smax=4294967291 should have been in [-2147483648, 2147483647]") __errno(EINVAL)
__rule("CB-RET-03") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("task_work callback in C: return -5 (w0 = -5)")
int task_work_cb_return_negative_int(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, &val->tw, &tw_map, (void *)tw_cb);
	return 0;
}
