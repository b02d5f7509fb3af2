/* A store that starts in the timer's last byte and ends in the next field
 * is refused: the check is an interval overlap, not a field match.
 * Enforced by: check_map_access
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
__description("2-byte store of bytes 23..24 across the timer's end")
__naked int timer_field_store_straddle_end(void)
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
	"r1 = 0;"
	"*(u16 *)(r0 + 23) = r1;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem)
	: __clobber_all);
}
