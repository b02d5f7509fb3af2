/* Two lookups in the same outer map give two inner-map instances with
 * different map_uid: the bpf_task_work of the first may not be scheduled
 * with the second as its map.
 * Enforced by: process_map_ptr_arg
 * Rule: KF-TW-04
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct elem {
	u64 pad;
	struct bpf_task_work tw;
};

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [1] = &inner_b },
};

static int tw_cb(struct bpf_map *map, void *key, void *value)
{
	return 0;
}

SEC("perf_event")
__failure
__msg("bpf_task_work pointer in R2 map_uid={{[0-9]+}} doesn't match map pointer in R3 map_uid={{[0-9]+}}")
__errno(EINVAL)
__rule("KF-TW-04") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("task_work of inner map #0 scheduled with inner map #1")
int task_work_inner_map_mismatch(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key0 = 0, key1 = 1, key = 0;
	struct elem *val;
	void *in0, *in1;

	in0 = bpf_map_lookup_elem(&outer, &key0);
	if (!in0)
		return 0;
	in1 = bpf_map_lookup_elem(&outer, &key1);
	if (!in1)
		return 0;
	val = bpf_map_lookup_elem(in0, &key);
	if (!val)
		return 0;
	bpf_task_work_schedule_resume(task, &val->tw, in1, tw_cb);
	return 0;
}
