#!/usr/bin/env bash
# Compare the venuepass QR decoder with zbarimg and ZXingReader (zxing-cpp)
# on the benchmark sets in testdata/qr/bench.
#
# This script installs nothing. On Debian/Ubuntu the reference tools come from:
#
#	apt-get install -y zbar-tools zxing-cpp-tools
#
# Run from the repository root:
#
#	bash scripts/qrbench/compare.sh [bench-dir]
#
# A frame counts as decoded when the tool outputs exactly the manifest text;
# for frames without a code (empty expected text) when it outputs nothing.
# Reference tools are timed whole-process per frame (start-up included), as
# a verifier shelling out to them would pay; ours is timed in process,
# excluding image file decoding.
set -euo pipefail

dir=${1:-testdata/qr/bench}
for tool in zbarimg ZXingReader go; do
	command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done

now_ms() { date +%s%3N; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for set in "$dir"/*/; do
	set=$(basename "$set")
	n=0 zbar_ok=0 zxing_ok=0 zbar_ms=0 zxing_ms=0
	while IFS=$'\t' read -r file want; do
		[ -n "$file" ] || continue
		img="$dir/$set/$file"
		n=$((n + 1))

		t0=$(now_ms)
		got=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$img" 2>/dev/null || true)
		t1=$(now_ms)
		zbar_ms=$((zbar_ms + t1 - t0))
		[ "$got" = "$want" ] && zbar_ok=$((zbar_ok + 1))

		t0=$(now_ms)
		got=$(ZXingReader -format QRCode -bytes "$img" 2>/dev/null || true)
		t1=$(now_ms)
		zxing_ms=$((zxing_ms + t1 - t0))
		[ "$got" = "$want" ] && zxing_ok=$((zxing_ok + 1))
	done <"$dir/$set/manifest.tsv"
	printf '%s\t%d\t%d\t%d\t%d\t%d\n' "$set" "$n" "$zbar_ok" "$zbar_ms" "$zxing_ok" "$zxing_ms" >>"$tmp/ref.tsv"
done

go run ./scripts/qrbench -dir "$dir" -plain -tsv >"$tmp/ours.tsv"

printf '%-12s %6s | %-17s | %-17s | %-17s | %-17s\n' "" "" "venuepass/qr" "plain gozxing" "zbarimg" "ZXingReader"
printf '%-12s %6s | %7s %9s | %7s %9s | %7s %9s | %7s %9s\n' set images decoded ms/frame decoded ms/frame decoded ms/frame decoded ms/frame
join -t $'\t' <(sort "$tmp/ours.tsv") <(sort "$tmp/ref.tsv") |
	awk -F'\t' '{
		printf "%-12s %6d | %7d %9.1f | %7d %9.1f | %7d %9.1f | %7d %9.1f\n",
			$1, $2, $3, $4, $5, $6, $8, $9 / $2, $10, $11 / $2
		n += $2; o += $3; p += $5; zb += $8; zx += $10
	} END {
		printf "%-12s %6d | %7d %9s | %7d %9s | %7d %9s | %7d %9s\n", "total", n, o, "", p, "", zb, "", zx, ""
	}'
