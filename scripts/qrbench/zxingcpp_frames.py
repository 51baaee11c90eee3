#!/usr/bin/python3
"""Decode the benchmark images with zxing-cpp in process.

    /usr/bin/python3 scripts/qrbench/zxingcpp_frames.py [-n REPS] [DIR]

Prints one tab-separated line per image, like `go run ./scripts/qrbench
-frames`: set, file, decoded (1 or 0), median wall ms, median thread CPU ms.
Images are loaded (PIL, converted to an 8-bit grey numpy array) before the
clock starts; each is decoded once untimed, then REPS times timed, with
QR codes as the only format, as venuepass/qr reads nothing else. Needs
Debian's python3-zxing-cpp, python3-pil and python3-numpy.
"""
import argparse
import os
import statistics
import time

import numpy as np
import zxingcpp
from PIL import Image


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=3, help="timed repetitions per image")
    ap.add_argument("dir", nargs="?", default="testdata/qr/bench")
    args = ap.parse_args()
    fmt = zxingcpp.BarcodeFormat.QRCode
    for s in sorted(os.listdir(args.dir)):
        d = os.path.join(args.dir, s)
        if not os.path.isdir(d):
            continue
        with open(os.path.join(d, "manifest.tsv"), encoding="utf-8") as mf:
            entries = [line.rstrip("\n").split("\t", 1) for line in mf if line.strip()]
        for file, want in entries:
            img = np.asarray(Image.open(os.path.join(d, file)).convert("L"))
            got = [r.text for r in zxingcpp.read_barcodes(img, formats=fmt)]
            wall, cpu = [], []
            for _ in range(args.n):
                c0, t0 = time.thread_time(), time.perf_counter()
                zxingcpp.read_barcodes(img, formats=fmt)
                wall.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.thread_time() - c0) * 1000)
            ok = (want in got) if want else not got
            print("%s\t%s\t%d\t%.3f\t%.3f" % (s, file, ok, statistics.median(wall), statistics.median(cpu)))


if __name__ == "__main__":
    main()
