/* A task_work callback gets the layout of a timer callback, built from the
 * map passed in R3 of bpf_task_work_schedule_*: the map, its key and the
 * element's value, which it may read and write.
 * Enforced by: set_task_work_schedule_callback_state
 * Rule: CB-ARG-02
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct elem {
	u64 runs;
	struct bpf_task_work tw;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} tw_map SEC(".maps");

static int tw_cb(struct bpf_map *map, void *key, void *value)
{
	struct elem *e = value;
	int other = *(int *)key ^ 1;
	struct elem *o = bpf_map_lookup_elem(map, &other);

	e->runs++;
	if (o)
		o->runs++;
	return 0;
}

SEC("fentry/bpf_fentry_test1")
__success __rule("CB-ARG-02") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("task_work callback reads its key and updates two values")
int cb_task_work_args(void *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_map, &key);

	if (!val)
		return 0;
	bpf_task_work_schedule_resume(bpf_get_current_task_btf(), &val->tw, &tw_map, tw_cb);
	return 0;
}
