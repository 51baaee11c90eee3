#!/bin/sh
# Real-window screenshots of venuepass-kiosk under Xvfb (OpenGL through
# Mesa's software renderer), as opposed to TestScreenshots, which renders
# with fyne's software painter and needs no X server.
#
# Each screen is a fresh `venuepass-kiosk --demo` (its own demo keys,
# configuration and log), brought to the state with the hidden flags meant
# for this: --scan feeds a demo code once the window is up, --demo-trust
# stale seeds the demo's out-of-date trust list, --show admin opens admin
# (a demo kiosk only). Nothing is clicked. The script polls the screen until
# a pixel has the colour the state must have (green, red, amber, the ready
# background, the admin's Save button), waits for the window to settle,
# takes the shot and checks the colour again, then stops the kiosk with
# SIGTERM.
#
# With a SIZE (WIDTHxHEIGHT) the screen has that size and the shots go to
# OUTDIR/SIZE; without one, a 1280x800 screen, into OUTDIR. The kiosk runs
# fullscreen and holds each verdict for a minute (--screenshot), so the
# counters shot waits for the held accept to clear.
#
# Usage: gui/testdata/screenshots.sh [OUTDIR [SIZE]]   (default gui/testdata/screenshots)
# Needs: go, the fyne build deps (gcc, libgl1-mesa-dev, xorg-dev), and
# Debian's xvfb, xauth and imagemagick (import, convert).
set -eu
cd "$(dirname "$0")/../.."
out=${1:-gui/testdata/screenshots}
size=${2:-}
# --screenshot holds each verdict (accepts clear in 1.5 s otherwise,
# quicker than a capture on a loaded machine) and runs fullscreen, which on
# the 1280x800 screen is the kiosk's own window size.
screen=1280x800 full=--screenshot
if [ -n "$size" ]; then
	screen=$size out=$out/$size
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/venuepass-kiosk" ./cmd/venuepass-kiosk

cat >"$tmp/run.sh" <<'SCRIPT'
set -eu
tmp=$1 out=$2 full=$3

# colour X Y: the hex RGB of a pixel of the last capture.
colour() { convert "$tmp/cap.png" -format "%[hex:u.p{$1,$2}]" info: | cut -c1-6; }

# shot NAME X Y RGB SETTLE [kiosk flags...]: start a demo kiosk, wait until
# pixel (X,Y) is RGB, wait SETTLE seconds, capture to OUTDIR/NAME.png.
shot() {
	name=$1 x=$2 y=$3 want=$4 settle=$5
	shift 5
	# ONLY="name ..." takes those shots only.
	case " ${ONLY:-$name} " in *" $name "*) ;; *) return 0 ;; esac
	rm -rf "$tmp/cfg"
	"$tmp/venuepass-kiosk" --demo $full --config "$tmp/cfg" --log "$tmp/cfg/checkin.vplog" "$@" 2>"$tmp/err" &
	pid=$!
	ok=
	for i in $(seq 1 240); do
		sleep 0.5
		kill -0 $pid 2>/dev/null || break
		import -window root "$tmp/cap.png"
		if [ "$(colour "$x" "$y")" = "$want" ]; then
			sleep "$settle"
			import -window root "$tmp/cap.png"
			[ "$(colour "$x" "$y")" = "$want" ] && ok=1
			break
		fi
	done
	kill -TERM $pid 2>/dev/null || true
	wait $pid || true
	demo=$(sed -n 's/.*demo files in //p' "$tmp/err")
	case $demo in /*venuepass-demo-*) rm -rf "$demo" ;; esac
	if [ -z "$ok" ]; then
		echo "$name: pixel ($x,$y) never turned $want (last $(colour "$x" "$y"))" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	cp "$tmp/cap.png" "$out/$name.png"
	echo "$out/$name.png"
}

# Colours of gui/theme.go: ready 121A26, accept 147A3C, reject B41C1C,
# warn F2B10A, out of service 4A5568, accent (the Save button) 4C9AFF.
shot ready 4 150 121A26 3
shot accepted 4 150 147A3C 0.5 --scan 02-final-ticket.txt
shot accepted-hangul 4 150 147A3C 0.5 --scan 09-korean-ticket.txt
shot rejected 4 150 B41C1C 0.5 --scan 06-expired-card.txt
# A red verdict that clears by itself (Red verdict clears after, here 30 s):
# its countdown bar at the bottom, a third gone after 10 s.
shot rejected-countdown 4 150 B41C1C 10 --reject-clear 30 --scan 06-expired-card.txt
# The same ticket twice: accepted, then refused by anti-passback.
shot rejected-passback 4 150 B41C1C 0.5 --scan 02-final-ticket.txt --scan 02-final-ticket.txt
# The demo's stale list is 3 days past its next update, beyond the default
# 48-hour grace: the ready screen's banner says so, accepts are amber.
shot stale 4 150 F2B10A 0.5 --demo-trust stale --scan 03-steward-badge.txt
shot ready-stale-banner 14 8 F2B10A 1 --demo-trust stale
# Out of service: the ready screen with an expired list; a scan from a
# scanner with the wrong keyboard layout, not checked.
shot out-of-service-expired 4 150 4A5568 1 --demo-trust expired
shot not-checked-layout 4 150 4A5568 0.5 --scan 08-wrong-layout.txt
# The steward badge's photo matches its digest: shown beside the name.
shot photo 4 150 147A3C 0.5 --scan 03-steward-badge.txt
# Counters after two accepted entries: the ready screen shows before the
# scans, so wait out the held verdicts (a minute each with --screenshot).
shot counters 4 150 121A26 75 --scan 01-season-member.txt --scan 02-final-ticket.txt
# Admin's Save button sits at the top right, wherever the window ends.
shot admin $((W - 340)) 10 4C9AFF 1 --show admin
# The Korean interface (--lang ko), the same screens, into OUTDIR/ko.
mkdir -p "$out/ko"
shot ko/ready 4 150 121A26 3 --lang ko
shot ko/accepted 4 150 147A3C 0.5 --lang ko --scan 02-final-ticket.txt
shot ko/accepted-hangul 4 150 147A3C 0.5 --lang ko --scan 09-korean-ticket.txt
shot ko/rejected 4 150 B41C1C 0.5 --lang ko --scan 06-expired-card.txt
shot ko/rejected-passback 4 150 B41C1C 0.5 --lang ko --scan 02-final-ticket.txt --scan 02-final-ticket.txt
shot ko/stale 4 150 F2B10A 0.5 --lang ko --demo-trust stale --scan 03-steward-badge.txt
shot ko/ready-stale-banner 14 8 F2B10A 1 --lang ko --demo-trust stale
shot ko/out-of-service-expired 4 150 4A5568 1 --lang ko --demo-trust expired
shot ko/not-checked-layout 4 150 4A5568 0.5 --lang ko --scan 08-wrong-layout.txt
# Korean labels are narrower: Save sits further right.
shot ko/admin $((W - 250)) 10 4C9AFF 1 --lang ko --show admin
SCRIPT
W=${screen%x*} ONLY=${ONLY:-} xvfb-run -a -s "-screen 0 ${screen}x24" sh "$tmp/run.sh" "$tmp" "$out" "$full"
