/* Static subprogs called from a timer callback may not form a cycle:
 * a -> b -> c -> a is direct recursion, found before do_check.
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-02, CB-CFG-05
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
static int sub_a(void)
{
	asm volatile (
	"if r1 == 0 goto 1f;"
	"r1 += -1;"
	"call sub_b;"
	"1:"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int sub_b(void)
{
	asm volatile (
	"call sub_c;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int sub_c(void)
{
	asm volatile (
	"call sub_a;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r1 = 3;"
	"call sub_a;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("recursive call from sub_c() to sub_a()") __errno(EINVAL)
__rule("CB-REC-02") __rule("CB-CFG-05")
__description("timer callback calls sub_a; sub_a -> sub_b -> sub_c -> sub_a")
int subprog_cycle_three_in_cb(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
