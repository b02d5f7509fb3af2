/* A timer callback may not be re-entered through a direct call chain:
 * timer_cb -> helper -> timer_cb is recursion although timer_cb itself is
 * entered by a callback reference.
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

__naked __noinline __used
static int helper(void)
{
	asm volatile (
	"call timer_cb;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r6 = r3;"
	"r0 = *(u64 *)(r6 + 0);"
	"if r0 != 0 goto 1f;"
	"call helper;"
	"1:"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("recursive call from helper() to timer_cb()") __errno(EINVAL)
__rule("CB-REC-02") __rule("CB-CFG-05")
__description("timer callback calls helper, which calls the timer callback")
int timer_cb_calls_self_via_subprog(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
