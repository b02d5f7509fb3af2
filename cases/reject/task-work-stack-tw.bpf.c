/* The tw argument of the task_work kfuncs must be a map value; a struct
 * bpf_task_work on the BPF stack is refused.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_TASK_WORK)
 * Rule: KF-TW-01
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) and
 * bpf_task_work_schedule_signal(task, tw, map, callback) are declared in
 * twc.h, which calls bpf_task_work_schedule_{resume,signal}_impl(..., NULL)
 * on a kernel that has only those names (6.19): 7.0 made them
 * KF_IMPLICIT_ARGS kfuncs, the _impl ones take the program's aux as a
 * fifth argument. */

struct elem {
	u64 pad;
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
	return 0;
}

SEC("perf_event")
__failure __msg("R2 doesn't point to a map value") __errno(EINVAL)
__rule("KF-TW-01")
__requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("bpf_task_work_schedule_resume on a stack bpf_task_work")
int task_work_stack_tw(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_map, &key);

	if (!val)
		return 0;
	struct bpf_task_work tw = {};

	bpf_task_work_schedule_resume(task, &tw, &tw_map, tw_cb);
	return 0;
}
