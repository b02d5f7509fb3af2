/* A sleepable kfunc is refused in a timer callback even in a syscall
 * program, which is always sleepable itself.
 * Enforced by: is_async_cb_sleepable, check_kfunc_call (KF_SLEEPABLE)
 * Rule: CB-SLP-01
 */
#include "twc.h"

extern int bpf_copy_from_user_str(void *dst, u32 dst__sz, const void *unsafe_ptr__ign,
				  u64 flags) __ksym;

struct elem {
	char buf[16];
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_copy_from_user_str(val->buf, sizeof(val->buf), NULL, 0);
	return 0;
}

SEC("syscall")
__failure __msg("program must be sleepable to call sleepable kfunc bpf_copy_from_user_str")
__errno(EACCES) __rule("CB-SLP-01")
__description("syscall program's timer callback calls bpf_copy_from_user_str")
int timer_cb_sleepable_kfunc_syscall(void *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
