#!/bin/sh
# Real-window screenshots of venuepass-kiosk under Xvfb (OpenGL through
# Mesa's software renderer), as opposed to TestScreenshots, which renders
# with fyne's software painter and needs no X server.
#
# It starts `venuepass-kiosk --demo` with a folder standing in for the
# camera (--frames), takes the ready screen, then copies demo codes into the
# folder so the camera pipeline decodes them, and takes the verdicts.
#
# Usage: gui/testdata/screenshots.sh [OUTDIR]   (default gui/testdata/screens)
# Needs: go, xvfb-run, xauth, ImageMagick's import.
set -eu
cd "$(dirname "$0")/../.."
out=${1:-gui/testdata/screens}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/venuepass-kiosk" ./cmd/venuepass-kiosk
mkdir "$tmp/frames"

cat >"$tmp/run.sh" <<'SCRIPT'
set -eu
tmp=$1 out=$2
"$tmp/venuepass-kiosk" --demo --frames "$tmp/frames" 2>"$tmp/log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 60); do
	grep -q "demo files in" "$tmp/log" 2>/dev/null && break
	sleep 0.5
done
demo=$(sed -n 's/.*demo files in //p' "$tmp/log")
[ -d "$demo" ] || { cat "$tmp/log"; exit 1; }
trap 'kill $pid 2>/dev/null || true; rm -rf "$demo"' EXIT
sleep 6 # window up, first frames drawn
shot() { import -window root "$out/xvfb-$1.png"; echo "$out/xvfb-$1.png"; }
show() { # show a demo code to the "camera" until its verdict is up
	cp "$demo/$1" "$tmp/frames/code.png"
	sleep 3
	shot "$2"
	rm -f "$tmp/frames/code.png"
	sleep 6 # code out of view, verdict timed out
}
shot ready
show 02-final-ticket.png accepted
show 06-expired-card.png rejected
show 02-final-ticket.png rejected-passback
SCRIPT
xvfb-run -a -s "-screen 0 1280x800x24" sh "$tmp/run.sh" "$tmp" "$out"
