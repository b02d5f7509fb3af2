/* A reference acquired in an async callback must be released before the
 * callback returns.
 * Enforced by: process_bpf_exit_full -> check_resource_leak -> check_reference_leak
 * Rule: CB-CTX-05
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

static int timer_cb(void *map, int *key, struct elem *val)
{
	struct task_struct *task = bpf_task_from_pid(1);

	if (task)
		val->pid = task->pid;
	return 0;
}

SEC("tc")
__failure __msg("Unreleased reference id={{[0-9]+}} alloc_insn={{[0-9]+}}")
__msg("BPF_EXIT instruction in main prog would lead to reference leak")
__errno(EINVAL) __rule("CB-CTX-05")
__description("timer callback keeps the task reference of bpf_task_from_pid")
int timer_cb_leak_task_ref(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
