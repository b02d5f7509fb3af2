/* Referencing a callback (an ld_imm64 BPF_PSEUDO_FUNC) needs CAP_BPF: a
 * loader without it is refused before the CFG walk, so the back-edge
 * rule for self-referencing callbacks is never reached for them.
 * Enforced by: add_subprog_and_kfunc (!env->bpf_capable)
 * Rule: CB-CFG-06 (and why CB-CFG-03 has no reachable reject side)
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

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}

SEC("socket")
__failure_unpriv __msg_unpriv("loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN")
__errno(EPERM) __rule("CB-CFG-06")
__description("socket filter without CAP_BPF installs a self-arming timer callback")
int cb_ref_without_cap_bpf(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
