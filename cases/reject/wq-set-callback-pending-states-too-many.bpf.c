/* Installing a wq callback queues one more verifier state; with 8192
 * branch states already pending that is one too many, and the kfunc call
 * fails with the wrapper message.
 * Enforced by: push_async_cb, check_kfunc_call
 * Rule: KF-WQ-13
 * Logged at level 4 (statistics only): the level-1 log would list 16k insns.
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

static int wq_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("tc")
__failure __log_level(4)
__msg("The sequence of 8193 jumps is too complex for async cb.")
__msg("kfunc bpf_wq_set_callback#{{[0-9]+}} failed callback verification")
__errno(E2BIG) __rule("KF-WQ-13")
__description("8192 pending branch states, then bpf_wq_set_callback")
int wq_set_callback_pending_states_too_many(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val;
	u64 t, scratch = 0;

	/* 8192 conditional jumps, each on a fresh load of skb->len (a new
	 * unknown scalar every time, so no branch is decided by an earlier
	 * one): each leaves one pending state */
	asm volatile (
	".rept 8192\n\t"
	"%[t] = *(u32 *)(%[ctx] + 0)\n\t"
	"if %[t] > 5 goto +1\n\t"
	"%[s] = 0\n\t"
	".endr"
	: [s] "+r"(scratch), [t] "=&r"(t)
	: [ctx] "r"(skb));
	/* a constant key in an array: no NULL check, no further branch */
	val = bpf_map_lookup_elem(&wq_map, &key);
	bpf_wq_set_callback(&val->w, wq_cb, scratch);
	return 0;
}
