// SPDX-License-Identifier: GPL-2.0
/*
 * pcpu.c: the first per-CPU chunk filled at boot (pcpu.h).
 */
#include <bpf/bpf.h>

#include "guest/pcpu.h"

/* 64 KiB a CPU in 8-byte allocations: over twice the first chunk's
 * dynamic area.  The allocator takes the chunk with the smallest hole
 * that fits, so the first chunk's holes go before a new chunk's space. */
#define PCPU_FILL_ENTRIES	8192

int pcpu__fill_first_chunk(void)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "twc_pcpu_fill", 4, 8,
				PCPU_FILL_ENTRIES, NULL);

	return fd < 0 ? fd : 0;	/* the fd stays open: the map lives for the boot */
}
