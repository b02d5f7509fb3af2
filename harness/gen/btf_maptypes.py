#!/usr/bin/env python3
"""btf_maptypes.py: write the map-type BTF cases, btf/maps/maptype-*.case.

For every map type of the reference kernel, three cases create a map of
that type whose 16-byte value is plain (two u64: the control), holds a
struct bpf_timer, or holds a struct bpf_wq, with the attributes the type
needs otherwise (key, max_entries, flags), and say what BPF_MAP_CREATE
answers; where the map is created with a timer or wq, a probe program must
verify against it.  The answers in TABLE were read from the kernel source
(map_check_btf and each type's map_alloc_check) and confirmed on the
reference kernel; where the kernel disagrees, the kernel is right: change
the table, regenerate, and say why in NOTES.

Deterministic: the same table gives the same bytes.  `make gen-check`
regenerates into a temporary directory and diffs.

Exit status: 0 written, 2 usage or I/O error.
"""
import argparse
import glob
import os
import sys
import textwrap

# name, key (a std type or key_size=N), entries, flags, (plain, timer, wq)
TABLE = [
    ("hash", "u32", 1, "", ("ok", "ok", "ok")),
    ("array", "u32", 1, "", ("ok", "ok", "ok")),
    ("prog_array", "u32", 1, "", ("-EINVAL",) * 3),
    ("perf_event_array", "u32", 1, "", ("-EINVAL",) * 3),
    ("percpu_hash", "u32", 1, "", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("percpu_array", "u32", 1, "", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("stack_trace", "u32", 1, "", ("-ENOTSUPP", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("cgroup_array", "u32", 1, "", ("-EINVAL",) * 3),
    ("lru_hash", "u32", 1, "", ("ok", "ok", "ok")),
    ("lru_percpu_hash", "u32", 1, "", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("lpm_trie", "lpm_key", 1, "BPF_F_NO_PREALLOC", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("array_of_maps", "u32", 1, "", ("-EINVAL",) * 3),
    ("hash_of_maps", "u32", 1, "", ("-EINVAL",) * 3),
    ("devmap", "u32", 1, "", ("-EINVAL",) * 3),
    ("sockmap", "u32", 1, "", ("-EINVAL",) * 3),
    ("cpumap", "u32", 1, "", ("-EINVAL",) * 3),
    ("xskmap", "u32", 1, "", ("-EINVAL",) * 3),
    ("sockhash", "u32", 1, "", ("-EINVAL",) * 3),
    ("cgroup_storage", "u64", 0, "", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("reuseport_sockarray", "u32", 1, "", ("-EINVAL",) * 3),
    ("percpu_cgroup_storage", "u64", 0, "", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("queue", "key_size=0", 1, "", ("-EINVAL",) * 3),
    ("stack", "key_size=0", 1, "", ("-EINVAL",) * 3),
    ("sk_storage", "u32", 0, "BPF_F_NO_PREALLOC", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("devmap_hash", "u32", 1, "", ("-EINVAL",) * 3),
    ("struct_ops", "u32", 1, "", ("-EINVAL",) * 3),
    ("ringbuf", "key_size=0", 4096, "", ("-EINVAL",) * 3),
    ("inode_storage", "u32", 0, "BPF_F_NO_PREALLOC", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("task_storage", "u32", 0, "BPF_F_NO_PREALLOC", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("bloom_filter", "key_size=0", 1, "", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("user_ringbuf", "key_size=0", 4096, "", ("-EINVAL",) * 3),
    ("cgrp_storage", "u32", 0, "BPF_F_NO_PREALLOC", ("ok", "-EOPNOTSUPP", "-EOPNOTSUPP")),
    ("arena", "key_size=0", 1, "BPF_F_MMAPABLE", ("-EINVAL",) * 3),
    ("insn_array", "u32", 1, "", ("-EINVAL", "-EACCES", "-EACCES")),
    ("rhash", "u32", 1, "BPF_F_NO_PREALLOC", ("ok", "ok", "ok")),
]

# More rule ids a type's timer and wq cases show.
EXTRA_RULES = {"insn_array": ", MAP-02"}

# Why a type refuses even the plain value, or other facts worth a line.
NOTES = {
    "prog_array": "Its values are 4-byte program fds: any 16-byte value is refused.",
    "perf_event_array": "Its values are 4-byte perf event fds: any 16-byte value is refused.",
    "cgroup_array": "Its values are 4-byte cgroup fds: any 16-byte value is refused.",
    "array_of_maps": "Its values are 4-byte map fds: any 16-byte value is refused.",
    "hash_of_maps": "Its values are 4-byte map fds: any 16-byte value is refused.",
    "devmap": "Its values are 4 or 8 bytes: any 16-byte value is refused.",
    "devmap_hash": "Its values are 4 or 8 bytes: any 16-byte value is refused.",
    "sockmap": "Its values are 4 or 8 bytes: any 16-byte value is refused.",
    "sockhash": "Its values are 4 or 8 bytes: any 16-byte value is refused.",
    "cpumap": "Its values are 4 or 8 bytes: any 16-byte value is refused.",
    "xskmap": "Its values are 4-byte socket fds: any 16-byte value is refused.",
    "reuseport_sockarray": "Its values are 4 or 8 bytes: any 16-byte value is refused.",
    "queue": "It has no key, and map_check_btf refuses a keyless map whose type has "
             "no map_check_btf: any value with BTF is refused.",
    "stack": "It has no key, and map_check_btf refuses a keyless map whose type has "
             "no map_check_btf: any value with BTF is refused.",
    "struct_ops": "It needs btf_vmlinux_value_type_id: any map without one is refused.",
    "ringbuf": "It has neither key nor value: any value is refused.",
    "user_ringbuf": "It has neither key nor value: any value is refused.",
    "arena": "It has neither key nor value: any value is refused.",
    "insn_array": "Its values are 16 bytes (struct bpf_insn_array_value), and its "
                  "map_alloc makes every such map BPF_F_RDONLY_PROG: a timer or wq is "
                  "refused as in any read-only map (-EACCES, MAP-02); the plain value is "
                  "refused by insn_array_check_btf, which wants an i64 value type.",
    "stack_trace": "It refuses BTF (map_check_no_btf: -ENOTSUPP), but map_check_btf "
                   "refuses the timer or wq first.",
}

FIELDS = (("plain", None), ("timer", "bpf_timer"), ("wq", "bpf_wq"))
HEADER_NOTE = "# Generated by harness/gen/btf_maptypes.py from its table; do not edit."


def case_text(name, key, entries, flags, field, std, outcome):
    """The text of one case."""
    kind = name.upper()
    what = {"plain": "a plain 16-byte value (two u64)",
            "timer": "a value holding a struct bpf_timer",
            "wq": "a value holding a struct bpf_wq"}[field]
    verdict = "is created" if outcome == "ok" else "is refused: %s" % outcome
    lines = ["# A BPF_MAP_TYPE_%s map with %s %s." % (kind, what, verdict),
             "# Enforced by: map_check_btf, and the map type's map_alloc_check",
             "# Rule: MAP-03" + (EXTRA_RULES.get(name, "") if field != "plain" else "")]
    if name in NOTES:
        lines += ["# " + l for l in textwrap.wrap(NOTES[name], 74)]
    lines += [HEADER_NOTE, ""]
    types = ["u64"] if field == "plain" else [std]
    if key == "u32" or key == "u64":
        types.insert(0, key)
    elif key == "lpm_key":
        types.insert(0, "u32")
    lines += ["std %s" % t for t in dict.fromkeys(types)]
    if key == "lpm_key":
        lines += ["type lpm_key struct 8", "  field prefixlen u32 0", "  field data u32 4"]
    lines.append("type elem struct 16")
    if field == "plain":
        lines += ["  field a u64 0", "  field b u64 8"]
    else:
        lines.append("  field %s %s 0" % ("t" if field == "timer" else "w", std))
    lines.append("btf expect ok")
    keyarg = key if key.startswith("key_size=") else "key=%s" % key
    opts = " flags=%s" % flags if flags else ""
    lines.append("map m %s %s value=elem entries=%d%s expect %s"
                 % (name, keyarg, entries, opts, outcome))
    if outcome == "ok" and field != "plain":
        lines.append("probe p %s-init m 0 expect ok" % field)
    return "\n".join(lines) + "\n"


def file_name(name, field):
    return "maptype-%s-%s.case" % (name.replace("_", "-"), field)


def write(out_dir):
    """Write every case; remove maptype-*.case files the table no longer has."""
    os.makedirs(out_dir, exist_ok=True)
    wanted = set()
    for name, key, entries, flags, outcomes in TABLE:
        for (field, std), outcome in zip(FIELDS, outcomes):
            fname = file_name(name, field)
            wanted.add(fname)
            text = case_text(name, key, entries, flags, field, std, outcome)
            path = os.path.join(out_dir, fname)
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if old != text:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    for path in glob.glob(os.path.join(out_dir, "maptype-*.case")):
        if os.path.basename(path) not in wanted:
            os.remove(path)
    return len(wanted)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="btf/maps", help="directory (default: btf/maps)")
    args = ap.parse_args()
    try:
        n = write(args.out)
    except OSError as e:
        sys.stderr.write("btf_maptypes: %s\n" % e)
        return 2
    sys.stdout.write("btf_maptypes: %d cases in %s\n" % (n, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
