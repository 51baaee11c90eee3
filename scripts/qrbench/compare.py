#!/usr/bin/python3
"""Compare venuepass/qr with zxing-cpp and zbar on the QR benchmark set.

Run from the repository root, after `go run ./testdata/qr/gen.go` (the set
is committed, so only when changing it):

    apt-get install -y python3-zxing-cpp python3-pil python3-numpy zxing-cpp-tools zbar-tools
    /usr/bin/python3 scripts/qrbench/compare.py [--rounds 3] [--reps 3] [--procs 3] [DIR]

It prints two tables, each figure from this one run:

1. In process, like for like: venuepass/qr's Decoder (scripts/qrbench
   -frames) against zxing-cpp's Python binding (zxingcpp_frames.py), QR
   codes only, image loading excluded on both sides. Each frame is decoded
   REPS times per round, the two decoders taking turns for ROUNDS rounds so
   that both see the same load; a frame's time is the median of its
   ROUNDS*REPS wall-clock times, a set's figure the median over its frames.
   Thread CPU times are shown next to wall times: the machine may be shared,
   and CPU time is what other processes distort least.
2. Whole process, like for like: `venuepass scan`, `ZXingReader -format
   QRCode` and `zbarimg` each started once per frame and decode, PROCS times,
   median wall-clock time per frame (process start and image file decoding
   included for all three).

A frame counts as read when the decoder outputs the manifest text (among
its results), and for a frame without a code when it outputs nothing.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_frames(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    res = {}
    for line in out.splitlines():
        s, f, ok, wall, cpu = line.split("\t")
        res[(s, f)] = (ok == "1", float(wall), float(cpu))
    return res


def manifest(d):
    sets = {}
    for s in sorted(os.listdir(d)):
        p = os.path.join(d, s, "manifest.tsv")
        if os.path.isfile(p):
            with open(p, encoding="utf-8") as mf:
                sets[s] = [line.rstrip("\n").split("\t", 1) for line in mf if line.strip()]
    return sets


def med(v):
    return statistics.median(v) if v else float("nan")


def in_process(d, sets, rounds, reps, govp):
    gosamples, pysamples = {}, {}
    goreads, pyreads = {}, {}
    for _ in range(rounds):
        for name, cmd, samples, reads in (
            ("go", [govp, "-frames", "-n", str(reps), "-dir", d], gosamples, goreads),
            ("py", [sys.executable, os.path.join(HERE, "zxingcpp_frames.py"), "-n", str(reps), d], pysamples, pyreads),
        ):
            for k, (ok, wall, cpu) in run_frames(cmd).items():
                samples.setdefault(k, []).append((wall, cpu))
                reads[k] = ok
    frame = lambda samples, k: (med([w for w, _ in samples[k]]), med([c for _, c in samples[k]]))

    print("In process, %d rounds x %d decodes per frame, median per frame, then median over the set's frames" % (rounds, reps))
    print("(ms wall / ms thread CPU; image loading excluded; venuepass/qr Decoder vs zxing-cpp 1.4 Python binding, QR only)")
    print()
    print("| set | frames | venuepass/qr read | zxing-cpp read | venuepass/qr ms | zxing-cpp ms | ratio (wall) |")
    print("|---|---|---|---|---|---|---|")
    tot = [0, 0, 0]
    empty_go, empty_py, both_go, both_py, missed = [], [], [], [], []
    noisy_go, noisy_py = [], []
    for s, entries in sets.items():
        keys = [(s, f) for f, _ in entries]
        g = [frame(gosamples, k) for k in keys]
        p = [frame(pysamples, k) for k in keys]
        gr = sum(goreads[k] for k in keys)
        pr = sum(pyreads[k] for k in keys)
        tot[0] += len(keys)
        tot[1] += gr
        tot[2] += pr
        gw, gc = med([x[0] for x in g]), med([x[1] for x in g])
        pw, pc = med([x[0] for x in p]), med([x[1] for x in p])
        label = s + (" (no code: correct answer is none)" if all(w == "" for _, w in entries) else "")
        print("| %s | %d | %d | %d | %.1f / %.1f | %.1f / %.1f | %.2f |" % (label, len(keys), gr, pr, gw, gc, pw, pc, gw / pw))
        for (f, want), k, gx, px in zip(entries, keys, g, p):
            if want == "" and s.startswith("cam-noisy"):
                noisy_go.append(gx)
                noisy_py.append(px)
            elif want == "" and s.startswith("cam-"):
                empty_go.append(gx)
                empty_py.append(px)
            if want and goreads[k] and pyreads[k]:
                both_go.append(gx)
                both_py.append(px)
            if pyreads[k] and not goreads[k]:
                missed.append("%s/%s" % k)
    print("| **total read** | %d | **%d** | %d | | | |" % tuple(tot))
    print()
    line = lambda title, a, b: print("- %s: venuepass/qr %.1f ms wall (%.1f CPU), zxing-cpp %.1f ms wall (%.1f CPU); ratio %.2f wall, %.2f CPU" % (
        title, med([x[0] for x in a]), med([x[1] for x in a]), med([x[0] for x in b]), med([x[1] for x in b]),
        med([x[0] for x in a]) / med([x[0] for x in b]), med([x[1] for x in a]) / med([x[1] for x in b])))
    line("textured 720p frames without a code (%d), median" % len(empty_go), empty_go, empty_py)
    if noisy_go:
        line("noisy textured 720p frames without a code (sensor noise sigma 3-5, %d), median" % len(noisy_go), noisy_go, noisy_py)
    line("codes both read (%d), median" % len(both_go), both_go, both_py)
    print("- frames zxing-cpp reads and venuepass/qr does not: %s" % (", ".join(missed) or "none"))
    print()


def whole_process(d, sets, procs, vp):
    tools = [
        ("venuepass scan", lambda path: [vp, "scan", path], lambda out: out.splitlines()),
        ("ZXingReader", lambda path: ["ZXingReader", "-format", "QRCode", "-bytes", path], lambda out: [out] if out else []),
        ("zbarimg", lambda path: ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", path],
         lambda out: [out[:-1] if out.endswith("\n") else out] if out else []),
    ]
    print("Whole process, each tool started %d times per frame, median wall ms per frame, then median over the set's frames" % procs)
    print("(process start and image file decoding included for all three)")
    print()
    print("| set | frames | " + " | ".join("%s read / ms" % t[0] for t in tools) + " |")
    print("|---|---|" + "---|" * len(tools))
    totals = [0] * len(tools)
    for s, entries in sets.items():
        cells = []
        for ti, (_, cmd, parse) in enumerate(tools):
            reads, times = 0, []
            for f, want in entries:
                path = os.path.join(d, s, f)
                ts = []
                for _ in range(procs):
                    t0 = time.perf_counter()
                    r = subprocess.run(cmd(path), capture_output=True)
                    ts.append((time.perf_counter() - t0) * 1000)
                got = parse(r.stdout.decode("utf-8", "replace"))
                if (want in got) if want else not got:
                    reads += 1
                times.append(med(ts))
            totals[ti] += reads
            cells.append("%d / %.1f" % (reads, med(times)))
        print("| %s | %d | %s |" % (s, len(entries), " | ".join(cells)))
    print("| **total read** | %d | %s |" % (sum(len(e) for e in sets.values()), " | ".join("**%d**" % t for t in totals)))
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="in-process rounds, the two decoders taking turns")
    ap.add_argument("--reps", type=int, default=3, help="timed decodes per frame and round")
    ap.add_argument("--procs", type=int, default=3, help="process starts per frame and tool")
    ap.add_argument("--skip-process", action="store_true", help="only the in-process table")
    ap.add_argument("dir", nargs="?", default="testdata/qr/bench")
    args = ap.parse_args()
    d = os.path.abspath(args.dir)
    sets = manifest(d)
    with tempfile.TemporaryDirectory() as tmp:
        govp, vp = os.path.join(tmp, "qrbench"), os.path.join(tmp, "venuepass")
        subprocess.run(["go", "build", "-o", govp, "./scripts/qrbench"], check=True)
        subprocess.run(["go", "build", "-o", vp, "./cmd/venuepass"], check=True)
        load("before")
        in_process(d, sets, args.rounds, args.reps, govp)
        load("after the in-process table")
        if not args.skip_process:
            whole_process(d, sets, args.procs, vp)
            load("after the whole-process table")


def load(when):
    """Print the machine's load average: the machine may be shared."""
    with open("/proc/loadavg", encoding="ascii") as f:
        print("Load average (1, 5, 15 min) %s: %s" % (when, " ".join(f.read().split()[:3])))
        print()


if __name__ == "__main__":
    main()
