/* A hash lookup result that was not NULL-checked is refused as the tw
 * argument by the NULL check on kfunc pointer arguments.
 * Enforced by: check_kfunc_args
 * Rule: KF-TW-02
 */
#include "twc.h"

/* bpf_task_work_schedule_resume(task, tw, map, callback) is declared in
 * twc.h, which calls bpf_task_work_schedule_resume_impl(..., NULL) on a
 * kernel that has only that name (6.19). */

struct elem {
	struct bpf_task_work tw;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} tw_hash SEC(".maps");

static int tw_cb(struct bpf_map *map, void *key, void *value)
{
	return 0;
}

SEC("perf_event")
__failure __msg("Possibly NULL pointer passed to trusted R2") __errno(EACCES)
__rule("KF-TW-02") __requires("kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl")
__description("bpf_task_work_schedule_resume on an unchecked hash lookup")
int task_work_hash_unchecked(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&tw_hash, &key);

	/* no NULL check; the field is at offset 0, so R2 = R0 */
	bpf_task_work_schedule_resume(task, &val->tw, &tw_hash, tw_cb);
	return 0;
}
