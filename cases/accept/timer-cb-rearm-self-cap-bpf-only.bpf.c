/* CAP_BPF alone (no CAP_PERFMON, CAP_NET_ADMIN or CAP_SYS_ADMIN) is
 * enough for a self-re-arming timer callback: callback references and
 * their back edges are tolerated when the loader is bpf_capable.
 * Enforced by: add_subprog_and_kfunc, push_insn (env->bpf_capable)
 * Rule: CB-CFG-06 (allowed side), CB-CFG-03
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

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->runs++;
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000000, 0);
	return 0;
}

SEC("socket")
__success_unpriv __caps_unpriv(CAP_BPF) __rule("CB-CFG-06") __rule("CB-CFG-03")
__description("socket filter with only CAP_BPF installs a self-arming timer callback")
int timer_cb_rearm_self_cap_bpf_only(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
