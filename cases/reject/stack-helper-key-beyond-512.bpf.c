/* Helper memory arguments on the stack must lie within the 512 bytes too: a
 * map key at r10-520 passed to bpf_map_lookup_elem is refused.
 * Enforced by: check_helper_mem_access -> check_stack_access_within_bounds
 * Rule: STK-01
 */
#include "twc.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, u64);
} arr SEC(".maps");

SEC("tc")
__failure __msg("invalid read from stack R2 off=-520 size=4") __errno(EACCES)
__rule("STK-01")
__description("bpf_map_lookup_elem key pointer r10-520")
__naked int stack_helper_key_beyond_512(void)
{
	asm volatile (
	"r2 = r10;"
	"r2 += -520;"
	"r1 = %[arr] ll;"
	"call %[bpf_map_lookup_elem];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(arr), __imm(bpf_map_lookup_elem)
	: __clobber_all);
}
