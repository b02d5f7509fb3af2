/* An async callback is its own stack root: main using the full 512 bytes
 * may install a callback that also uses 512 bytes, because the callback
 * reference does not add the callback's frame to main's chain.
 * Enforced by: check_max_stack_depth, check_max_stack_depth_subprog
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

/* 512 bytes of stack in the callback */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 512) = r1;"
	"r0 = *(u64 *)(r10 - 512);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-03") __rule("STK-04")
__description("main 512 B stack + set_callback(timer_cb 512 B)")
__naked int stack_main_and_timer_cb_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 512) = r1;"
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
	"r0 = *(u64 *)(r10 - 512);"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_addr(timer_cb),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init),
	  __imm(bpf_timer_set_callback), __imm(bpf_timer_start)
	: __clobber_all);
}
