/* A static subprog's return value flows into the callback: a callback that
 * returns the result of a subprog returning 1 fails the [0, 0] check at
 * its own exit.
 * Enforced by: prepare_func_exit (R0 copied to the caller), check_return_code
 * Rule: CB-RET-07, CB-RET-01
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
static int returns_one(void)
{
	asm volatile (
	"r0 = 1;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"call returns_one;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("At async callback return the register R0 has smin=1 smax=1 should have been in [0, 0]")
__errno(EINVAL) __rule("CB-RET-07") __rule("CB-RET-01")
__description("timer callback returns its callee's 1")
int cb_return_subprog_result(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
