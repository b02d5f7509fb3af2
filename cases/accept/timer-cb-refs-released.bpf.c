/* References acquired in an async callback and released before its exit
 * are fine; the callback starts with no references of its installer.
 * Enforced by: check_reference_leak, push_async_cb
 * Rule: CB-CTX-05 (allowed side), CB-DO-01
 */
#include "twc.h"

extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

struct elem {
	struct bpf_timer t;
	u64 pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	struct task_struct *task = bpf_task_from_pid(1);

	if (task) {
		val->pid = task->pid;
		bpf_task_release(task);
	}
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-05") __rule("CB-DO-01")
__description("installer holds a ring buffer record across set_callback; callback releases its task")
int timer_cb_refs_released(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);
	u64 *rec;

	if (!val)
		return 0;
	rec = bpf_ringbuf_reserve(&rb, sizeof(*rec), 0);
	if (!rec)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	*rec = 1;
	bpf_ringbuf_submit(rec, 0);
	return 0;
}
