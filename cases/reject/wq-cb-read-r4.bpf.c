/* A bpf_wq callback gets the same three arguments as a timer callback;
 * R4 is not initialised at its entry.
 * Enforced by: set_timer_callback_state (used for wq too), check_reg_arg
 * Rule: CB-ARG-03
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
	"r0 = r4;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("R4 !read_ok") __errno(EACCES)
__rule("CB-ARG-03")
__description("wq callback reads a fourth argument")
int wq_cb_read_r4(struct __sk_buff *skb)
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
