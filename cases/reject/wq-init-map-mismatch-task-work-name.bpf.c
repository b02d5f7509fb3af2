/* The map-mismatch message names the object by the value's record, not by
 * the kfunc: a wq in a value that also holds a bpf_task_work (and no timer)
 * is called "bpf_task_work".
 * Enforced by: process_map_ptr_arg
 * Rule: KF-WQ-10, KF-WQ-14
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
	struct bpf_task_work tw;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} both_map SEC(".maps"), other_map SEC(".maps");

SEC("tc")
__failure __msg("bpf_task_work pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0")
__errno(EINVAL) __rule("KF-WQ-10") __rule("KF-WQ-14")
__requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("bpf_wq_init of a wq+task_work value with another map")
int wq_init_map_mismatch_task_work_name(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&both_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &other_map, 0);
	return 0;
}
