/* The bpf_task_work's map must have BTF: a value of a map created with
 * key_size and value_size only is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-TW-03
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(int));
	__uint(value_size, 16);	/* no __type: no BTF */
} nobtf_map SEC(".maps");

static int tw_cb(struct bpf_map *map, void *key, void *value)
{
	return 0;
}

SEC("perf_event")
__failure __msg("map 'nobtf_map' has to have BTF in order to use bpf_task_work") __errno(EINVAL)
__rule("KF-TW-03") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("bpf_task_work_schedule_resume on a value of a map without BTF")
int task_work_map_without_btf(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	void *val = bpf_map_lookup_elem(&nobtf_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, val, &nobtf_map, tw_cb);
	return 0;
}
