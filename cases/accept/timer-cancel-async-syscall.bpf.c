/* bpf_timer_cancel_async() is callable from a sleepable program (syscall
 * programs are loaded with BPF_F_SLEEPABLE).
 * Enforced by: btf_kfunc_is_allowed (common_kfunc_set, BPF_PROG_TYPE_UNSPEC)
 * Rule: KF-TMR-05, KF-GEN-03
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("syscall")
__success __rule("KF-TMR-05") __rule("KF-GEN-03")
__requires("kfunc:bpf_timer_cancel_async")
__description("bpf_timer_cancel_async from a sleepable syscall program")
int timer_cancel_async_syscall(void *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_cancel_async(&val->t);
	return 0;
}
