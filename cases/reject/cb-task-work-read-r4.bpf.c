/* A task_work callback gets three arguments like a timer callback; R4 is
 * not initialised at its entry.
 * Enforced by: set_task_work_schedule_callback_state, check_reg_arg
 * Rule: CB-ARG-02, CB-ARG-03
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
	"r0 = r4;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("fentry/bpf_fentry_test1")
__failure __msg("R4 !read_ok") __errno(EACCES)
__rule("CB-ARG-02") __rule("CB-ARG-03") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("task_work callback reads a fourth argument")
int cb_task_work_read_r4(void *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(bpf_get_current_task_btf(), &val->tw, &tw_map,
				      (void *)tw_cb);
	return 0;
}
