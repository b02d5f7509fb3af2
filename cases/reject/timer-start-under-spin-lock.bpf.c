/* No helper other than bpf_spin_unlock may be called while a bpf_spin_lock
 * is held; that includes the timer helpers on the same value.
 * Enforced by: do_check_insn (BPF_CALL with active_locks)
 * Rule: TMR-ARG-18
 */
#include "twc.h"

struct elem {
	struct bpf_spin_lock lock;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("function calls are not allowed while holding a lock") __errno(EINVAL)
__rule("TMR-ARG-18")
__description("bpf_timer_start between bpf_spin_lock and bpf_spin_unlock")
int timer_start_under_spin_lock(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_spin_lock(&val->lock);
	bpf_timer_start(&val->t, 1000, 0);
	bpf_spin_unlock(&val->lock);
	return 0;
}
