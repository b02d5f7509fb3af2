/* A bpf_for_each_map_elem callback runs on top of its caller's stack and is
 * counted at its ld_imm64 reference: main 256 bytes + callback 304 bytes is
 * 560 bytes.
 * Enforced by: check_max_stack_depth_subprog (bpf_pseudo_func of a non-async cb)
 * Rule: STK-05
 */
#include "twc.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, u64);
} arr SEC(".maps");

/* 304 bytes of stack; returns 0 (continue) */
__naked __noinline __used
static int each_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 304) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("combined stack size of 2 calls is 560. Too large") __errno(EACCES)
__rule("STK-05")
__description("main 256 B + bpf_for_each_map_elem(each_cb 304 B)")
__naked int stack_for_each_cb_over_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r1 = %[arr] ll;"
	"r2 = %[each_cb] ll;"
	"r3 = 0;"
	"r4 = 0;"
	"call %[bpf_for_each_map_elem];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(arr), __imm_addr(each_cb), __imm(bpf_for_each_map_elem)
	: __clobber_all);
}
