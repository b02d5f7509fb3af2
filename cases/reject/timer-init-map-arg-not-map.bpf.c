/* bpf_timer_init's second argument must be a map pointer (CONST_PTR_TO_MAP);
 * the map value itself is refused.
 * Enforced by: check_func_arg -> check_reg_type (ARG_CONST_MAP_PTR)
 * Rule: TMR-ARG-10
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

SEC("tc")
__failure __msg("R2 type=map_value expected=map_ptr") __errno(EACCES)
__rule("TMR-ARG-10")
__description("bpf_timer_init(&val->t, val, ...)")
int timer_init_map_arg_not_map(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, val, CLOCK_MONOTONIC);
	return 0;
}
