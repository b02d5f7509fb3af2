/* Async states queued by set_callback calls in a loop are fine while the
 * number pending stays at or below 8192.
 * Enforced by: push_async_cb (BPF_COMPLEXITY_LIMIT_JMP_SEQ)
 * Rule: CB-DO-02 (allowed side)
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
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("CB-DO-02")
__description("1000 set_callback calls in one loop")
__naked int cb_pending_states_many(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 2f;"
	"r6 = r0;"
	"r7 = 0;"
	"1:"
	"r1 = r6;"
	"r2 = timer_cb ll;"
	"call %[bpf_timer_set_callback];"
	"r7 += 1;"
	"if r7 < 1000 goto 1b;"
	"2:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map),
	  __imm(bpf_map_lookup_elem),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
