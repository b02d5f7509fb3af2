/* The task_work kfuncs need a map whose value has a bpf_task_work; the
 * bpf_wq of a wq-only map is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-TW-03
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int tw_cb(struct bpf_map *map, void *key, void *value)
{
	return 0;
}

SEC("perf_event")
__failure __msg("map 'wq_map' has no valid bpf_task_work") __errno(EINVAL)
__rule("KF-TW-03") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("bpf_task_work_schedule_resume on the wq of a wq-only map")
int task_work_map_without_task_work(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, (struct bpf_task_work *)val, &wq_map, tw_cb);
	return 0;
}
