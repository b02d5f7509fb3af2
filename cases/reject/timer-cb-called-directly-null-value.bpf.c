/* A callback that is also called directly is verified with the direct
 * caller's registers: dereferencing R3, fine for the async entry, fails
 * for a direct call that passes NULL.
 * Enforced by: check_func_call (callee verified with the caller's R1..R5)
 * Rule: CB-REC-05
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 data;
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
	"r0 = *(u64 *)(r3 + 16);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("R3 invalid mem access 'scalar'") __errno(EACCES)
__rule("CB-REC-05")
__description("timer callback reads its value; main also calls it with NULL")
__naked int timer_cb_called_directly_null_value(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"r1 = r6;"
	"r2 = timer_cb ll;"
	"call %[bpf_timer_set_callback];"
	"r1 = 0;"
	"r2 = 0;"
	"r3 = 0;"
	"call timer_cb;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map),
	  __imm(bpf_map_lookup_elem),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
