/* A bpf_wq callback is its own stack root: main using 512 bytes may install
 * a wq callback that also uses 512 bytes.
 * Enforced by: check_max_stack_depth (one walk per is_async_cb subprog)
 * Rule: STK-03, STK-04
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

/* 512 bytes of stack */
__naked __noinline __used
static int wq_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 512) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-03") __rule("STK-04")
__description("main 512 B + bpf_wq_set_callback(wq_cb 512 B)")
int stack_wq_cb_and_main_512(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val;

	/* main's own 512 bytes, below anything the compiler uses */
	asm volatile ("r1 = 0; *(u64 *)(r10 - 512) = r1;" ::: "r1");
	val = bpf_map_lookup_elem(&wq_map, &key);
	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 0);
	bpf_wq_set_callback(&val->w, (void *)wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}
