/* SPDX-License-Identifier: GPL-2.0 */
/*
 * errnames.h: symbolic names of the errnos a BPF load or map operation can
 * return, used by the guest loader and the judge.  Linux's numbering (x86).
 * Header-only: the guest's static binaries include it as well.
 */
#ifndef TWC_LIB_ERRNAMES_H
#define TWC_LIB_ERRNAMES_H

#include <errno.h>
#include <stdio.h>
#include <string.h>




#ifndef ENOTSUPP
#define ENOTSUPP 524	/* kernel-internal, seen by BPF users */
#endif

struct errname {
	int err;
	const char *name;
};

static const struct errname errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" }, { EIO, "EIO" }, { E2BIG, "E2BIG" },
	{ ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
	{ EDEADLK, "EDEADLK" }, { ENOSYS, "ENOSYS" }, { ELOOP, "ELOOP" },
	{ ENODATA, "ENODATA" }, { EPROTO, "EPROTO" }, { EOVERFLOW, "EOVERFLOW" },
	{ EBADMSG, "EBADMSG" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { ECANCELED, "ECANCELED" },
	{ ENOTSUPP, "ENOTSUPP" },
};

/* "-EINVAL" for -22, "0" for 0, "-E<n>" for an errno without a name. */
static inline const char *errname_str(int err, char *buf, size_t len)
{
	int e = err < 0 ? -err : err;

	if (!err)
		return "0";
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == e) {
			snprintf(buf, len, "%s%s", err < 0 ? "-" : "", errnames[i].name);
			return buf;
		}
	snprintf(buf, len, "%sE%d", err < 0 ? "-" : "", e);
	return buf;
}

/* errno for a name with or without the leading '-' and 'E'; 0 if unknown. */
static inline int errname_parse(const char *s)
{
	if (*s == '-')
		s++;
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (!strcmp(s, errnames[i].name) || !strcmp(s, errnames[i].name + 1))
			return errnames[i].err;
	return 0;
}

/* errname_str into a temporary: for messages ("... 'path': -ENOENT"). */
#define ESYM(err) errname_str((err), (char[32]){ 0 }, 32)

#endif /* TWC_LIB_ERRNAMES_H */
