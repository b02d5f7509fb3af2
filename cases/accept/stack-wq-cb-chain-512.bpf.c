/* The wq callback's own call chain is limited to 512 bytes: a 256-byte
 * callback calling a 256-byte static subprog is exactly at the limit.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-02, STK-03
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

__naked __noinline __used
static int cb_helper_256(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int wq_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"call cb_helper_256;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-02") __rule("STK-03")
__description("wq callback root: 256 B callback + 256 B callee = 512 B")
int stack_wq_cb_chain_512(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 0);
	bpf_wq_set_callback(&val->w, (void *)wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}
