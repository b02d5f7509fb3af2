/* Once a subprog is an async callback, every ld_imm64 reference to it is
 * skipped by the stack walk, also its use as a bpf_loop callback: main 256
 * bytes + a 304-byte bpf_loop callback is accepted (584 bytes at run time,
 * as inlining bpf_loop grows main to 280).
 * Enforced by: check_max_stack_depth_subprog (is_async_cb skip)
 * Rule: STK-05
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

/* 304 bytes of stack; returns 0, valid for both callback kinds */
__naked __noinline __used
static int both_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 304) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-05")
__description("main 256 B; both_cb (304 B) is a timer callback and a bpf_loop callback")
__naked int stack_timer_and_loop_cb_undercount(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
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
	"r2 = %[both_cb] ll;"
	"call %[bpf_timer_set_callback];"
	"1:"
	"r1 = 1;"
	"r2 = %[both_cb] ll;"
	"r3 = 0;"
	"r4 = 0;"
	"call %[bpf_loop];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_addr(both_cb),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init),
	  __imm(bpf_timer_set_callback), __imm(bpf_loop)
	: __clobber_all);
}
