/* An async callback has no ctx: a tc helper that needs the skb cannot be
 * called from a tc program's timer callback (here with the map argument
 * in the ctx slot).
 * Enforced by: check_func_arg (ARG_PTR_TO_CTX)
 * Rule: CB-CTX-09
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 buf;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_skb_load_bytes(map, 0, &val->buf, sizeof(val->buf));
	return 0;
}

SEC("tc")
__failure __msg("R1 type=map_ptr expected=ctx") __errno(EACCES)
__rule("CB-CTX-09")
__description("timer callback calls bpf_skb_load_bytes with its map pointer")
int timer_cb_ctx_helper(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
