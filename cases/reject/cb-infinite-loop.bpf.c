/* Infinite-loop detection still works inside one entry into an async
 * callback: a loop whose state never changes is refused.
 * Enforced by: is_state_visited (states_maybe_looping, same async_entry_cnt)
 * Rule: CB-DO-03
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
	"if r6 == 0 goto 1b;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("infinite loop detected at insn {{[0-9]+}}") __errno(EINVAL)
__rule("CB-DO-03")
__description("timer callback spins on a constant")
int cb_infinite_loop(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
