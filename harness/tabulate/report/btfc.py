"""btfc.py: a BTF case (btf/**/*.case) rendered as C.

A BTF case builds BTF type by type, creates maps with it, loads small tc
probe programs against them and acts on them from user space (the
language: harness/case/btfcase.h).  An author reads C, so here:

- the types become C declarations, each member commented with the offset
  the case gives it in BTF (where a C compiler would put it elsewhere, the
  comment says so: BTF can say what C cannot);
- each map becomes a libbpf map definition;
- each probe becomes the tc program the harness builds from raw
  instructions: look up key 0 (through the outer map first), NULL check,
  call the helper or kfunc on value + offset, return its result;
- the user-space steps (BPF_PROG_TEST_RUN, updates, mmap, ...) become the
  libbpf calls that do them, in order.

Each step is followed by what the reference kernel answered, from the
case's golden (the outcomes argument); "expect" is what the case demands.
"""
import re

from . import plainc

STD_INTS = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "s8": 1, "s16": 2, "s32": 4, "s64": 8,
            "int": 4, "char": 1}
STD_STRUCTS = {"bpf_timer": (16, 8), "bpf_wq": (16, 8), "bpf_task_work": (8, 8),
               "bpf_spin_lock": (4, 4), "bpf_res_spin_lock": (4, 4), "bpf_refcount": (4, 4),
               "bpf_list_head": (16, 8), "bpf_list_node": (24, 8), "bpf_rb_root": (16, 8),
               "bpf_rb_node": (32, 8)}
PROBE_CALLS = {
    "timer-init": "bpf_timer_init({field}, {map}, {flags})",
    "timer-setcb": "bpf_timer_set_callback({field}, {cb})",
    "timer-start": "bpf_timer_start({field}, {ns}, {flags})",
    "timer-cancel": "bpf_timer_cancel({field})",
    "timer-cancel-async": "bpf_timer_cancel_async({field})",
    "wq-init": "bpf_wq_init({field}, {map}, {flags})",
    "wq-setcb": "bpf_wq_set_callback({field}, {cb}, {flags})",
    "wq-start": "bpf_wq_start({field}, {flags})",
}
CLOCKS = {"0": "CLOCK_REALTIME", "1": "CLOCK_MONOTONIC", "7": "CLOCK_BOOTTIME"}
UPDATE_FLAGS = {"any": "BPF_ANY", "noexist": "BPF_NOEXIST", "exist": "BPF_EXIST",
                "lock": "BPF_F_LOCK"}


# ---- reading the case ----

def options(tokens):
    """key=value tokens as a dict; bare words as key: True."""
    out = {}
    for tok in tokens:
        key, sep, value = tok.partition("=")
        out[key] = value if sep else True
    return out


def parse(source):
    """(types {name: type}, type order, steps [(verb, tokens, expect, msgs)])."""
    types, order, steps, current = {}, [], [], None
    for raw in source.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tok = line.split()
        if tok[0] == "std":
            types[tok[1]] = dict(kind="std", name=tok[1])
        elif tok[0] == "type":
            current = dict(kind=tok[2], name=tok[1], args=tok[3:], members=[])
            types[tok[1]] = current
            order.append(tok[1])
        elif tok[0] in ("field", "var") and current is not None:
            current["members"].append(tok[1:])
        elif tok[0] == "msg":
            if steps:
                steps[-1][3].append(line[4:].strip().strip('"'))
        elif tok[0] != "requires":
            words, expect = tok, None
            if "expect" in tok:
                i = tok.index("expect")
                words, expect = tok[:i], " ".join(tok[i + 1:])
            steps.append((tok[0], words, expect, []))
    return types, order, steps


# ---- types ----

def std_c(name):
    return f"struct {name}" if name in STD_STRUCTS else name


def type_ref(types, name):
    """(C type text before the declarator, suffix after it) of a type name."""
    t = types.get(name)
    if t is None:
        return (name if name == "void" else f"/* ? */ {name}"), ""
    if t["kind"] == "std":
        return std_c(name), ""
    kind, args = t["kind"], t["args"]
    if kind in ("struct", "union"):
        return f"{kind} {c_name(t)}", ""
    if kind in ("const", "volatile"):
        base, suffix = type_ref(types, args[0])
        return f"{kind} {base}", suffix
    if kind == "ptr":
        base, suffix = type_ref(types, args[0])
        return f"{base} *", suffix
    if kind == "array":
        base, suffix = type_ref(types, args[0])
        return base, f"[{args[1]}]{suffix}"
    if kind == "type_tag":
        base, suffix = type_ref(types, args[1])
        return f'{base} __attribute__((btf_type_tag("{args[0]}")))', suffix
    if kind == "fwd":
        return f"{args[0]} {name}", ""
    return name, ""        # typedef, int, datasec: by name


def c_name(t):
    """The C name of a struct or union: its BTF name, or the case's handle."""
    opts = options(t["args"][1:])
    btfname = opts.get("btfname")
    if btfname == "-":
        return f"/* anonymous */ {t['name']}"
    return btfname or t["name"]


def size_align(types, name):
    """(size, alignment) of a type as C would lay it out, or (None, None)."""
    t = types.get(name)
    if t is None:
        return None, None
    if t["kind"] == "std":
        if name in STD_INTS:
            return STD_INTS[name], STD_INTS[name]
        return STD_STRUCTS[name]
    kind, args = t["kind"], t["args"]
    if kind in ("const", "volatile", "typedef"):
        return size_align(types, args[0])
    if kind == "type_tag":
        return size_align(types, args[1])
    if kind == "ptr":
        return 8, 8
    if kind == "int":
        return int(args[0]), int(args[0])
    if kind == "array":
        size, align = size_align(types, args[0])
        return (size * int(args[1]) if size is not None else None), align
    if kind in ("struct", "union"):
        aligns = [size_align(types, m[1])[1] for m in t["members"]]
        return int(args[0]), max([a for a in aligns if a] or [1])
    return None, None


def member_offset(spec):
    """(byte offset or None, bit offset) of a 'field' line's offset."""
    if spec.endswith("b"):
        bits = int(spec[:-1])
        return (bits // 8 if bits % 8 == 0 else None), bits
    return int(spec), int(spec) * 8


def is_anonymous(t):
    return t is not None and t["kind"] in ("struct", "union") and \
        options(t["args"][1:]).get("btfname") == "-"


def declarator(base, name, suffix):
    """'base name suffix' with C's spacing around a pointer."""
    sep = "" if base.endswith("*") or not name else " "
    return f"{base}{sep}{name}{suffix}"


def member_line(types, member, natural, indent="\t"):
    """One member of a struct as C, with its BTF offset; an anonymous
    struct or union member is written out in place."""
    name, tname, off = member[0], member[1], member[2]
    opts = options(member[3:])
    if is_anonymous(types.get(tname)):
        inner = struct_body(types, types[tname], indent + "\t")
        head = f"{indent}{types[tname]['kind']} {{\t/* {types[tname]['args'][0]} bytes */"
        tail = f"{indent}}}{'' if name == '-' else ' ' + name};"
        return [head] + inner + [f"{tail}\t/* offset {off} */"]
    base, suffix = type_ref(types, tname)
    decl = declarator(base, "" if name == "-" else name, suffix)
    byte_off, bit_off = member_offset(off)
    integral = types.get(tname, {}).get("kind") in ("int",) or tname in STD_INTS
    if ("bitsize" in opts and not integral) or (byte_off is None and "bitsize" not in opts):
        return [f"{indent}/* {decl}; at bit offset {bit_off}"
                + (f", {opts['bitsize']} bits" if "bitsize" in opts else "")
                + ": the case's BTF says so, C cannot */"]
    if "bitsize" in opts:
        decl += f" : {opts['bitsize']}"
    where = f"offset {byte_off}" if byte_off is not None and bit_off % 8 == 0 else \
        f"bit offset {bit_off}"
    if natural is not None and byte_off is not None and natural != byte_off and \
            "bitsize" not in opts:
        where += f" in the BTF; C would put it at {natural}"
    return [f"{indent}{decl};\t/* {where} */"]


def struct_body(types, t, indent="\t"):
    """The member lines of a struct or union, at their BTF offsets."""
    lines, pos = [], 0
    for m in t["members"]:
        msize, malign = size_align(types, m[1])
        natural = None
        if t["kind"] == "struct" and malign:
            natural = (pos + malign - 1) // malign * malign
        lines += member_line(types, m, natural, indent)
        byte_off = member_offset(m[2])[0]
        if t["kind"] == "struct" and byte_off is not None and msize is not None:
            pos = byte_off + msize
    return lines


def struct_decl(types, t):
    """A struct or union declaration, members at their BTF offsets."""
    head = f"{t['kind']} {c_name(t)} {{\t/* {t['args'][0]} bytes */"
    return [head] + struct_body(types, t) + ["};"]


def datasec_decl(types, t):
    """A datasec as the global variables of its section."""
    sec = t["name"]
    lines = [f"/* section {sec} ({t['args'][0]} bytes): its variables */"]
    for name, tname, off, *rest in t["members"]:
        base, suffix = type_ref(types, tname)
        size = options(rest).get("size")
        note = f"offset {off}" + (f", recorded size {size}" if size else "")
        lines.append(f'{declarator(base, name, suffix)} SEC("{sec}");\t/* {note} */')
    return lines


def type_decl(types, name):
    t = types[name]
    kind, args = t["kind"], t["args"]
    if kind in ("struct", "union") and args[0] == "0":
        return [f"/* {kind} {c_name(t)}: 0 bytes in the case's BTF, a stand-in for the "
                "kernel's (vmlinux.h has it) */"]
    if kind in ("struct", "union"):
        return [] if is_anonymous(t) else struct_decl(types, t)
    if kind == "typedef":
        base, suffix = type_ref(types, args[0])
        return [f"typedef {base} {options(args[1:]).get('btfname', name)}{suffix};"]
    if kind == "int":
        signed = "signed" in args[1:]
        return [f"typedef {'__s' if signed else '__u'}{int(args[0]) * 8} {name};"
                f"\t/* a BTF INT named {name}, {args[0]} bytes */"]
    if kind == "fwd":
        return [f"{args[0]} {name};"]
    if kind == "datasec":
        return datasec_decl(types, t)
    return []     # const, volatile, ptr, array, type_tag: written where used


# ---- steps ----

def outcome_comment(expect, outcome):
    """The trailing comment of a step: the reference kernel's answer."""
    if outcome is None:
        return f"/* expect {expect} */" if expect else ""
    return f"/* reference kernel: {outcome} */" if outcome else ""


def map_def(types, words, expect, outcome):
    name, mtype, opts = words[1], words[2], options(words[3:])
    lines = ["struct {", f"\t__uint(type, BPF_MAP_TYPE_{mtype.upper()});",
             f"\t__uint(max_entries, {opts.get('entries', '?')});"]
    if "key" in opts:
        lines.append(f"\t__type(key, {type_ref(types, opts['key'])[0]});")
    if "key_size" in opts:
        lines.append(f"\t__uint(key_size, {opts['key_size']});")
    value = opts.get("value")
    if value and types.get(value, {}).get("kind") == "datasec":
        lines.append(f"\t/* value: the section {value} above (global data) */")
    elif value:
        lines.append(f"\t__type(value, {type_ref(types, value)[0]});")
    if "value_size" in opts:
        lines.append(f"\t__uint(value_size, {opts['value_size']});")
    if "flags" in opts:
        lines.append(f"\t__uint(map_flags, {opts['flags'].replace('|', ' | ')});")
    if "extra" in opts:
        lines.append(f"\t__uint(map_extra, {opts['extra']});")
    if "inner" in opts:
        lines.append(f"\t/* inner map template: {opts['inner']} */")
    lines.append(f'}} {name} SEC(".maps");\t{outcome_comment(expect, outcome)}')
    if "unpriv" in opts:
        lines.insert(0, "/* created without CAP_BPF, CAP_SYS_ADMIN, CAP_PERFMON, "
                        "CAP_NET_ADMIN */")
    return lines


def probe_call(words):
    kind, mapname, off, opts = words[2], words[3], words[4], options(words[5:])
    flags = opts.get("flags")
    if kind == "timer-init":
        flags = CLOCKS.get(flags or "1", flags)
    mapref = "inner" if "outer" in opts else f"&{mapname}"
    return PROBE_CALLS[kind].format(field=f"value + {off}" if off != "0" else "value",
                                    cb=f"{words[1]}_cb",
                                    map=mapref, flags=flags or "0",
                                    ns=opts.get("ns", "10000000000"))


def probe_prog(words, expect, outcome, msgs):
    name, kind, mapname, opts = words[1], words[2], words[3], options(words[5:])
    lines = []
    if kind in ("timer-setcb", "wq-setcb"):
        lines += [f"static int {name}_cb(void *map, int *key, void *value)", "{", "\treturn 0;",
                  "}", ""]
    lines += ['SEC("tc")', f"int {name}(struct __sk_buff *skb)\t{outcome_comment(expect, outcome)}",
              "{", "\tu32 key = 0;"]
    if "outer" in opts:
        lines += [f"\tvoid *inner = bpf_map_lookup_elem(&{opts['outer']}, &key);", "",
                  "\tif (!inner)", "\t\treturn -2;\t/* -ENOENT */",
                  "\tvoid *value = bpf_map_lookup_elem(inner, &key);"]
    else:
        lines.append(f"\tvoid *value = bpf_map_lookup_elem(&{mapname}, &key);")
    lines += ["", "\tif (!value)", "\t\treturn -2;\t/* -ENOENT */",
              f"\treturn {probe_call(words)};", "}"]
    for m in msgs:
        lines.append(f"/* the verifier's log says: {m} */")
    return lines


def user_step(verb, words, expect, outcome):
    """A user-space step as the libbpf call that does it."""
    opts = options(words[2:])
    target = words[1] if len(words) > 1 else "?"
    if verb == "run":
        call = f"bpf_prog_test_run_opts({target}_fd, &opts);"
    elif verb == "update":
        key = opts.get("key", "0")
        value = f"&{opts['fd']}_fd" if "fd" in opts else "&zero_value"
        flags = " | ".join(UPDATE_FLAGS[f] for f in str(opts.get("flags", "any")).split("|"))
        call = f"bpf_map_update_elem({target}_fd, &(__u32){{{key}}}, {value}, {flags});"
    elif verb == "delete":
        call = f"bpf_map_delete_elem({target}_fd, &(__u32){{{opts.get('key', '0')}}});"
    elif verb == "mmap":
        call = f"mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, {target}_fd, 0);"
    elif verb == "freeze":
        call = f"bpf_map_freeze({target}_fd);"
    elif verb == "close":
        call = f"close({target}_fd);"
    elif verb == "kernel":
        call = f"/* the kernel's own BTF: {words[1]} {words[2]} */"
    else:
        call = "/* " + " ".join(words) + " */"
    return [f"{call}\t{outcome_comment(expect, outcome)}".rstrip()]


def align_outcomes(steps, golden_steps):
    """The reference kernel's outcome of each step, from the golden's steps
    in order (None where the golden has no such step)."""
    out, i = [], 0
    for verb, words, expect, msgs in steps:
        text = " ".join(words)
        outcome = None
        if i < len(golden_steps) and golden_steps[i][0] == text:
            outcome = golden_steps[i][1] or "done"
            i += 1
        out.append(outcome)
    return out


def render(source, golden_steps=()):
    """The whole case as C: a list of lines."""
    types, order, steps = parse(source)
    outcomes = align_outcomes(steps, list(golden_steps))
    lines = []
    for name in order:
        decl = type_decl(types, name)
        if decl:
            lines += decl + [""]
    user = []
    for (verb, words, expect, msgs), outcome in zip(steps, outcomes):
        if verb == "btf":
            lines += [f"/* the BTF of these types, loaded: {outcome or expect} */", ""]
        elif verb == "map":
            lines += map_def(types, words, expect, outcome) + [""]
        elif verb == "probe":
            lines += probe_prog(words, expect, outcome, msgs) + [""]
        else:
            user += user_step(verb, words, expect, outcome)
    if user:
        lines += ["/*", " * Then from user space, in this order (opts.retval is the program's",
                  " * return value; each call's outcome on the reference kernel after it):",
                  " *"] + [" *\t" + u.replace("/* ", "").replace(" */", "") for u in user] + [" */"]
    while lines and not lines[-1]:
        lines.pop()
    body = "\n".join(lines)
    return [re.sub(r"\s+$", "", l) for l in plainc.prelude(body, True) + [""] + lines]
