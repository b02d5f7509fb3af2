#!/usr/bin/env python3
"""Generate the timer argument-typing matrix of the twc corpus.

Every timer helper (bpf_timer_init, bpf_timer_set_callback, bpf_timer_start,
bpf_timer_cancel) and the bpf_timer_cancel_async() kfunc meet the same
argument conditions (stack pointer, NULL, maybe-NULL, scalar, ctx, packet,
maps without a timer, wrong constant offsets, variable offset, a map without
BTF, a nested struct, a non-GPL license, a held spin lock).  This script
writes one case per (call, condition) pair into cases/reject/.  Helper cases
are naked BPF assembly, so the instruction stream is fixed; kfunc cases are
C, because clang 14 emits no BTF extern for a kfunc used only from asm.

Pairs that hand-written cases already cover are left out (see SKIP).
Output is deterministic; run from anywhere:  python3 harness/gen/corpus-timer.py
"""
import argparse
import os
import sys

GEN = "harness/gen/corpus-timer.py"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (call, condition) pairs written by hand before this generator existed.
SKIP = {
    ("init", "stack-timer"), ("init", "hash-unchecked"),
    ("init", "map-without-timer"), ("init", "wq-only-map"),
    ("init", "variable-offset"), ("init", "non-gpl"),
    ("start", "value-start"), ("start", "under-spin-lock"),
    ("cancel-async", "stack-timer"), ("cancel-async", "hash-unchecked"),
    ("cancel-async", "non-gpl"),
}

# The calls.  'args' sets R2..R5 after R1 holds the timer pointer; the map
# of R2 for bpf_timer_init is the map the condition's value comes from.
CALLS = {
    "init": dict(fn="bpf_timer_init", helper=True,
                 args=['"r2 = %[{map}] ll;"', '"r3 = %[clock];"'],
                 imms=["__imm_addr({map})",
                       "__imm_const(clock, CLOCK_MONOTONIC)"]),
    "set-callback": dict(fn="bpf_timer_set_callback", helper=True,
                         args=['"r2 = %[timer_cb] ll;"'],
                         imms=["__imm_addr(timer_cb)"], cb=True),
    "start": dict(fn="bpf_timer_start", helper=True,
                  args=['"r2 = 1000;"', '"r3 = 0;"'], imms=[]),
    "cancel": dict(fn="bpf_timer_cancel", helper=True, args=[], imms=[]),
    "cancel-async": dict(fn="bpf_timer_cancel_async", helper=False),
}

# Map definitions, by name.
MAPS = {
    "timer_map": ("struct elem {\n\tu64 pad;\n\tstruct bpf_timer t;\n\tu64 tail;\n};\n",
                  "BPF_MAP_TYPE_ARRAY", "struct elem"),
    "hash_map": ("struct helem {\n\tstruct bpf_timer t;\n\tu64 tail;\n};\n",
                 "BPF_MAP_TYPE_HASH", "struct helem"),
    "plain_map": ("struct plain {\n\tu64 a;\n\tu64 b;\n\tu64 c;\n\tu64 d;\n};\n",
                  "BPF_MAP_TYPE_ARRAY", "struct plain"),
    "wq_map": ("struct wq_elem {\n\tu64 pad;\n\tstruct bpf_wq w;\n};\n",
               "BPF_MAP_TYPE_ARRAY", "struct wq_elem"),
    "nobtf_map": ("", "BPF_MAP_TYPE_ARRAY", None),
    "nest_map": ("struct nest {\n\tu64 pad;\n\tstruct {\n\t\tu32 x;\n"
                 "\t\tstruct bpf_timer t;\n\t} in;\n};\n",
                 "BPF_MAP_TYPE_ARRAY", "struct nest"),
    "lock_map": ("struct locked {\n\tstruct bpf_spin_lock lock;\n\tu32 pad;\n"
                 "\tstruct bpf_timer t;\n};\n",
                 "BPF_MAP_TYPE_ARRAY", "struct locked"),
}

LOOKUP = ['"r1 = 0;"', '"*(u32 *)(r10 - 4) = r1;"', '"r2 = r10;"',
          '"r2 += -4;"', '"r1 = %[{map}] ll;"',
          '"call %[bpf_map_lookup_elem];"']


def lookup(checked=True):
    """Asm lines: look up key 0 of {map}; with checked, skip to 1f on NULL."""
    return LOOKUP + (['"if r0 == 0 goto 1f;"'] if checked else [])


# The conditions.  Fields:
#   map      the map the timer pointer comes from (None: no map value)
#   asm      lines leaving the timer pointer in R1 (helpers)
#   c        C statements ending in the kfunc call, TIMER standing for the
#            pointer expression (kfunc)
#   hmsg/kmsg, herr/kerr   message and errno for helper / kfunc
#   hrule/krule            rule ids
#   what     sentence fragment for the header; desc: description fragment
#   sec      program section (default tc)
def wrong_offset(off, where, desc):
    """A pointer into timer_map's value at off, not at the timer's 8."""
    return dict(
        map="timer_map",
        asm=lookup() + ['"r1 = r0;"'] + (['"r1 += %d;"' % off] if off else []),
        c=["TIMER((void *)val%s);" % (" + %d" % off if off else "")],
        hmsg="off %d doesn't point to 'struct bpf_timer' that is at 8" % off,
        herr="EINVAL",
        hrule=["TMR-ARG-08"], krule=["KF-TMR-04"],
        what="the pointer must be at the timer's offset: " + where,
        desc=desc)


COND = {
    "stack-timer": dict(
        map=None, asm=['"r1 = r10;"', '"r1 += -16;"'],
        c=["struct bpf_timer t = {};", "", "TIMER(&t);"],
        hmsg="R1 type=fp expected=map_value", herr="EACCES",
        kmsg="R1 doesn't point to a map value", kerr="EINVAL",
        hrule=["TMR-ARG-03"], krule=["KF-TMR-03"],
        what="a pointer to the BPF stack is not a map value",
        desc="on a stack struct bpf_timer"),
    "null": dict(
        map=None, asm=['"r1 = 0;"'], c=["TIMER(NULL);"],
        hmsg="R1 type=scalar expected=map_value", herr="EACCES",
        kmsg="Possibly NULL pointer passed to trusted R1", kerr="EACCES",
        hrule=["TMR-ARG-03"], krule=["KF-TMR-02"],
        what="a NULL constant is refused (a helper sees a scalar, the "
             "kfunc's NULL check fires first)",
        desc="on a NULL constant"),
    "hash-unchecked": dict(
        map="hash_map", asm=lookup(checked=False) + ['"r1 = r0;"'],
        c=None,
        hmsg="R1 type=map_value_or_null expected=map_value", herr="EACCES",
        hrule=["TMR-ARG-03"],
        what="a HASH lookup result that was not NULL-checked is "
             "map_value_or_null",
        desc="on an unchecked hash lookup result"),
    "scalar": dict(
        map=None, asm=['"r1 = 4096;"'], c=["TIMER((struct bpf_timer *)4096);"],
        hmsg="R1 type=scalar expected=map_value", herr="EACCES",
        kmsg="R1 doesn't point to a map value", kerr="EINVAL",
        hrule=["TMR-ARG-03"], krule=["KF-TMR-03"],
        what="a non-zero scalar is not a map value",
        desc="on the scalar 4096"),
    "ctx": dict(
        map=None, asm=[], c=["TIMER((struct bpf_timer *)skb);"],
        hmsg="R1 type=ctx expected=map_value", herr="EACCES",
        kmsg="R1 doesn't point to a map value", kerr="EINVAL",
        hrule=["TMR-ARG-03"], krule=["KF-TMR-03"],
        what="the program's context pointer is not a map value",
        desc="on the ctx pointer"),
    "packet": dict(
        map=None, asm=['"r1 = *(u32 *)(r1 + %[skb_data]);"'],
        imms=["__imm_const(skb_data, offsetof(struct __sk_buff, data))"],
        c=["TIMER((struct bpf_timer *)(long)skb->data);"],
        hmsg="helper access to the packet is not allowed", herr="EACCES",
        kmsg="R1 doesn't point to a map value", kerr="EINVAL",
        hrule=["TMR-ARG-03"], krule=["KF-TMR-03"],
        what="a packet pointer is refused (a helper without pkt_access "
             "stops at the packet check, the kfunc at the map-value check)",
        desc="on skb->data"),
    "map-without-timer": dict(
        map="plain_map", asm=lookup() + ['"r1 = r0;"', '"r1 += 8;"'],
        c=["TIMER((void *)val + 8);"],
        hmsg="map 'plain_map' has no valid bpf_timer", herr="EINVAL",
        hrule=["TMR-ARG-07"], krule=["KF-TMR-04"],
        what="the value's map has no bpf_timer field",
        desc="on a value of a map without a timer field"),
    "wq-only-map": dict(
        map="wq_map", asm=lookup() + ['"r1 = r0;"', '"r1 += 8;"'],
        c=["TIMER((void *)val + 8);"],
        hmsg="map 'wq_map' has no valid bpf_timer", herr="EINVAL",
        hrule=["TMR-ARG-07"], krule=["KF-TMR-04"],
        what="the value's map holds a bpf_wq but no bpf_timer",
        desc="on the bpf_wq of a wq-only map"),
    "map-without-btf": dict(
        map="nobtf_map", asm=lookup() + ['"r1 = r0;"', '"r1 += 8;"'],
        c=["TIMER((void *)val + 8);"],
        hmsg="map 'nobtf_map' has to have BTF in order to use bpf_timer",
        herr="EINVAL",
        hrule=["TMR-ARG-06"], krule=["KF-TMR-04"],
        what="the value's map was created without BTF (key_size/value_size "
             "only, so libbpf passes no value type id)",
        desc="on a value of a map created without BTF"),
    "value-start": wrong_offset(0, "the value start (offset 0) is before the timer at 8",
                                "on the value start, timer at offset 8"),
    "inside-timer": wrong_offset(12, "offset 12 is inside the timer at 8",
                                 "on offset 12, inside the timer at 8"),
    "after-timer": wrong_offset(24, "offset 24 is after the timer at 8",
                                "on offset 24, after the timer at 8"),
    "variable-offset": dict(
        map="timer_map",
        asm=lookup() + ['"r6 = r0;"', '"call %[bpf_get_prandom_u32];"',
                        '"r0 &= 16;"', '"r6 += 8;"', '"r6 += r0;"',
                        '"r1 = r6;"'],
        imms=["__imm(bpf_get_prandom_u32)"],
        c=["TIMER((void *)val + 8 + (bpf_get_prandom_u32() & 16));"],
        hmsg="R1 doesn't have constant offset. bpf_timer has to be at the "
             "constant offset", herr="EINVAL",
        hrule=["TMR-ARG-05"], krule=["KF-TMR-04"],
        what="the pointer must have a constant offset, even when its "
             "smallest value is the timer's",
        desc="on val + 8 + (prandom & 16)"),
    "nested-struct": dict(
        map="nest_map", asm=lookup() + ['"r1 = r0;"', '"r1 += 8;"'],
        c=["TIMER((void *)&val->in);"],
        hmsg="off 8 doesn't point to 'struct bpf_timer' that is at 16",
        herr="EINVAL",
        hrule=["TMR-ARG-08"], krule=["KF-TMR-04"],
        what="a timer inside a nested struct is found at its flattened "
             "offset (16); the nested struct's start (8) is refused",
        desc="on the nested struct holding the timer"),
    "non-gpl": dict(
        map="timer_map", asm=lookup() + ['"r1 = r0;"', '"r1 += 8;"'],
        c=None, license="Proprietary",
        hmsg="cannot call GPL-restricted function from non-GPL compatible "
             "program", herr="EINVAL",
        hrule=["TMR-ARG-02"],
        what="the timer helpers are gpl_only",
        desc="from a \\\"Proprietary\\\" program"),
    "under-spin-lock": dict(
        map="lock_map",
        asm=lookup() + ['"r6 = r0;"', '"r1 = r6;"',
                        '"call %[bpf_spin_lock];"', '"r1 = r6;"',
                        '"r1 += 8;"'],
        post=['"r1 = r6;"', '"call %[bpf_spin_unlock];"'],
        imms=["__imm(bpf_spin_lock)", "__imm(bpf_spin_unlock)"],
        c=["bpf_spin_lock(&val->lock);", "TIMER(&val->t);",
           "bpf_spin_unlock(&val->lock);"],
        hmsg="function calls are not allowed while holding a lock",
        herr="EINVAL", kmsg="function calls are not allowed while holding "
        "a lock", kerr="EINVAL",
        hrule=["TMR-ARG-18"], krule=["TMR-ARG-18"],
        what="no timer helper or kfunc may be called while a bpf_spin_lock "
             "is held",
        desc="between bpf_spin_lock and bpf_spin_unlock"),
}

ENFORCED = {
    "stack-timer": ("check_func_arg -> check_reg_type (timer_types)",
                    "check_kfunc_args (KF_ARG_PTR_TO_TIMER)"),
    "null": ("check_func_arg -> check_reg_type (timer_types)",
             "check_kfunc_args (NULL check of pointer arguments)"),
    "hash-unchecked": ("check_func_arg -> check_reg_type (timer_types)", None),
    "scalar": ("check_func_arg -> check_reg_type (timer_types)",
               "check_kfunc_args (KF_ARG_PTR_TO_TIMER)"),
    "ctx": ("check_func_arg -> check_reg_type (timer_types)",
            "check_kfunc_args (KF_ARG_PTR_TO_TIMER)"),
    "packet": ("check_func_arg (may_access_direct_pkt_data)",
               "check_kfunc_args (KF_ARG_PTR_TO_TIMER)"),
    "map-without-timer": ("check_map_field_pointer (via process_timer_func)",) * 2,
    "wq-only-map": ("check_map_field_pointer (via process_timer_func)",) * 2,
    "map-without-btf": ("check_map_field_pointer (via process_timer_func)",) * 2,
    "value-start": ("check_map_field_pointer (via process_timer_func)",) * 2,
    "inside-timer": ("check_map_field_pointer (via process_timer_func)",) * 2,
    "after-timer": ("check_map_field_pointer (via process_timer_func)",) * 2,
    "variable-offset": ("check_map_field_pointer (via process_timer_func)",) * 2,
    "nested-struct": ("check_map_field_pointer (via process_timer_func); "
                      "btf_find_nested_struct",) * 2,
    "non-gpl": ("check_helper_call (fn->gpl_only)", None),
    "under-spin-lock": ("do_check_insn (BPF_CALL with active_locks)",) * 2,
}

HEADER_NAME = {
    "init": "bpf_timer_init", "set-callback": "bpf_timer_set_callback",
    "start": "bpf_timer_start", "cancel": "bpf_timer_cancel",
    "cancel-async": "bpf_timer_cancel_async()",
}


def map_def(name):
    """C text of the struct (if any) and the map definition of name."""
    struct, mtype, value = MAPS[name]
    lines = [struct] if struct else []
    lines.append("struct {")
    lines.append("\t__uint(type, %s);" % mtype)
    lines.append("\t__uint(max_entries, %d);" % (4 if "HASH" in mtype else 1))
    if value:
        lines.append("\t__type(key, int);")
        lines.append("\t__type(value, %s);" % value)
    else:
        lines.append("\t__uint(key_size, sizeof(int));")
        lines.append("\t__uint(value_size, 32);\t/* no __type: no BTF */")
    lines.append("} %s SEC(\".maps\");\n" % name)
    return "\n".join(lines)


def wrap(text, width=72, first="/* ", rest=" * "):
    """Wrap text into comment lines."""
    words, lines, cur = text.split(), [], first
    for w in words:
        if len(cur) + len(w) + 1 > width and cur.strip() not in ("/*", "*"):
            lines.append(cur.rstrip())
            cur = rest
        cur += w + " "
    lines.append(cur.rstrip())
    return lines


def header(call, cond, c, helper):
    enf = ENFORCED[cond][0 if helper else 1]
    rules = c["hrule"] if helper else c["krule"]
    text = "%s: %s." % (HEADER_NAME[call], c["what"])
    lines = wrap(text)
    lines.append(" * Enforced by: %s" % enf)
    lines.append(" * Rule: %s" % ", ".join(rules))
    lines.append(" * Generated by %s; edit the generator, not this file." % GEN)
    lines.append(" */")
    return "\n".join(lines)


def annotations(c, helper, fn, desc_call):
    msg = c["hmsg"] if helper else c.get("kmsg", c["hmsg"])
    err = c["herr"] if helper else c.get("kerr", c["herr"])
    rules = c["hrule"] if helper else c["krule"]
    out = ["__failure __msg(\"%s\")" % msg, "__errno(%s)" % err
           + "".join(" __rule(\"%s\")" % r for r in rules)]
    if not helper:
        out.append("__requires(\"kfunc:bpf_timer_cancel_async\")")
    out.append("__description(\"%s %s\")" % (desc_call, c["desc"]))
    return "\n".join(out)


def helper_case(call, cond, c):
    spec = CALLS[call]
    mp = c["map"] or ("timer_map" if call == "init" else None)
    maps = [mp] if mp else []
    name = "timer-%s-%s" % (call, cond)
    func = name.replace("-", "_")
    out = [header(call, cond, c, True)]
    if c.get("license"):
        out.append("#define TWC_NO_LICENSE")
    out.append("#include \"twc.h\"\n")
    if c.get("license"):
        out.append("char _license[] SEC(\"license\") = \"%s\";\n" % c["license"])
    for m in maps:
        out.append(map_def(m))
    if spec.get("cb"):
        out.append("static int timer_cb(void *map, int *key, void *val)\n"
                   "{\n\treturn 0;\n}\n")
    out.append("SEC(\"tc\")")
    out.append(annotations(c, True, spec["fn"], spec["fn"]))
    out.append("__naked int %s(void)\n{\n\tasm volatile (" % func)
    body = [l.replace("{map}", c["map"] or "") for l in c["asm"]]
    body += [l.replace("{map}", mp or "") for l in spec["args"]]
    body.append('"call %%[%s];"' % spec["fn"])
    body += c.get("post", [])
    if any("1f" in l for l in body):
        body.append('"1:"')
    body += ['"r0 = 0;"', '"exit;"']
    out.append("\n".join("\t" + l for l in body))
    imms = []
    if c["map"]:
        imms.append("__imm_addr(%s)" % c["map"])
    imms += [i.replace("{map}", mp or "") for i in spec["imms"]]
    imms += c.get("imms", [])
    if any("bpf_map_lookup_elem" in l for l in body):
        imms.append("__imm(bpf_map_lookup_elem)")
    imms.append("__imm(%s)" % spec["fn"])
    seen, uniq = set(), []
    for i in imms:
        if i not in seen:
            seen.add(i)
            uniq.append(i)
    out.append("\t:\n\t: " + ",\n\t  ".join(uniq) + "\n\t: __clobber_all);\n}")
    return name, "\n".join(out) + "\n"


def kfunc_case(call, cond, c):
    name = "timer-%s-%s" % (call, cond)
    func = name.replace("-", "_")
    out = [header(call, cond, c, False), "#include \"twc.h\"\n"]
    if c["map"]:
        out.append(map_def(c["map"]))
    out.append("SEC(\"tc\")")
    out.append(annotations(c, False, "bpf_timer_cancel_async",
                           "bpf_timer_cancel_async"))
    out.append("int %s(struct __sk_buff *skb)\n{" % func)
    body = []
    if c["map"]:
        vt = MAPS[c["map"]][2] or "void"
        body += ["int key = 0;",
                 "%s *val = bpf_map_lookup_elem(&%s, &key);" % (vt, c["map"]),
                 "", "if (!val)", "\treturn 0;"]
    for s in c["c"]:
        body.append(s.replace("TIMER(", "bpf_timer_cancel_async("))
    body.append("return 0;")
    out.append("\n".join(("\t" + l) if l else "" for l in body))
    out.append("}")
    return name, "\n".join(out) + "\n"


def cases():
    """Yield (name, text) for every generated case, in a fixed order."""
    for cond, c in COND.items():
        for call, spec in CALLS.items():
            if (call, cond) in SKIP:
                continue
            if spec["helper"]:
                yield helper_case(call, cond, c)
            elif c.get("c") is not None:
                yield kfunc_case(call, cond, c)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "cases", "reject"),
                    help="directory to write into (default: cases/reject)")
    ap.add_argument("--list", action="store_true", help="only list the names")
    ap.add_argument("--check", action="store_true",
                    help="compare with the files in --out, write nothing")
    args = ap.parse_args()
    stale = []
    for name, text in cases():
        if args.list:
            print(name)
            continue
        path = os.path.join(args.out, name + ".bpf.c")
        if args.check:
            old = open(path).read() if os.path.exists(path) else None
            if old != text:
                stale.append(os.path.relpath(path, ROOT))
            continue
        with open(path, "w") as f:
            f.write(text)
    for p in stale:
        print("stale: %s" % p, file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
