/* A bpf_wq callback is sleepable, so KF_SLEEPABLE kfuncs such as
 * bpf_copy_from_user_str are allowed in it even from a tc program.
 * Enforced by: is_async_cb_sleepable, check_kfunc_call (KF_SLEEPABLE)
 * Rule: CB-SLP-02
 */
#include "twc.h"

extern int bpf_copy_from_user_str(void *dst, u32 dst__sz, const void *unsafe_ptr__ign,
				  u64 flags) __ksym;

struct elem {
	struct bpf_wq w;
	char buf[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	struct elem *e = value;

	bpf_copy_from_user_str(e->buf, sizeof(e->buf), NULL, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-SLP-02")
__description("tc program's wq callback calls bpf_copy_from_user_str")
int wq_cb_sleepable_kfunc(struct __sk_buff *skb)
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
