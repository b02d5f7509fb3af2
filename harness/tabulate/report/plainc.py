"""plainc.py: a C case as the plain C program an author would write.

A case is plain BPF C plus twc's test annotations (__success, __rule,
__errno, __msg, ...; BTF decl tags that change nothing in the program) and
`#include "twc.h"`.  Here the header comment and the annotations go; the
include becomes the includes and declarations twc.h gave the program
(only those it uses); the load conditions some annotations carry (loaded
without capabilities, with a flag, before the case) become a comment where
the annotations were.
"""
import re

# annotation keys without arguments and with arguments (bpf_misc.h, twc.h)
BARE = ("__success", "__failure", "__auxiliary", "__success_unpriv", "__failure_unpriv",
        "__auxiliary_unpriv", "__arch_x86_64", "__arch_arm64", "__arch_riscv64",
        "__arch_s390x")
WITH_ARGS = ("__msg", "__not_msg", "__log_level", "__flag", "__description", "__arch",
             "__msg_unpriv", "__not_msg_unpriv", "__caps_unpriv", "__xlated", "__jited",
             "__retval", "__btf_path", "__rule", "__errno", "__requires", "__xfail")
ANNOTATION_RE = re.compile(r"\b(" + "|".join(sorted(BARE + WITH_ARGS, key=len, reverse=True))
                           + r")\b")
HEADER_COMMENT_RE = re.compile(r"\A\s*/\*.*?\*/[ \t]*\n?", re.S)
UNPRIV_CAPS = ("CAP_SYS_ADMIN", "CAP_BPF", "CAP_PERFMON", "CAP_NET_ADMIN")

# what twc.h declares, and the name that tells a program uses it
TWC_DECLS = (
    ("CLOCK_REALTIME", "#define CLOCK_REALTIME\t0"),
    ("CLOCK_MONOTONIC", "#define CLOCK_MONOTONIC\t1"),
    ("CLOCK_BOOTTIME", "#define CLOCK_BOOTTIME\t7"),
    ("bpf_timer_cancel_async", "extern int bpf_timer_cancel_async(struct bpf_timer *timer) __ksym;"),
    ("bpf_wq_init", "extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) "
                    "__ksym;"),
    ("bpf_wq_start", "extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;"),
    ("bpf_wq_set_callback", "extern int bpf_wq_set_callback(struct bpf_wq *wq,\n"
                            "\t\t\t       int (*callback_fn)(void *map, int *key, void *value),\n"
                            "\t\t\t       unsigned int flags) __ksym;"),
    ("bpf_rcu_read_lock", "extern void bpf_rcu_read_lock(void) __ksym;"),
    ("bpf_rcu_read_unlock", "extern void bpf_rcu_read_unlock(void) __ksym;"),
)
TRACING_RE = re.compile(r"\b(BPF_PROG|BPF_KPROBE|BPF_KRETPROBE|BPF_KSYSCALL|BPF_UPROBE|PT_REGS_\w+)\b")
MISC_RE = re.compile(r"\b(__naked|__imm\w*|__clobber_\w+|__sink|__used|__noinline|__aligned)\b")


def skip_string(text, i):
    """The index after the string or char literal starting at text[i]."""
    quote, i = text[i], i + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def args_end(text, i):
    """text[i] is '(': the index after its matching ')'."""
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            i = skip_string(text, i)
            continue
        depth += ch == "("
        depth -= ch == ")"
        i += 1
        if depth == 0:
            return i
    return i


def strip_annotations(text):
    """(text without annotations, [(key, argument text)]).  A removed span
    keeps its newlines, so lines correspond one to one."""
    out, found, i = [], [], 0
    for m in ANNOTATION_RE.finditer(text):
        if m.start() < i:
            continue
        key, end = m.group(1), m.end()
        args = ""
        if key in WITH_ARGS:
            j = end
            while j < len(text) and text[j] in " \t":
                j += 1
            if j >= len(text) or text[j] != "(":
                continue        # the word, not a use of the annotation
            end = args_end(text, j)
            args = text[j + 1:end - 1]
        out.append(text[i:m.start()])
        out.append("\n" * text.count("\n", m.start(), end))
        found.append((key, args, text.count("\n", 0, m.start())))
        i = end
    out.append(text[i:])
    return "".join(out), found


def load_note(found):
    """What the removed annotations of one program say about how it is
    loaded, as a comment line, or None."""
    keys = {key for key, _, _ in found}
    notes = []
    if keys & {"__success_unpriv", "__failure_unpriv", "__auxiliary_unpriv"}:
        kept = sorted({cap for key, args, _ in found if key == "__caps_unpriv"
                       for cap in re.findall(r"CAP_\w+", args)})
        dropped = [cap for cap in UNPRIV_CAPS if cap not in kept]
        notes.append("loaded without " + ", ".join(dropped) +
                     (f" (keeping {', '.join(kept)})" if kept else ""))
    for key, args, _ in found:
        if key == "__flag":
            notes.append(f"loaded with {args.strip()}")
        elif key in ("__auxiliary", "__auxiliary_unpriv"):
            notes.append("loaded before the other programs of this file")
        elif key.startswith("__arch"):
            notes.append(f"only on {(args.strip(chr(34)) or key[7:]).replace('_', '-')}")
    return "/* " + "; ".join(notes) + " */" if notes else None


def drop_emptied(original, stripped, found):
    """The stripped lines, without those the annotations emptied; the load
    note of a program's annotations goes right above its function."""
    before, after = original.split("\n"), stripped.split("\n")
    at = {}
    for item in found:
        at.setdefault(item[2], []).append(item)
    out, pending = [], []
    for n, (old, new) in enumerate(zip(before, after)):
        pending += at.get(n, [])
        if old.strip() and not new.strip():
            continue
        if pending and "SEC(" not in new and new.strip():
            note = load_note(pending)
            if note:
                out.append(note)
            pending = []
        out.append(new.rstrip())
    return out


def prelude(body, licensed):
    """The includes and declarations the body needs from what twc.h gave it."""
    decls = [d for name, d in TWC_DECLS if re.search(r"\b" + name + r"\b", body)]
    lines = []
    if "__ksym" in body or any("__ksym" in d for d in decls):
        lines.append("#define BPF_NO_KFUNC_PROTOTYPES\t/* the kfuncs are declared below */")
    lines += ['#include "vmlinux.h"', "#include <bpf/bpf_helpers.h>"]
    if TRACING_RE.search(body):
        lines.append("#include <bpf/bpf_tracing.h>")
    if MISC_RE.search(body):
        lines.append('#include "bpf_misc.h"\t/* the kernel selftests\' __naked, __imm(), '
                     '__clobber_all */')
    if decls:
        lines += [""] + decls
    if licensed:
        lines += ["", 'char _license[] SEC("license") = "GPL";']
    return lines


def trim(lines):
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def collapse_blank(lines):
    """No two blank lines in a row."""
    out = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return out


def plain_c(source):
    """The case's source as a plain C program: a list of lines."""
    body = HEADER_COMMENT_RE.sub("", source, count=1)
    licensed = not re.search(r"^#define\s+TWC_NO_LICENSE\b", body, re.M)
    body = re.sub(r"^#define\s+TWC_NO_LICENSE\b.*\n", "", body, flags=re.M)
    stripped, found = strip_annotations(body)
    lines = drop_emptied(body, stripped, found)
    text = "\n".join(lines)
    head = prelude(text, licensed)
    out = []
    for line in lines:
        if line.strip() == '#include "twc.h"':
            out += head
        else:
            out.append(line)
    if not any(l.strip() == '#include "twc.h"' for l in lines):
        out = head + [""] + out
    return collapse_blank(trim(out))


def code_size(lines):
    """How big an example is: its lines with code on them, prelude included."""
    return sum(1 for l in lines if l.strip() and not l.strip().startswith(("//", "*", "/*")))
