/* An async callback inherits no registers: R6 set by the installing
 * program before bpf_timer_set_callback is not initialised in the callback.
 * Enforced by: push_async_cb, init_func_state
 * Rule: CB-DO-01
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
static int timer_cb(void)
{
	asm volatile (
	"r0 = r6;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("R6 !read_ok") __errno(EACCES)
__rule("CB-DO-01")
__description("callback reads R6 that its installer set")
__naked int cb_read_caller_r6(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = 42;"
	"r1 = r0;"
	"r2 = timer_cb ll;"
	"call %[bpf_timer_set_callback];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map),
	  __imm(bpf_map_lookup_elem),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
