/* A kprobe may reach a timer in an inner map through an array of maps and
 * use it; on 7.3 no program-type rule applies to either map (on 6.12 this
 * path dodged the "tracing progs cannot use bpf_timer yet" check).
 * Enforced by: check_map_prog_compatibility (nothing to refuse)
 * Rule: PT-04, PT-01
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner },
};

static int timer_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("kprobe/do_nanosleep")
__success __rule("PT-04") __rule("PT-01")
__description("kprobe: timer in an inner map of an array of maps")
int prog_kprobe_timer_inner_map(struct pt_regs *ctx)
{
	int key = 0;
	struct elem *val;
	void *in;

	in = bpf_map_lookup_elem(&outer, &key);
	if (!in)
		return 0;
	val = bpf_map_lookup_elem(in, &key);
	if (!val)
		return 0;
	bpf_timer_init(&val->t, in, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
