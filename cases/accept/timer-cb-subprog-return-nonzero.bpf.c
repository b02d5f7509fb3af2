/* Only the async callback's own exit is range-checked: a static subprog
 * called from the callback may return 1 as long as the callback itself
 * returns 0.
 * Enforced by: check_return_code (only at frame-0 exit), prepare_func_exit
 * Rule: CB-RET-07, CB-RET-01 (allowed side)
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
	"r6 = r0;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("CB-RET-07") __rule("CB-RET-01")
__description("callback's callee returns 1, callback returns 0")
int timer_cb_subprog_return_nonzero(struct __sk_buff *skb)
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
