/* task_work callbacks are always sleepable, even when scheduled from a
 * non-sleepable fentry program: bpf_copy_from_user is allowed in them.
 * Enforced by: is_async_cb_sleepable, push_async_cb (in_sleepable)
 * Rule: CB-SLP-03
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct elem {
	u64 data;
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
	struct elem *e = value;

	bpf_copy_from_user(&e->data, sizeof(e->data), NULL);
	return 0;
}

SEC("fentry/bpf_fentry_test1")
__success __rule("CB-SLP-03") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("fentry schedules a task_work callback that copies from user")
int cb_task_work_sleepable(void *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(bpf_get_current_task_btf(), &val->tw, &tw_map, tw_cb);
	return 0;
}
