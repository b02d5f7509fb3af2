/* A bpf_wq callback returning 0 only after checking an unknown value
 * against 0 is accepted, like a timer callback.
 * Enforced by: check_return_code (mark_chain_precision)
 * Rule: CB-RET-02 (allowed side)
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
	"call %[bpf_get_prandom_u32];"
	"if r0 == 0 goto 1f;"
	"r0 = 0;"
	"1:"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

SEC("tc")
__success __rule("CB-RET-02")
__description("wq callback returns 0 on both paths of a random branch")
int wq_cb_return_checked_zero(struct __sk_buff *skb)
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
