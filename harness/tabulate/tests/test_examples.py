"""Tests of the example renderers: a C case as plain C (report/plainc.py)
and a BTF case as C (report/btfc.py)."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

from report import btfc, plainc  # noqa: E402

CASE = '''/* The header: the rule in a sentence.
 * Rule: X-1
 */
#include "twc.h"

SEC("socket")
__success_unpriv __caps_unpriv(CAP_BPF)
__msg("a (b) \\"c\\"")
__rule("X-1") __requires("kfunc:bpf_timer_cancel_async")
__description("a socket filter")
int f(struct __sk_buff *skb)
{
	struct bpf_timer *t = 0;

	bpf_timer_init(t, 0, CLOCK_MONOTONIC);
	return bpf_timer_cancel_async(t);
}
'''


class PlainCTest(unittest.TestCase):
    def test_annotations_go(self):
        lines = plainc.plain_c(CASE)
        text = "\n".join(lines)
        for gone in ("__rule", "__msg", "__success_unpriv", "__requires", "__description",
                     '#include "twc.h"', "The header", "Rule: X-1"):
            self.assertNotIn(gone, text)

    def test_what_twc_h_gave(self):
        """The includes, the kfunc the program calls, the clock it names, the
        license: and nothing it does not use."""
        lines = plainc.plain_c(CASE)
        self.assertEqual(lines[:3], ["#define BPF_NO_KFUNC_PROTOTYPES\t/* the kfuncs are "
                                     "declared below */", '#include "vmlinux.h"',
                                     "#include <bpf/bpf_helpers.h>"])
        self.assertIn("#define CLOCK_MONOTONIC\t1", lines)
        self.assertIn("extern int bpf_timer_cancel_async(struct bpf_timer *timer) __ksym;", lines)
        self.assertIn('char _license[] SEC("license") = "GPL";', lines)
        self.assertNotIn("extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, "
                         "unsigned int flags) __ksym;", lines)

    def test_load_conditions_become_a_comment(self):
        lines = plainc.plain_c(CASE)
        i = lines.index('SEC("socket")')
        self.assertEqual(lines[i + 1:i + 3], [
            "/* loaded without CAP_SYS_ADMIN, CAP_PERFMON, CAP_NET_ADMIN (keeping CAP_BPF) */",
            "int f(struct __sk_buff *skb)"])

    def test_own_license(self):
        src = '#define TWC_NO_LICENSE\n#include "twc.h"\nchar _license[] SEC("license") = ' \
              '"Dual BSD/GPL";\n'
        lines = plainc.plain_c(src)
        self.assertEqual(sum("_license" in l for l in lines), 1)
        self.assertNotIn("TWC_NO_LICENSE", "\n".join(lines))

    def test_strings_with_parentheses(self):
        text, found = plainc.strip_annotations('__msg("x) y (") int a;\n__rule("Z-2")\n')
        self.assertEqual(text, " int a;\n\n")
        self.assertEqual([k for k, _, _ in found], ["__msg", "__rule"])


BTF = """# A header.
# Rule: BTF-01

std u32
std u64
std bpf_timer
type in struct 16 btfname=-
  field t bpf_timer 0
type elem struct 32
  field a u32 0
  field t bpf_timer 4
  field - in 16
type .bss datasec 24
  var x u64 0
  var g bpf_timer 8
btf expect ok
map m array key=u32 value=elem entries=1 expect ok
map d array key_size=4 value=.bss entries=1 flags=BPF_F_MMAPABLE expect ok
map out array_of_maps key_size=4 value_size=4 entries=1 inner=m expect ok
probe p timer-init m 4 expect -EINVAL
msg "map 'm' has no valid bpf_timer"
probe q timer-init m 16 outer=out flags=7 expect ok
probe s wq-setcb m 16 expect -EINVAL
run q expect -ENOENT
update out fd=m expect ok
mmap d expect -ENOTSUPP
"""


class BtfAsCTest(unittest.TestCase):
    def setUp(self):
        self.text = "\n".join(btfc.render(BTF, [("btf", "ok", [], ""),
                                                ("map m array key=u32 value=elem entries=1",
                                                 "ok", [], "")]))

    def test_types(self):
        self.assertIn("struct elem {\t/* 32 bytes */\n\tu32 a;\t/* offset 0 */\n"
                      "\tstruct bpf_timer t;\t/* offset 4 in the BTF; C would put it at 8 */\n"
                      "\tstruct {\t/* 16 bytes */\n\t\tstruct bpf_timer t;\t/* offset 0 */\n"
                      "\t};\t/* offset 16 */\n};", self.text)
        self.assertIn('u64 x SEC(".bss");\t/* offset 0 */', self.text)
        self.assertNotIn("struct in {", self.text)     # anonymous: written in place

    def test_maps(self):
        self.assertIn("\t__type(value, struct elem);\n} m SEC(\".maps\");\t/* reference "
                      "kernel: ok */", self.text)
        self.assertIn("\t/* value: the section .bss above (global data) */\n"
                      "\t__uint(map_flags, BPF_F_MMAPABLE);\n} d SEC(\".maps\");\t/* expect ok */",
                      self.text)
        self.assertIn("\t/* inner map template: m */", self.text)

    def test_probes(self):
        self.assertIn("\treturn bpf_timer_init(value + 4, &m, CLOCK_MONOTONIC);\n}\n"
                      "/* the verifier's log says: map 'm' has no valid bpf_timer */", self.text)
        self.assertIn("\tvoid *inner = bpf_map_lookup_elem(&out, &key);", self.text)
        self.assertIn("\treturn bpf_timer_init(value + 16, inner, CLOCK_BOOTTIME);", self.text)
        self.assertIn("static int s_cb(void *map, int *key, void *value)", self.text)
        self.assertIn("\treturn bpf_wq_set_callback(value + 16, s_cb, 0);", self.text)
        self.assertIn("extern int bpf_wq_set_callback(", self.text)

    def test_user_steps_in_a_comment(self):
        self.assertIn(" *\tbpf_prog_test_run_opts(q_fd, &opts);\texpect -ENOENT\n"
                      " *\tbpf_map_update_elem(out_fd, &(__u32){0}, &m_fd, BPF_ANY);\texpect ok\n"
                      " *\tmmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, d_fd, 0);"
                      "\texpect -ENOTSUPP\n */", self.text)

    def test_what_c_cannot_say(self):
        src = "std u32\nstd bpf_timer\ntype task_struct struct 0\ntype e struct 24\n" \
              "  field t bpf_timer 4b\n  field a u32 0 bitsize=3\n"
        text = "\n".join(btfc.render(src))
        self.assertIn("/* struct bpf_timer t; at bit offset 4: the case's BTF says so, C cannot */",
                      text)
        self.assertIn("\tu32 a : 3;\t/* offset 0 */", text)
        self.assertIn("/* struct task_struct: 0 bytes in the case's BTF, a stand-in for the "
                      "kernel's (vmlinux.h has it) */", text)


if __name__ == "__main__":
    unittest.main()
