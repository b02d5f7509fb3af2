/* An async callback has no ctx to pass to bpf_tail_call: using its map
 * argument instead fails the ctx type check before the callback-specific
 * tail-call check is reached.
 * Enforced by: check_func_arg (ARG_PTR_TO_CTX)
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

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r2 = %[jmp_table] ll;"
	"r3 = 0;"
	"call %[bpf_tail_call];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(jmp_table),
	  __imm(bpf_tail_call)
	: __clobber_all);
}

SEC("tc")
__failure __msg("R1 type=map_ptr expected=ctx") __errno(EACCES)
__rule("CB-CTX-08")
__description("timer callback tail-calls with its map argument as ctx")
int timer_cb_tail_call(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
