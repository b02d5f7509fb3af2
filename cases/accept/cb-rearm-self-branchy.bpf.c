/* A callback that re-installs itself on one branch reaches its own entry
 * again (one async entry deeper) while the earlier entry still has a
 * pending branch; the different async_entry_cnt exempts that from the
 * infinite-loop check and the entries converge.
 * Enforced by: is_state_visited (async_entry_cnt), push_callback_call
 * Rule: CB-DO-03, CB-REC-01
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

/* r3 = value, the timer at offset 0 */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r6 = r3;"
	"call %[bpf_get_prandom_u32];"
	"if r0 == 0 goto 1f;"
	"r1 = r6;"
	"r2 = timer_cb ll;"
	"call %[bpf_timer_set_callback];"
	"r1 = r6;"
	"r2 = 1000;"
	"r3 = 0;"
	"call %[bpf_timer_start];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32),
	  __imm(bpf_timer_set_callback),
	  __imm(bpf_timer_start)
	: __clobber_all);
}

SEC("tc")
__success __rule("CB-DO-03") __rule("CB-REC-01")
__description("callback re-arms itself only on a random branch")
int cb_rearm_self_branchy(struct __sk_buff *skb)
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
