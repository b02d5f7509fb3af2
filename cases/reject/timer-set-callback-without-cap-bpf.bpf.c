/* Without CAP_BPF a program may not reference a callback at all: the
 * ld_imm64 BPF_PSEUDO_FUNC that bpf_timer_set_callback needs is refused
 * before verification, ahead of the helper-tier check.
 * Enforced by: add_subprog_and_kfunc (env->bpf_capable)
 * Rule: TMR-ARG-21
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

static int timer_cb(void *map, int *key, void *val)
{
	return 0;
}

SEC("socket")
__failure_unpriv
__msg_unpriv("loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN")
__errno(EPERM) __rule("TMR-ARG-21")
__description("unprivileged socket filter calls bpf_timer_set_callback")
int timer_set_callback_without_cap_bpf(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
