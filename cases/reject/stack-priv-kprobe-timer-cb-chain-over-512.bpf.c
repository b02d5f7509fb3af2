/* Async callback subtrees always use the normal stack, even in a program
 * type with private stacks: in a kprobe, a 304-byte timer callback calling a
 * 256-byte subprog needs 560 bytes and is refused.
 * Enforced by: check_max_stack_depth (priv_stack_supported only for subprog 0)
 * Rule: STK-09, STK-03
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
static int cb_helper_256(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 304) = r1;"
	"call cb_helper_256;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("kprobe/do_nanosleep")
__failure __msg("combined stack size of 2 calls is 560. Too large") __errno(EACCES)
__rule("STK-09") __rule("STK-03")
__description("kprobe: timer callback 304 B + callee 256 B")
int stack_priv_kprobe_timer_cb_chain_over_512(struct pt_regs *ctx)
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
