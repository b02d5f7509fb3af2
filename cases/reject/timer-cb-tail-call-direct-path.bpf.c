/* A subprog that contains a tail call may not be an async callback, even
 * when the tail call is reached only when main calls it directly with its
 * ctx: the stack-depth walk refuses a tail call in any callback chain.
 * rules.md says this is practically unreachable; this shape reaches it.
 * Enforced by: check_max_stack_depth_subprog (tail_call_reachable, is_cb)
 * Rule: CB-CTX-08
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

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int);
} jmp_table SEC(".maps");

/* direct call: r1 = ctx, r2 = 0; callback: r1 = map, r2 = key */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"if r2 != 0 goto 1f;"
	"r2 = %[jmp_table] ll;"
	"r3 = 0;"
	"call %[bpf_tail_call];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(jmp_table),
	  __imm(bpf_tail_call)
	: __clobber_all);
}

SEC("tc")
__failure __msg("cannot tail call within callback") __errno(EINVAL)
__rule("CB-CTX-08")
__description("tail call on the direct-call path of a subprog that is also a timer callback")
__naked int timer_cb_tail_call_direct_path(void)
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
	"r1 = r0;"
	"r2 = timer_cb ll;"
	"call %[bpf_timer_set_callback];"
	"r1 = r6;"
	"r2 = 0;"
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
