/* A bpf_wq callback must return a scalar: its key pointer is refused.
 * Enforced by: check_return_code
 * Rule: CB-RET-04
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
	u64 data;
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
	"r0 = r2;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("At async callback return the register R0 is not a known value (map_key)")
__errno(EINVAL) __rule("CB-RET-04")
__description("wq callback returns its key pointer")
int wq_cb_return_key_pointer(struct __sk_buff *skb)
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
