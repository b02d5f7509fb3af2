/* A subprog only main calls gets a private stack in a kprobe, so main 48 bytes + a 480-byte subprog is accepted (contrast: stack-priv-kprobe-subprog-shared).
 * Enforced by: check_max_stack_depth (async roots walked first, NO_PRIV_STACK)
 * Rule: STK-09
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

/* 480 bytes of stack */
__naked __noinline __used
static int sub_480(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 480) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("kprobe/do_nanosleep")
__success
__rule("STK-09")
__description("kprobe: main 48 B -> sub 480 B; timer_cb does not call it")
__naked int stack_priv_kprobe_subprog_unshared(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 48) = r1;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"r1 = r6;"
	"r2 = %[timer_map] ll;"
	"r3 = 1;"
	"call %[bpf_timer_init];"
	"r1 = r6;"
	"r2 = %[timer_cb] ll;"
	"call %[bpf_timer_set_callback];"
	"1:"
	"call sub_480;"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_addr(timer_cb),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
