/* A bounded loop inside an async callback is verified like any bounded
 * loop: each iteration differs, so no infinite loop is reported.
 * Enforced by: is_state_visited
 * Rule: CB-DO-03 (allowed side)
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 sum;
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
	"r7 = 0;"
	"1:"
	"r7 += r6;"
	"r6 += 1;"
	"if r6 < 100 goto 1b;"
	"*(u64 *)(r3 + 16) = r7;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("CB-DO-03")
__description("timer callback sums 0..99 into its value")
int cb_bounded_loop(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
