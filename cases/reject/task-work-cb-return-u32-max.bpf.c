/* A bpf_task_work callback may return any s32, checked as a 64-bit value:
 * 0xffffffff (positive, above S32_MAX) is refused.
 * Enforced by: check_return_code (callback_ret_range from set_task_work_schedule_callback_state)
 * Rule: CB-RET-03
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

__naked __noinline __used
static int tw_cb(void)
{
	asm volatile (
	"r0 = 0xffffffff ll;"
	"exit;"
	::: __clobber_all);
}

SEC("perf_event")
__failure __msg("At async callback return the register R0 has smin=4294967295 smax=4294967295 should have been in [-2147483648, 2147483647]") __errno(EINVAL)
__rule("CB-RET-03") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("task_work callback returns 0xffffffff")
int task_work_cb_return_u32_max(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, &val->tw, &tw_map, (void *)tw_cb);
	return 0;
}
