/* A direct call into a wq callback counts in the caller's chain even though
 * the callback is also an async root: main 256 bytes + wq_cb 304 bytes.
 * Enforced by: check_max_stack_depth_subprog (is_async_cb skip only for ld_imm64)
 * Rule: STK-04, CB-REC-05
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

/* 304 bytes of stack */
__naked __noinline __used
static int wq_cb(void)
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
__rule("STK-04") __rule("CB-REC-05")
__description("main 256 B installs wq_cb (304 B) and calls it directly")
int stack_wq_cb_direct_call_over_512(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val;

	asm volatile ("r1 = 0; *(u64 *)(r10 - 256) = r1;" ::: "r1");
	val = bpf_map_lookup_elem(&wq_map, &key);
	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 0);
	bpf_wq_set_callback(&val->w, (void *)wq_cb, 0);
	return wq_cb();
}
