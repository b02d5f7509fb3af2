/* A bpf_task_work callback may return any s32, unlike timer and wq
 * callbacks (which must return 0): R0 = -5 as a 64-bit value is accepted.
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

/* r0 = -5: a 64-bit move, sign-extended */
__naked __noinline __used
static int tw_cb(void)
{
	asm volatile (
	"r0 = -5;"
	"exit;"
	::: __clobber_all);
}

SEC("perf_event")
__success
__rule("CB-RET-03") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("task_work callback returns r0 = -5 (64-bit)")
int task_work_cb_return_negative(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, &val->tw, &tw_map, (void *)tw_cb);
	return 0;
}
