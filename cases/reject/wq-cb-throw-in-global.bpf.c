/* bpf_throw in a global function reached from a bpf_wq callback is
 * refused as well.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: CB-CTX-06
 */
#include "twc.h"

extern void bpf_throw(u64 cookie) __ksym;

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

__attribute__((noinline)) int global_check(int x)
{
	if (x > 100)
		bpf_throw(0);
	return 0;
}

static int wq_cb(void *map, int *key, void *value)
{
	global_check(*key);
	return 0;
}

SEC("tc")
__failure __msg("bpf_throw kfunc (insn {{[0-9]+}}) cannot be called from callback subprog {{[0-9]+}}")
__errno(EINVAL) __rule("CB-CTX-06")
__description("wq callback calls a global function that throws")
int wq_cb_throw_in_global(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
