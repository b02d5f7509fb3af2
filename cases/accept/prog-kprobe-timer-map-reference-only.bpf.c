/* 7.3 dropped the rule that refused kprobe, tracepoint, perf_event and
 * raw_tp programs any reference to a map holding a bpf_timer or bpf_wq: a
 * kprobe that only looks up such values loads.
 * Enforced by: check_map_prog_compatibility (no timer/wq check on 7.3)
 * Rule: PT-01, PT-02
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	struct bpf_wq w;
	u64 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_wq_map SEC(".maps");

SEC("kprobe/do_nanosleep")
__success __rule("PT-01") __rule("PT-02")
__description("kprobe: lookup in a timer+wq map, no timer or wq call")
int prog_kprobe_timer_map_reference_only(struct pt_regs *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_wq_map, &key);

	if (val)
		__sync_fetch_and_add(&val->count, 1);
	return 0;
}
