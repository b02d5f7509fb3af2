/* A wq callback's key argument is read-only like a timer callback's.
 * Enforced by: check_mem_access (PTR_TO_MAP_KEY)
 * Rule: CB-ARG-05
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
	"r1 = 0;"
	"*(u32 *)(r2 + 0) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("write to change key R2 not allowed") __errno(EACCES)
__rule("CB-ARG-05")
__description("wq callback writes its key")
int wq_cb_write_key(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, (void *)wq_cb, 0);
	return 0;
}
