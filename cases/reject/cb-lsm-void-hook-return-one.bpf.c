/* The void-return exemption of LSM programs on void hooks covers only the
 * program's own exit: a timer callback of such a program must still
 * return exactly 0.
 * Enforced by: check_return_code (!frame->in_async_callback_fn && program_returns_void)
 * Rule: CB-RET-06
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = 1;"
	"exit;"
	::: __clobber_all);
}

SEC("lsm/task_free")
__failure __msg("At async callback return the register R0 has smin=1 smax=1 should have been in [0, 0]")
__errno(EINVAL) __rule("CB-RET-06")
__description("lsm/task_free (void hook) program; its timer callback returns 1")
int BPF_PROG(cb_lsm_void_hook_return_one, struct task_struct *task)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
