#!/bin/sh
# End-to-end check of venuepass-kiosk for humans: the same run as
# TestEndToEnd (cmd/venuepass-kiosk/e2e_test.go), with the operator CLI
# reading the log.
#
# It starts `venuepass-kiosk --demo` under Xvfb with a folder standing in
# for the camera (--frames), shows it demo codes one at a time (the same
# image in every frame, as a holder holds a code up): the final ticket, the
# season member's card, the steward's badge (a red verdict would hold later
# scans until staff acknowledge it), then the ticket again once it has been
# out of view longer than the camera's repeat time (3 s). It stops the
# kiosk with SIGTERM and prints the log with `venuepass log last` and
# `venuepass log verify`; it fails unless the log holds exactly
#   accepted, accepted, accepted, rejected already_checked_in
# (newest last), one decision per code shown.
#
# Usage: gui/testdata/e2e.sh
# Needs: go, the fyne build deps, xvfb-run and xauth.
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/venuepass-kiosk" ./cmd/venuepass-kiosk
go build -o "$tmp/venuepass" ./cmd/venuepass
mkdir "$tmp/frames" "$tmp/demo"

cat >"$tmp/run.sh" <<'SCRIPT'
set -eu
tmp=$1
log=$tmp/checkin.vplog
TMPDIR=$tmp/demo "$tmp/venuepass-kiosk" --demo --config "$tmp/config" --frames "$tmp/frames" --log "$log" 2>"$tmp/err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do
	grep -q "demo files in" "$tmp/err" 2>/dev/null && break
	sleep 0.5
done
demo=$(sed -n 's/.*demo files in //p' "$tmp/err")
[ -d "$demo" ] || { cat "$tmp/err"; exit 1; }
decisions() { # how many decisions the log holds, read while the kiosk runs
	"$tmp/venuepass" log today --json --log "$log" 2>/dev/null |
		sed -n 's/.*"decisions": *\([0-9]*\).*/\1/p' | head -1
}
show() { # show a demo code until the log has $2 decisions, hold it 1.5 s more
	cp "$demo/$1" "$tmp/frames/code.part"
	mv "$tmp/frames/code.part" "$tmp/frames/code.png"
	for i in $(seq 1 150); do
		[ "$(decisions)" = "$2" ] && break
		sleep 0.2
	done
	[ "$(decisions)" = "$2" ] || { echo "showing $1: no decision $2" >&2; cat "$tmp/err" >&2; exit 1; }
	sleep 1.5
	rm "$tmp/frames/code.png"
	echo "shown $1"
}
show 02-final-ticket.png 1
show 01-season-member.png 2
show 03-steward-badge.png 3
# The ticket out of view for well over the camera's 3 s repeat time (the
# folder is listed every second): shown again, it is a new scan.
sleep 2.5
show 02-final-ticket.png 4
kill -TERM $pid
wait $pid
trap - EXIT
SCRIPT
xvfb-run -a -s "-screen 0 1280x800x24" sh "$tmp/run.sh" "$tmp"

log=$tmp/checkin.vplog
"$tmp/venuepass" log last -n 10 "$log"
"$tmp/venuepass" log verify --key "$tmp/config/kiosk-key.pub" --log "$log"
# One word per decision, newest first: its reason, or "accepted".
got=$("$tmp/venuepass" log last -n 10 --json "$log" | grep '"kind":"decision"' |
	sed 's/.*"accepted":\(true\|false\),"reason":"\([a-z_]*\)".*/\1 \2/; s/^true $/accepted/; s/^false //' |
	tr '\n' ' ')
want="already_checked_in accepted accepted accepted "
if [ "$got" != "$want" ]; then
	echo "FAIL: decisions newest first: $got(want $want)" >&2
	exit 1
fi
echo "ok: decisions newest first: $got"
