/* A timer callback's R2 is a map key pointer, not a map value: it cannot
 * be passed as a timer.
 * Enforced by: check_func_arg -> check_reg_type (timer_types)
 * Rule: TMR-ARG-03, TMR-ARG-20
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
	bpf_timer_start((struct bpf_timer *)key, 1000, 0);
	return 0;
}

SEC("tc")
__failure __msg("R1 type=map_key expected=map_value") __errno(EACCES)
__rule("TMR-ARG-03") __rule("TMR-ARG-20")
__description("timer callback starts its key pointer as a timer")
int timer_start_callback_key(struct __sk_buff *skb)
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
