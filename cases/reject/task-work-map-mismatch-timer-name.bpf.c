/* The map-mismatch message names the object by the value's record: a
 * bpf_task_work in a value that also holds a bpf_timer is called "timer".
 * Enforced by: process_map_ptr_arg
 * Rule: KF-TW-04, KF-WQ-14
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct elem {
	struct bpf_timer t;
	struct bpf_task_work tw;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} both_map SEC(".maps"), other_map SEC(".maps");

static int tw_cb(struct bpf_map *map, void *key, void *value)
{
	return 0;
}

SEC("perf_event")
__failure __msg("timer pointer in R2 map_uid=0 doesn't match map pointer in R3 map_uid=0")
__errno(EINVAL) __rule("KF-TW-04") __rule("KF-WQ-14") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("task_work of a timer+task_work value with another map")
int task_work_map_mismatch_timer_name(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&both_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, &val->tw, &other_map, tw_cb);
	return 0;
}
