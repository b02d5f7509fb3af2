/* A direct call into a timer callback counts in the caller's chain, and the
 * chain may reach 512 bytes: main 208 bytes + timer_cb 304 bytes.
 * Enforced by: check_max_stack_depth_subprog (is_async_cb skip only for ld_imm64)
 * Rule: STK-04, CB-REC-05
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

/* 304 bytes of stack */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 304) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-04") __rule("CB-REC-05")
__description("main 208 B installs timer_cb (304 B) and calls it directly: 512 B")
__naked int stack_timer_cb_direct_call_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 208) = r1;"
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
	"call timer_cb;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_addr(timer_cb),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
