/* A helper may not write into timer bytes either: bpf_skb_load_bytes into
 * the timer is refused by the helper memory-access check.
 * Enforced by: check_helper_mem_access -> check_map_access (ACCESS_HELPER)
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
__description("bpf_skb_load_bytes(skb, 0, &val->t, 8)")
__naked int timer_field_skb_load_bytes(void)
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
	"r1 = r6;"
	"r2 = 0;"
	"r3 = r0;"
	"r3 += 8;"
	"r4 = 8;"
	"call %[bpf_skb_load_bytes];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem), __imm(bpf_skb_load_bytes)
	: __clobber_all);
}
