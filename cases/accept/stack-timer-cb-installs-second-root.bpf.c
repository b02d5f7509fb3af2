/* A callback that installs another callback does not add that callback's
 * frame to its own chain: main, timer_cb and its second callback are three
 * roots of 512 bytes each.
 * Enforced by: check_max_stack_depth_subprog (ld_imm64 of an async cb skipped)
 * Rule: STK-03, STK-04
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

/* 512 bytes of stack */
__naked __noinline __used
static int second_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 512) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

/* 512 bytes of stack; moves its own timer (at value offset 0) to second_cb */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 512) = r1;"
	"r1 = r3;"
	"r2 = %[second_cb] ll;"
	"call %[bpf_timer_set_callback];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(second_cb), __imm(bpf_timer_set_callback)
	: __clobber_all);
}

SEC("tc")
__success __rule("STK-03") __rule("STK-04")
__description("main 512 B -> timer_cb 512 B -> second_cb 512 B, all by reference")
int stack_timer_cb_installs_second_root(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val;

	asm volatile ("r1 = 0; *(u64 *)(r10 - 512) = r1;" ::: "r1");
	val = bpf_map_lookup_elem(&timer_map, &key);
	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
