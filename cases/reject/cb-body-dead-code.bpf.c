/* Every instruction of a callback body must be reachable from its entry:
 * code after the callback's exit is refused by the CFG walk.
 * Enforced by: check_cfg
 * Rule: CB-CFG-01
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
	"r0 = 0;"
	"exit;"
	"r0 = 1;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("unreachable insn {{[0-9]+}}") __errno(EINVAL)
__rule("CB-CFG-01")
__description("timer callback has instructions after its exit")
int cb_body_dead_code(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
