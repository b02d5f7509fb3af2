/* A bpf_task_work callback is its own stack root, like timer and wq
 * callbacks: main using 512 bytes may schedule a callback using 512 bytes.
 * Enforced by: check_max_stack_depth (one walk per is_async_cb subprog)
 * Rule: STK-03, STK-04
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

/* 512 bytes of stack */
__naked __noinline __used
static int tw_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 512) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("perf_event")
__success __rule("STK-03") __rule("STK-04")
__requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("main 512 B + bpf_task_work_schedule_resume(tw_cb 512 B)")
int stack_task_work_cb_and_main_512(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task;
	int key = 0;
	struct elem *val;

	asm volatile ("r1 = 0; *(u64 *)(r10 - 512) = r1;" ::: "r1");
	task = bpf_get_current_task_btf();
	val = bpf_map_lookup_elem(&tw_map, &key);
	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, &val->tw, &tw_map, (void *)tw_cb);
	return 0;
}
