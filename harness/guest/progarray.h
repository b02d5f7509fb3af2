/* SPDX-License-Identifier: GPL-2.0 */
/*
 * progarray.h: the program slots of a PROG_ARRAY map's definition
 * (`.values = { [i] = (void *)&prog }`), filled as libbpf fills them at
 * the end of bpf_object__load().  twc-init prepares an object and loads
 * its programs itself, so libbpf never gets there; a tail call through
 * such a map found an empty slot (upstream's verifier_runtime_jit: every
 * __retval wrong).
 */
#ifndef TWC_GUEST_PROGARRAY_H
#define TWC_GUEST_PROGARRAY_H

#include <bpf/libbpf.h>

/* The fd of the loaded program NAME, or -1 when it was not loaded. */
typedef int (*progarray_fd_fn)(const char *name, void *ctx);

/*
 * Fill every slot a PROG_ARRAY map of the prepared object obj (read from
 * the object file path) names a program in: with fd_of(program).  A slot
 * whose program was not loaded is -EBADF, as libbpf fails the load
 * ("failed to initialize slot"); *bad_prog then names it.  0 when every
 * slot is filled (or there are none), else -errno.
 */
int progarray__fill(struct bpf_object *obj, const char *path, progarray_fd_fn fd_of, void *ctx,
		    const char **bad_prog);

#endif /* TWC_GUEST_PROGARRAY_H */
