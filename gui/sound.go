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
)

// Sound names the kiosk's sounds.
type Sound int

// The sounds: accept is a rising two-note chime, warn the same chime
// followed by a lower note, reject a high triple beep (square-ish, so it
// cuts through a crowd). They differ in pitch and rhythm so that staff
// tell them apart without looking.
const (
	SoundAccept Sound = iota
	SoundWarn
	SoundReject
)

// A Player plays a kiosk sound. Play must return at once: it is called on
// the way to the verdict screen.
type Player interface {
	Play(Sound)
}

// NopPlayer plays nothing.
type NopPlayer struct{}

// Play does nothing.
func (NopPlayer) Play(Sound) {}

type note struct {
	hz  float64
	dur time.Duration
}

var melodies = map[Sound][]note{
	SoundAccept: {{880, 90 * time.Millisecond}, {0, 20 * time.Millisecond}, {1318.5, 140 * time.Millisecond}},
	SoundWarn:   {{880, 90 * time.Millisecond}, {0, 20 * time.Millisecond}, {1318.5, 110 * time.Millisecond}, {0, 60 * time.Millisecond}, {660, 220 * time.Millisecond}},
	SoundReject: {{1976, 110 * time.Millisecond}, {0, 60 * time.Millisecond}, {1976, 110 * time.Millisecond},
		{0, 60 * time.Millisecond}, {1976, 110 * time.Millisecond}},
}

const sampleRate = 22050

// WAV renders a sound as a 16-bit mono PCM WAV file at full volume.
func WAV(s Sound) []byte { return WAVAt(s, 100) }

// WAVAt renders a sound at volume (0 to 100 percent). Notes are sine tones
// (square-ish for the reject beeps) with 5 ms fades, so they do not click.
func WAVAt(s Sound, volume int) []byte {
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
			if s == SoundReject {
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

// ExecPlayer plays sounds with a command-line player (paplay, pw-play or
// aplay), each in its own process so the UI never waits. A sound asked for
// while one still plays is dropped.
type ExecPlayer struct {
	cmd   string
	files map[Sound]string
	busy  atomic.Bool
	// OnError, if set, hears a sound that could not be played (no audio
	// output, a stuck sound server), from the player's goroutine.
	OnError func(error)
}

// ErrNoPlayer: no command-line audio player is installed.
var ErrNoPlayer = errors.New("no audio player (paplay, pw-play or aplay) is installed")

// NewPlayer returns an ExecPlayer if a command-line player is installed,
// writing the sounds as WAV files into dir; otherwise a NopPlayer.
func NewPlayer(dir string) Player {
	p, err := NewPlayerAt(dir, 100)
	if err != nil {
		return NopPlayer{}
	}
	return p
}

// NewPlayerAt is NewPlayer at a volume (0 to 100), saying why there is no
// player.
func NewPlayerAt(dir string, volume int) (*ExecPlayer, error) {
	var cmd string
	for _, c := range []string{"paplay", "pw-play", "aplay"} {
		if p, err := exec.LookPath(c); err == nil {
			cmd = p
			break
		}
	}
	if cmd == "" {
		return nil, ErrNoPlayer
	}
	p := &ExecPlayer{cmd: cmd, files: map[Sound]string{}}
	for s, name := range map[Sound]string{SoundAccept: "accept.wav", SoundWarn: "warn.wav", SoundReject: "reject.wav"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, WAVAt(s, volume), 0o644); err != nil {
			return nil, fmt.Errorf("cannot write the sounds: %w", err)
		}
		p.files[s] = path
	}
	return p, nil
}

// Test plays s and waits for it: the error says why nothing was heard
// (the player failed: no audio output, no sound server).
func (p *ExecPlayer) Test(s Sound) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, p.cmd, p.args(s)...).CombinedOutput()
	if err != nil {
		msg := strings.TrimSpace(string(out))
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%s: %s", filepath.Base(p.cmd), clip(msg, 160))
	}
	return nil
}

func (p *ExecPlayer) args(s Sound) []string {
	f := p.files[s]
	if filepath.Base(p.cmd) == "aplay" {
		return []string{"-q", f}
	}
	return []string{f}
}

// Play starts the sound and returns.
func (p *ExecPlayer) Play(s Sound) {
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
			p.OnError(fmt.Errorf("%s: %s", filepath.Base(p.cmd), clip(msg, 160)))
		}
	}()
}
