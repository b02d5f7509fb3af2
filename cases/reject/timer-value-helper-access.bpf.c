/* The load/store ban on timer bytes also covers helper memory accesses: a
 * whole map value holding a timer cannot be passed as the value argument
 * of bpf_map_update_elem.
 * Enforced by: check_helper_mem_access -> check_map_access (ACCESS_HELPER)
 * Rule: TMR-ARG-17
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} copy_map SEC(".maps");

SEC("tc")
__failure __msg("bpf_timer cannot be accessed directly by load/store") __errno(EACCES)
__rule("TMR-ARG-17")
__description("bpf_map_update_elem(&copy_map, &key, val_with_timer, 0)")
int timer_value_helper_access(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_map_update_elem(&copy_map, &key, val, 0);
	return 0;
}
