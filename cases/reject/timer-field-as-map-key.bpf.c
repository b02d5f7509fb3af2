/* A helper may not read timer bytes: the timer passed as the 8-byte key of
 * a lookup in another map is refused by the helper memory-access check.
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

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, u64);
	__type(value, u64);
} key_map SEC(".maps");

SEC("tc")
__failure __msg("bpf_timer cannot be accessed directly by load/store") __errno(EACCES)
__rule("TMR-ARG-17")
__description("bpf_map_lookup_elem(&key_map, &val->t)")
__naked int timer_field_as_map_key(void)
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
	"r2 = r0;"
	"r2 += 8;"
	"r1 = %[key_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem), __imm_addr(key_map)
	: __clobber_all);
}
