/* Instructions processed in async callbacks count toward the program's
 * 1M-instruction budget: a callback loop of 2M steps exhausts it.
 * Enforced by: do_check (BPF_COMPLEXITY_LIMIT_INSNS)
 * Rule: CB-DO-05
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
	"if r6 < 1000000 goto 1b;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

/* log level 4 (stats only): the level-1 log of the failing path is huge */
SEC("tc")
__failure __msg("BPF program is too large. Processed 1000001 insn") __errno(E2BIG)
__rule("CB-DO-05") __log_level(4)
__description("timer callback loops a million times")
int cb_too_many_insns(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
