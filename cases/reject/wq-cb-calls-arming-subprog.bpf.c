/* The reference-plus-call cycle is refused for wq callbacks too: main
 * calls arm_wq(), arm_wq() references wq_cb and wq_cb calls arm_wq().
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-04, CB-CFG-05
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

static int wq_cb(void *map, int *key, void *value);

static __attribute__((noinline)) int arm_wq(struct elem *val)
{
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}

static __attribute__((noinline)) int wq_cb(void *map, int *key, void *value)
{
	arm_wq(value);
	return 0;
}

SEC("tc")
__failure __msg("recursive call from wq_cb() to arm_wq()") __errno(EINVAL)
__rule("CB-REC-04") __rule("CB-CFG-05")
__description("arm_wq references wq_cb; wq_cb calls arm_wq")
int wq_cb_calls_arming_subprog(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	return arm_wq(val);
}
