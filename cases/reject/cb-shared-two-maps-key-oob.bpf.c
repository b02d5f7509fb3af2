/* The key argument has the key size of the map of each call site: a
 * callback that reads an 8-byte key is fine for a hash map with u64 keys
 * and out of bounds for an array map (u32 index).
 * Enforced by: set_timer_callback_state (PTR_TO_MAP_KEY), check_mem_region_access
 * Rule: CB-DO-04, CB-ARG-01
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
} hash_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct elem);
} array_map SEC(".maps");

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = *(u64 *)(r2 + 0);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("invalid access to map key, key_size=4 off=0 size=8") __errno(EACCES)
__rule("CB-DO-04") __rule("CB-ARG-01")
__description("callback reads 8 key bytes; installed on a hash and an array map")
int cb_shared_two_maps_key_oob(struct __sk_buff *skb)
{
	u64 hkey = 0;
	u32 akey = 0;
	struct elem *h = bpf_map_lookup_elem(&hash_map, &hkey);
	struct elem *a = bpf_map_lookup_elem(&array_map, &akey);

	if (!h || !a)
		return 0;
	bpf_timer_init(&h->t, &hash_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&h->t, timer_cb);
	bpf_timer_init(&a->t, &array_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&a->t, timer_cb);
	return 0;
}
