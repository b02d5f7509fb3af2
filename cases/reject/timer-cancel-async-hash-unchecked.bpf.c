/* Kfunc pointer arguments are NULL-checked first: a hash lookup result
 * that was not NULL-checked is refused by bpf_timer_cancel_async().
 * Enforced by: check_kfunc_args
 * Rule: KF-TMR-02
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("Possibly NULL pointer passed to trusted R1") __errno(EACCES)
__rule("KF-TMR-02")
__requires("kfunc:bpf_timer_cancel_async")
__description("bpf_timer_cancel_async on an unchecked hash lookup result")
int timer_cancel_async_hash_unchecked(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	/* no NULL check; the timer is at offset 0, so R1 = R0 */
	bpf_timer_cancel_async(&val->t);
	return 0;
}
