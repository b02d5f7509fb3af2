/* A timer callback may reference itself, but may not call itself: a direct
 * bpf-to-bpf call from the callback to itself is recursion.
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-02, CB-CFG-05
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

/* r1 = map, r2 = key, r3 = value (the timer, at offset 0) */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r6 = r1;"
	"r7 = r2;"
	"r8 = r3;"
	"call %[bpf_get_prandom_u32];"
	"if r0 != 0 goto 1f;"
	"r1 = r6;"
	"r2 = r7;"
	"r3 = r8;"
	"call timer_cb;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

SEC("tc")
__failure __msg("recursive call from timer_cb() to timer_cb()") __errno(EINVAL)
__rule("CB-REC-02") __rule("CB-CFG-05")
__description("timer callback calls itself directly")
int timer_cb_direct_self_call(struct __sk_buff *skb)
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
