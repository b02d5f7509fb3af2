/* The timer argument of the timer helpers must be a map value; a struct
 * bpf_timer on the BPF stack is refused by the argument type check.
 * Enforced by: check_func_arg -> check_reg_type (timer_types)
 * Rule: TMR-ARG-03
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

SEC("tc")
__failure __msg("R1 type=fp expected=map_value") __errno(EACCES)
__rule("TMR-ARG-03")
__description("bpf_timer_init on a stack struct bpf_timer")
int timer_init_stack_timer(struct __sk_buff *skb)
{
	struct bpf_timer t = {};

	bpf_timer_init(&t, &timer_map, CLOCK_MONOTONIC);
	return 0;
}
