/* The callback's own call chain is limited to 512 bytes, independently of
 * main: main uses 480 bytes, the callback 256 and its static callee 256,
 * so the callback root is exactly at the limit.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-02, STK-03
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

/* 256 bytes of stack */
__naked __noinline __used
static int cb_helper(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r0 = *(u64 *)(r10 - 256);"
	"exit;"
	::: __clobber_all);
}

/* 256 bytes of stack, then a call to cb_helper: 512 in this root */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"call cb_helper;"
	"r0 = *(u64 *)(r10 - 256);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-02") __rule("STK-03")
__description("main 480 B; callback 256 B + callee 256 B = 512 B")
__naked int stack_timer_cb_chain_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 480) = r1;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"r1 = r6;"
	"r2 = %[timer_map] ll;"
	"r3 = 1;"
	"call %[bpf_timer_init];"
	"r1 = r6;"
	"r2 = %[timer_cb] ll;"
	"call %[bpf_timer_set_callback];"
	"r1 = r6;"
	"r2 = 1000;"
	"r3 = 0;"
	"call %[bpf_timer_start];"
	"1:"
	"r0 = *(u64 *)(r10 - 480);"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_addr(timer_cb),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init),
	  __imm(bpf_timer_set_callback), __imm(bpf_timer_start)
	: __clobber_all);
}
