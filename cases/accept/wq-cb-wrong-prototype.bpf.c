/* A wq callback's BTF prototype is not checked against its register
 * types either: one declared with five arguments of other types is
 * accepted as long as it reads only R1..R3.
 * Enforced by: push_callback_call -> btf_check_subprog_call
 * Rule: CB-ARG-06
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
	u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static __attribute__((noinline)) int wq_cb(struct bpf_timer *a, char *b, struct elem *c,
					     long d, long e)
{
	c->runs += *b;
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-06")
__description("wq callback declared with five mistyped arguments")
int wq_cb_wrong_prototype(struct __sk_buff *skb)
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
