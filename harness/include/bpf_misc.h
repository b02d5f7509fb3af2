/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_misc.h: the case annotation dialect of twc.
 *
 * Tag strings are those of the kernel selftests' test_loader, so a program
 * written for tools/testing/selftests/bpf/progs runs here unchanged and a
 * twc case can move upstream.  Every annotation is a BTF decl tag on the
 * program function:
 *
 *	"comment:<N>:<key>[=<value>]"
 *
 * where <N> is __COUNTER__, which keeps the order of repeated keys such as
 * __msg (BTF does not promise any order of decl tags).  The older form
 * without <N> is read too.  The judge refuses a key it does not know: a typo
 * in an annotation is an error for that case, never silently ignored.
 *
 * Keys twc acts on (upstream meaning unless said otherwise):
 *   __success, __failure     the verifier must accept / reject the program
 *   __msg(m)                 m occurs in the log, after the previous __msg;
 *                            {{regex}} islands are POSIX extended regexes
 *   __not_msg(m)             m does not occur between the neighbouring
 *                            __msg matches (or anywhere, if there are none)
 *   __log_level(n)           log level of the load (default: 1 | 4 (stats))
 *   __flag(f)                BPF_F_* load flag, or a number; repeatable
 *   __description(d)         a one-line description shown in reports
 *   __auxiliary              not a case: loaded before the cases of its file
 *   __arch(a), __arch_x86_64 only on that architecture (else SKIP)
 *   __success_unpriv, __failure_unpriv, __msg_unpriv, __not_msg_unpriv,
 *   __caps_unpriv(caps)      the same, loaded with CAP_SYS_ADMIN, CAP_NET_ADMIN,
 *                            CAP_PERFMON and CAP_BPF dropped but caps
 *   __retval(v), __retval_unpriv(v)
 *                            after the load succeeds, the program is run once
 *                            (BPF_PROG_TEST_RUN on TEST_DATA_LEN zero bytes)
 *                            and must return v: a decimal or 0x number of 32
 *                            bits, _INT_MIN, or POINTER_VALUE (any value)
 *   __xlated(l), __xlated_unpriv(l)
 *                            after the load succeeds, l is a line of the
 *                            program as the verifier rewrote it, printed as
 *                            test_loader prints it ("3: r0 = 0"), on the line
 *                            after the previous __xlated's, or further down
 *                            after an __xlated("..."); {{regex}} as in __msg
 *   __load_if_JITed(), __load_if_no_JITed()
 *                            only where the kernel's BPF JIT is on (off),
 *                            else SKIP
 *   __stderr(l), __stdout(l), __stderr_unpriv(l), __stdout_unpriv(l)
 *                            after the test run (so only with __retval), l
 *                            is a line of the program's BPF stderr (stdout)
 *                            stream, matched as __xlated lines are; SKIP on
 *                            a kernel without BPF streams
 *   __jited(l), __jited_unpriv(l)
 *                            upstream files only (make check UPSTREAM=),
 *                            after an __arch_x86_64: after the load
 *                            succeeds, l is a line of the JIT image as
 *                            test_loader prints it with LLVM's disassembler
 *                            ("\tmovl\t$0x2a, %edi"), placed as __xlated's
 *   __btf_path(f), __linear_size(n)
 *                            upstream files only (make check UPSTREAM=):
 *                            libbpf opens the object with the BTF of the
 *                            selftests' object f for CO-RE (btf_custom_path);
 *                            the test run's skb has a linear area of n bytes
 * Keys upstream has that twc does not act on yet (the judge reports ERROR
 * for them rather than pretending): __auxiliary_unpriv, __btf_func_path.
 * twc's own keys are in twc.h.
 */
#ifndef __BPF_MISC_H__
#define __BPF_MISC_H__

#define XSTR(s) STR(s)
#define STR(s) #s
#define QUOTE(str) #str
#define EXPAND_QUOTE(str) QUOTE(str)

#define __test_tag(tag) \
	__attribute__((btf_decl_tag("comment:" XSTR(__COUNTER__) ":" tag)))

#define __success		__test_tag("test_expect_success")
#define __failure		__test_tag("test_expect_failure")
#define __msg(msg)		__test_tag("test_expect_msg=" msg)
#define __not_msg(msg)		__test_tag("test_expect_not_msg=" msg)
#define __log_level(lvl)	__test_tag("test_log_level=" #lvl)
#define __flag(flag)		__test_tag("test_prog_flags=" #flag)
#define __description(desc)	__test_tag("test_description=" desc)
#define __auxiliary		__test_tag("test_auxiliary")
#define __arch(arch)		__test_tag("test_arch=" arch)
#define __arch_x86_64		__arch("X86_64")
#define __arch_arm64		__arch("ARM64")
#define __arch_riscv64		__arch("RISCV64")
#define __arch_s390x		__arch("s390x")

/* Upstream's unprivileged keys, __retval, __xlated, __jited, __btf_path
 * and __linear_size (the last three upstream files only), __load_if_*,
 * __stderr and __stdout; and keys twc does not implement yet (reported as
 * ERROR): __auxiliary_unpriv, __btf_func_path. */
#define __success_unpriv	__test_tag("test_expect_success_unpriv")
#define __failure_unpriv	__test_tag("test_expect_failure_unpriv")
#define __msg_unpriv(msg)	__test_tag("test_expect_msg_unpriv=" msg)
#define __not_msg_unpriv(msg)	__test_tag("test_expect_not_msg_unpriv=" msg)
#define __auxiliary_unpriv	__test_tag("test_auxiliary_unpriv")
#define __caps_unpriv(caps)	__test_tag("test_caps_unpriv=" EXPAND_QUOTE(caps))
#define __xlated(msg)		__test_tag("test_expect_xlated=" msg)
#define __xlated_unpriv(msg)	__test_tag("test_expect_xlated_unpriv=" msg)
#define __load_if_JITed()	__test_tag("load_mode=jited")
#define __load_if_no_JITed()	__test_tag("load_mode=no_jited")
#define __jited(msg)		__test_tag("test_jited=" msg)
#define __jited_unpriv(msg)	__test_tag("test_jited_unpriv=" msg)
#define __retval(val)		__test_tag("test_retval=" XSTR(val))
#define __retval_unpriv(val)	__test_tag("test_retval_unpriv=" XSTR(val))
#define __btf_path(path)	__test_tag("test_btf_path=" path)
#define __btf_func_path(path)	__test_tag("test_btf_func_path=" path)
#define __linear_size(sz)	__test_tag("test_linear_size=" XSTR(sz))
#define __stderr(msg)		__test_tag("test_expect_stderr=" msg)
#define __stderr_unpriv(msg)	__test_tag("test_expect_stderr_unpriv=" msg)
#define __stdout(msg)		__test_tag("test_expect_stdout=" msg)
#define __stdout_unpriv(msg)	__test_tag("test_expect_stdout_unpriv=" msg)

/* Values of __retval, as upstream has them: any return value (a pointer,
 * which varies), and the bytes of the test run's packet. */
#define POINTER_VALUE	0xbadcafe
#define TEST_DATA_LEN	64

/* Helpers for __naked inline-asm cases, as upstream spells them. */
#define __naked __attribute__((naked))
#define __clobber_all "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "memory"
#define __clobber_common "r0", "r1", "r2", "r3", "r4", "r5", "memory"
#define __imm(name) [name]"i"(name)
#define __imm_const(name, expr) [name]"i"(expr)
#define __imm_addr(name) [name]"i"(&name)
#define __imm_ptr(name) [name]"r"(&name)

#ifndef __used
#define __used __attribute__((used))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif
#define __sink(expr) asm volatile("" : "+g"(expr))
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

#endif /* __BPF_MISC_H__ */
