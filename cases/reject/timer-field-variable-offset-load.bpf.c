/* A load at a variable offset is refused when any offset in its range
 * reaches the timer (here 0 or 8; only 0 would be legal).
 * Enforced by: check_map_access (smin/umax of the variable offset)
 * Rule: TMR-ARG-17
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;	/* bytes 8..23 */
	u64 tail;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("bpf_timer cannot be accessed directly by load/store") __errno(EACCES)
__rule("TMR-ARG-17")
__description("8-byte load at val + (prandom & 8): offset 0 or 8")
__naked int timer_field_variable_offset_load(void)
{
	asm volatile (
	"r6 = r1;"
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r7 = r0;"
	"call %[bpf_get_prandom_u32];"
	"r0 &= 8;"
	"r7 += r0;"
	"r1 = *(u64 *)(r7 + 0);"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem), __imm(bpf_get_prandom_u32)
	: __clobber_all);
}
