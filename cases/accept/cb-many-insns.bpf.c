/* A callback loop that stays below the 1M-instruction budget (100k steps,
 * 200k instructions counted in the callback's insns_total) is accepted.
 * Enforced by: do_check (BPF_COMPLEXITY_LIMIT_INSNS)
 * Rule: CB-DO-05 (allowed side)
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

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r6 = 0;"
	"1:"
	"r6 += 1;"
	"if r6 < 100000 goto 1b;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("CB-DO-05")
__description("timer callback loops 100000 times")
int cb_many_insns(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
