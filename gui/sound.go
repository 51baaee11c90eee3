package gui

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/venuepass/venuepass/termtext"
)

// sound names the kiosk's sounds.
type sound int

// The sounds: accept is a rising two-note chime, warn the same chime
// followed by a lower note, reject a high triple beep (square-ish, so it
// cuts through a crowd). They differ in pitch and rhythm so that staff
// tell them apart without looking.
const (
	soundAccept sound = iota
	soundWarn
	soundReject
)

// A soundPlayer plays a kiosk sound. Play must return at once: it is called on
// the way to the verdict screen.
type soundPlayer interface {
	Play(sound)
}

// nopPlayer plays nothing.
type nopPlayer struct{}

// Play does nothing.
func (nopPlayer) Play(sound) {}

type note struct {
	hz  float64
	dur time.Duration
}

var melodies = map[sound][]note{
	soundAccept: {{880, 90 * time.Millisecond}, {0, 20 * time.Millisecond}, {1318.5, 140 * time.Millisecond}},
	soundWarn:   {{880, 90 * time.Millisecond}, {0, 20 * time.Millisecond}, {1318.5, 110 * time.Millisecond}, {0, 60 * time.Millisecond}, {660, 220 * time.Millisecond}},
	soundReject: {{1976, 110 * time.Millisecond}, {0, 60 * time.Millisecond}, {1976, 110 * time.Millisecond},
		{0, 60 * time.Millisecond}, {1976, 110 * time.Millisecond}},
}

const sampleRate = 22050

// wav renders a sound as a 16-bit mono PCM wav file at full volume.
func wav(s sound) []byte { return wavAt(s, 100) }

// wavAt renders a sound at volume (0 to 100 percent). Notes are sine tones
// (square-ish for the reject beeps) with 5 ms fades, so they do not click.
func wavAt(s sound, volume int) []byte {
	gain := float64(min(max(volume, 0), 100)) / 100
	var pcm []int16
	for _, n := range melodies[s] {
		count := int(n.dur.Seconds() * sampleRate)
		fade := sampleRate * 5 / 1000
		for i := 0; i < count; i++ {
			if n.hz == 0 {
				pcm = append(pcm, 0)
				continue
			}
			t := float64(i) / sampleRate
			v := math.Sin(2 * math.Pi * n.hz * t)
			if s == soundReject {
				// Add odd harmonics: a harder, more audible beep.
				v = 0.7*v + 0.2*math.Sin(6*math.Pi*n.hz*t) + 0.1*math.Sin(10*math.Pi*n.hz*t)
			}
			amp := 0.6 * gain
			if i < fade {
				amp *= float64(i) / float64(fade)
			} else if count-i < fade {
				amp *= float64(count-i) / float64(fade)
			}
			pcm = append(pcm, int16(v*amp*math.MaxInt16))
		}
	}
	var b bytes.Buffer
	le := binary.LittleEndian
	dataLen := uint32(2 * len(pcm))
	b.WriteString("RIFF")
	binary.Write(&b, le, 36+dataLen)
	b.WriteString("WAVEfmt ")
	binary.Write(&b, le, uint32(16))         // fmt chunk size
	binary.Write(&b, le, uint16(1))          // PCM
	binary.Write(&b, le, uint16(1))          // mono
	binary.Write(&b, le, uint32(sampleRate)) // sample rate
	binary.Write(&b, le, uint32(2*sampleRate))
	binary.Write(&b, le, uint16(2))  // block align
	binary.Write(&b, le, uint16(16)) // bits per sample
	b.WriteString("data")
	binary.Write(&b, le, dataLen)
	binary.Write(&b, le, pcm)
	return b.Bytes()
}

// execPlayer plays sounds with a command-line player (paplay, pw-play or
// aplay), each in its own process so the UI never waits. A sound asked for
// while one still plays is dropped.
type execPlayer struct {
	cmd   string
	files map[sound]string
	busy  atomic.Bool
	// OnError, if set, hears a sound that could not be played (no audio
	// output, a stuck sound server), from the player's goroutine.
	OnError func(error)
}

// errNoPlayer: no command-line audio player is installed.
var errNoPlayer = errors.New("no audio player (paplay, pw-play or aplay) is installed")

// newPlayer returns an execPlayer if a command-line player is installed,
// writing the sounds as WAV files into dir; otherwise a nopPlayer.
func newPlayer(dir string) soundPlayer {
	p, err := newPlayerAt(dir, 100)
	if err != nil {
		return nopPlayer{}
	}
	return p
}

// newPlayerAt is newPlayer at a volume (0 to 100), saying why there is no
// player.
func newPlayerAt(dir string, volume int) (*execPlayer, error) {
	var cmd string
	for _, c := range []string{"paplay", "pw-play", "aplay"} {
		if p, err := exec.LookPath(c); err == nil {
			cmd = p
			break
		}
	}
	if cmd == "" {
		return nil, errNoPlayer
	}
	p := &execPlayer{cmd: cmd, files: map[sound]string{}}
	for s, name := range map[sound]string{soundAccept: "accept.wav", soundWarn: "warn.wav", soundReject: "reject.wav"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, wavAt(s, volume), 0o644); err != nil {
			return nil, fmt.Errorf("cannot write the sounds: %w", err)
		}
		p.files[s] = path
	}
	return p, nil
}

// Test plays s and waits for it: the error says why nothing was heard
// (the player failed: no audio output, no sound server).
func (p *execPlayer) Test(s sound) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, p.cmd, p.args(s)...).CombinedOutput()
	if err != nil {
		msg := strings.TrimSpace(string(out))
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%s: %s", filepath.Base(p.cmd), termtext.Truncate(msg, 160))
	}
	return nil
}

func (p *execPlayer) args(s sound) []string {
	f := p.files[s]
	if filepath.Base(p.cmd) == "aplay" {
		return []string{"-q", f}
	}
	return []string{f}
}

// Play starts the sound and returns.
func (p *execPlayer) Play(s sound) {
	_, ok := p.files[s]
	if !ok || !p.busy.CompareAndSwap(false, true) {
		return
	}
	args := p.args(s)
	// A player that hangs (a stuck sound server) is killed, so that the
	// next verdict is heard.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	cmd := exec.CommandContext(ctx, p.cmd, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		cancel()
		p.busy.Store(false)
		if p.OnError != nil {
			p.OnError(err)
		}
		return
	}
	go func() {
		err := cmd.Wait()
		cancel()
		p.busy.Store(false)
		if err != nil && p.OnError != nil {
			msg := strings.TrimSpace(stderr.String())
			if msg == "" {
				msg = err.Error()
			}
			p.OnError(fmt.Errorf("%s: %s", filepath.Base(p.cmd), termtext.Truncate(msg, 160)))
		}
	}()
}

// soundErrText says why a sound cannot be played, in the kiosk's language
// when it is that no player is installed; a player's own error as it is.
func soundErrText(err error) string {
	if errors.Is(err, errNoPlayer) {
		return tr().T("sound.no_player")
	}
	return err.Error()
}
