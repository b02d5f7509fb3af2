/* The key of a hash map's timer callback is read-only wherever its
 * pointer is copied: a store through a copy of R2 is refused too.
 * Enforced by: check_mem_access (PTR_TO_MAP_KEY)
 * Rule: CB-ARG-05
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, u64);
	__type(value, struct elem);
} timer_map SEC(".maps");

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r6 = r2;"
	"r1 = 7;"
	"*(u64 *)(r6 + 0) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("write to change key R6 not allowed") __errno(EACCES)
__rule("CB-ARG-05")
__description("hash-map callback writes its key through a copy of R2")
int cb_write_hash_key_copy(struct __sk_buff *skb)
{
	u64 key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
