#!/usr/bin/env python3
"""bench.py: the figures of make bench, from one run's stream and results.

Reads the stream's BOOT, TIME and BENCH records and results.json's
verification times, and prints: boot (QEMU's start to /init), the sum of the
kernel's verification time, the floor (boot + verification), the wall time
of the corpus's loop and its ratio to the floor, where the loader's time
per case went (open, prepare, load outside the verifier, the rest of the
case's process, the hand-over and the channel, and with more than one
loader process the time one waited for the other at the end), and
veristat on the same objects in the same boot against twc's loop: its
wall time, its verification sum, its programs and how many the kernel
took.  Exit status 1 when veristat did not verify a program per object
(then its time is not that of the same work and no ratio is printed).

With --matrix (make bench-matrix), the same from a `make matrix` run's
directory, per kernel: boots (and how many restored the saved guest, and
the fastest of those), one cold boot, the sum of verification time, the
floor (one boot + verification), the kernel's wall time and its ratio to
the floor; then the matrix's wall against the sum of the floors.
"""
import os
import argparse
import json
import sys

BLOBS = (b"LOG", b"LIBBPF", b"CONSOLE", b"STEPLOG", b"XLATED", b"BPFSTREAM", b"GCDA")


def records(data):
    """Each record line of a stream, split; the bytes of blobs skipped."""
    pos = 0
    while pos < len(data):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return
        f = data[pos:nl].split(b" ")
        pos = nl + 1
        if f[0] in BLOBS and len(f) >= 3 and f[1 if f[0] == b"GCDA" else 2].isdigit():
            pos += int(f[1 if f[0] == b"GCDA" else 2]) + 1
        yield f


def read_boots(path):
    """[(boot_ns, init_ns, restored)] of a stream's BOOT records (the host's):
    restored, a boot that started from the run's saved guest (twc run
    --snapshot) instead of booting the kernel."""
    boots = []
    with open(path, "rb") as f:
        for r in records(f.read()):
            restored = len(r) == 4 and r[3] == b"restored"
            if r[0] == b"BOOT" and (len(r) in (2, 3) or restored) and \
                    all(x.isdigit() for x in r[1:3]):
                boots.append((int(r[1]), int(r[2]) if len(r) >= 3 else 0, restored))
    return boots


def verification_seconds(results_path):
    """The sum of the kernel's verification time of a results.json's cases."""
    with open(results_path) as f:
        cases = json.load(f)["cases"]
    return sum(max(c.get("verification_time_usec") or 0, 0) for c in cases) / 1e6, len(cases)


def read_seconds(path):
    with open(path) as f:
        return float(f.read().strip())


def kernel_figures(d):
    """One kernel's row of make bench-matrix, from its matrix directory."""
    boots = read_boots(os.path.join(d, "stream"))
    vt, n = verification_seconds(os.path.join(d, "results.json"))
    inits = [i for _, i, restored in boots if i and not restored]
    restores = [i for _, i, restored in boots if i and restored]
    boot = min(inits) / 1e9 if inits else 0.0
    wall = read_seconds(os.path.join(d, "seconds"))
    return {"kernel": os.path.basename(os.path.normpath(d)), "cases": n, "boots": len(boots),
            "restored": sum(1 for b in boots if b[2]),
            "restore": min(restores) / 1e9 if restores else None,
            "boot": boot, "verification": vt, "floor": boot + vt, "wall": wall,
            "vm": sum(b[0] for b in boots) / 1e9}


def matrix_table(rows, total_wall):
    """The lines of make bench-matrix: a row per kernel, then the totals."""
    head = f"  {'kernel':<12} {'cases':>5} {'boots':>5} {'rest.':>5} {'boot':>7} " \
           f"{'restore':>7} {'verif':>7} {'floor':>7} {'VM':>7} {'wall':>7} {'wall/floor':>10}"
    out = [head]
    for r in rows:
        ratio = f"{r['wall'] / r['floor']:.2f}" if r["floor"] else "-"
        restore = f"{r['restore']:.1f}s" if r["restore"] is not None else "-"
        out.append(f"  {r['kernel']:<12} {r['cases']:>5} {r['boots']:>5} {r['restored']:>5} "
                   f"{r['boot']:>6.1f}s {restore:>7} "
                   f"{r['verification']:>6.1f}s {r['floor']:>6.1f}s {r['vm']:>6.1f}s "
                   f"{r['wall']:>6.1f}s {ratio:>10}")
    floors = sum(r["floor"] for r in rows)
    out.append(f"  matrix: wall {total_wall:.1f} s, the kernels' floors {floors:.1f} s in sum: "
               f"wall / floors = {total_wall / floors:.2f}" if floors else
               f"  matrix: wall {total_wall:.1f} s, no floor (no case verified)")
    return "\n".join(out)


def matrix_main(a):
    m = a.matrix
    dirs = sorted((os.path.join(m, d) for d in os.listdir(m)
                   if os.path.isfile(os.path.join(m, d, "results.json"))),
                  key=lambda d: [int(x) if x.isdigit() else x
                                 for x in os.path.basename(d).replace("-", ".").split(".")])
    if not dirs:
        print(f"bench: no kernel's results under {m}: the matrix did not run", file=sys.stderr)
        return 2
    try:
        rows = [kernel_figures(d) for d in dirs]
        total = read_seconds(os.path.join(m, "seconds"))
    except (OSError, ValueError, KeyError) as e:
        print(f"bench: {m}: an incomplete matrix run: {e}", file=sys.stderr)
        return 2
    print(f"bench-matrix: {len(rows)} kernels, JOBS={a.jobs}, VMS={a.vms}; {a.machine}")
    print("  (boot: QEMU's start to /init, the fastest cold boot; rest.: boots restored from "
          "the saved guest, restore: the fastest of them to its first record; floor: one "
          "cold boot + the sum of verification time; VM: every boot's time, reboots after "
          "crashes included)")
    print(matrix_table(rows, total))
    return 0


def read_stream(path):
    """(init_ns, {idx: (open, prepare, clone, case)}, {bench name: value},
    {idx: the errno of its last LOAD record})."""
    init, times, bench, loads = 0, {}, {}, {}
    with open(path, "rb") as f:
        for r in records(f.read()):
            if r[0] == b"BOOT" and len(r) in (3, 4):
                init += int(r[2])
            elif r[0] == b"TIME" and len(r) == 6:
                times[int(r[1])] = [int(x) for x in r[2:]]
            elif r[0] == b"BENCH" and len(r) == 3:
                bench[r[1].decode()] = int(r[2])
            elif r[0] == b"LOAD" and len(r) >= 4 and r[1].isdigit():
                loads[int(r[1])] = int(r[3])
    return init, times, bench, loads


def table(rows):
    """Rows of (label, figure, note) as aligned lines."""
    w = max(len(r[0]) for r in rows)
    return "\n".join(f"  {a:<{w}}  {b:>9}  {c}".rstrip() for a, b, c in rows)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--matrix", help="a make matrix run's directory (O/matrix): make bench-matrix")
    p.add_argument("--vms", default="?", help="with --matrix: the VMs at once")
    p.add_argument("--stream")
    p.add_argument("--results")
    p.add_argument("--run-seconds", type=float)
    p.add_argument("--kernel", default="?")
    p.add_argument("--machine", default="?")
    p.add_argument("--jobs", type=int, default=1, help="the guest's loader processes")
    a = p.parse_args(argv)
    if a.matrix:
        return matrix_main(a)
    if not (a.stream and a.results and a.run_seconds is not None):
        p.error("give --stream, --results and --run-seconds, or --matrix")
    init, times, bench, loads = read_stream(a.stream)
    with open(a.results) as f:
        cases = json.load(f)["cases"]
    vt = sum(max(c.get("verification_time_usec") or 0, 0) for c in cases) / 1e6
    loop = bench.get("loop", 0) / 1e9
    boot = init / 1e9
    floor, wall = boot + vt, boot + loop
    n = max(len(times), 1)
    ms = [sum(t[i] for t in times.values()) / n / 1e6 for i in range(4)]
    vt_ms = vt * 1e3 / n
    # The loaders' time that no case took: loop x loaders, less the cases'.
    rest = (loop * a.jobs - sum(t[3] for t in times.values()) / 1e9) * 1e3 / n
    rows = [
        ("boot (QEMU's start to /init)", f"{boot:.1f} s", ""),
        ("verification (the kernel's sum)", f"{vt:.1f} s", f"{len(cases)} cases"),
        ("floor (boot + verification)", f"{floor:.1f} s", ""),
        ("wall (boot + the loader's loop)", f"{wall:.1f} s",
         f"wall / floor = {wall / floor:.2f}" if floor else ""),
        ("the run, host's clock, veristat included", f"{a.run_seconds:.1f} s", ""),
        ("per case in the loader", f"{(ms[3] + max(rest, 0)):.1f} ms",
         f"over {len(times)} cases"),
        ("  open the object", f"{ms[0]:.1f} ms", ""),
        ("  prepare (relocations, kfuncs, maps)", f"{ms[1]:.1f} ms", ""),
        ("  load: verification", f"{vt_ms:.1f} ms", ""),
        ("  load: the rest of BPF_PROG_LOAD", f"{max(ms[2] - vt_ms, 0):.1f} ms", ""),
        ("  the rest of the case's process", f"{max(ms[3] - ms[0] - ms[1] - ms[2], 0):.1f} ms",
         "aux programs, close, records"),
        ("  hand-over, BEGIN/END" + (", idle loaders" if a.jobs > 1 else ""),
         f"{max(rest, 0):.1f} ms", f"{a.jobs} loaders" if a.jobs > 1 else ""),
    ]
    why = veristat_failed(bench)
    if "veristat" in bench and not why:
        vs, vv = bench["veristat"] / 1e9, bench["veristat-verification"] / 1e9
        nv = bench["veristat-programs"]
        rows += [("veristat, same objects, same boot", f"{vs:.1f} s",
                  f"{bench['veristat-objects']} objects, each at its case's log level"),
                 ("  verification (the kernel's sum)", f"{vv:.1f} s",
                  f"{nv} programs, {bench['veristat-accepted']} accepted "
                  f"(twc: {sum(1 for err in loads.values() if err == 0)})"),
                 ("  the rest", f"{max(vs - vv, 0) * 1e3 / max(nv, 1):.1f} ms", "per program"),
                 ("twc's loop / veristat", f"{loop / vs:.2f}" if vs else "-", "")]
    print(f"bench: {a.kernel}, JOBS={a.jobs}; {a.machine}")
    print(table(rows))
    if why:
        print(f"bench: veristat {why}: no comparison with it")
        return 1
    return 0


def veristat_failed(bench):
    """Why veristat's figures are not a measurement of the same work, or
    None: it must have run to its end and verified a program per object
    (a run that did not happen must not read as a fast one)."""
    if "veristat" not in bench:
        return None
    if "veristat-programs" not in bench:
        return "reported no programs (a guest from before bench.c read veristat's rows)"
    if bench.get("veristat-status"):
        return f"exited with status {bench['veristat-status']}"
    if bench["veristat-programs"] != bench.get("veristat-objects"):
        return (f"reported {bench['veristat-programs']} programs for "
                f"{bench.get('veristat-objects')} objects")
    return None


if __name__ == "__main__":
    sys.exit(main())
