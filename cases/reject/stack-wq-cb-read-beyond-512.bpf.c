/* A wq callback frame has the ordinary 512-byte stack: a load from r10-528
 * in the callback is refused.
 * Enforced by: check_stack_access_within_bounds
 * Rule: STK-01
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
static int wq_cb(void)
{
	asm volatile (
	"r0 = *(u64 *)(r10 - 528);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("invalid read from stack R10 off=-528 size=8") __errno(EACCES)
__rule("STK-01")
__description("wq callback loads from r10-528")
int stack_wq_cb_read_beyond_512(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 0);
	bpf_wq_set_callback(&val->w, (void *)wq_cb, 0);
	return 0;
}
