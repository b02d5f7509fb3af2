/* A ring buffer record reserved in a bpf_wq callback is a reference that
 * must be submitted or discarded before the callback returns.
 * Enforced by: check_reference_leak
 * Rule: CB-CTX-05
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

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	u64 *rec = bpf_ringbuf_reserve(&rb, sizeof(*rec), 0);

	if (rec)
		*rec = 1;
	return 0;
}

SEC("tc")
__failure __msg("Unreleased reference id={{[0-9]+}} alloc_insn={{[0-9]+}}")
__msg("BPF_EXIT instruction in main prog would lead to reference leak")
__errno(EINVAL) __rule("CB-CTX-05")
__description("wq callback reserves a ring buffer record and never submits it")
int wq_cb_leak_ringbuf_record(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
