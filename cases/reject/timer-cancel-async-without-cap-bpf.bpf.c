/* Without CAP_BPF a program may not call any kfunc: the call to
 * bpf_timer_cancel_async() is refused before verification.
 * Enforced by: add_kfuncs (env->bpf_capable)
 * Rule: KF-GEN-06
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("socket")
__failure_unpriv
__msg_unpriv("loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN")
__errno(EPERM) __rule("KF-GEN-06")
__requires("kfunc:bpf_timer_cancel_async")
__description("unprivileged socket filter calls bpf_timer_cancel_async")
int timer_cancel_async_without_cap_bpf(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_cancel_async(&val->t);
	return 0;
}
