/* A bpf_wq callback must set R0 before its exit; R0 is not initialised at
 * callback entry.
 * Enforced by: check_return_code -> check_reg_arg
 * Rule: CB-RET-05
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
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("R0 !read_ok") __errno(EACCES)
__rule("CB-RET-05")
__description("wq callback exits without setting R0")
int wq_cb_return_uninit(struct __sk_buff *skb)
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
