package gui

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"time"
)

// Sound names the kiosk's sounds.
type Sound int

// The sounds: accept is a rising two-note chime, warn the same chime
// followed by a lower note, reject a low double buzz. They differ in pitch
// and rhythm so that staff tell them apart without looking.
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
	SoundReject: {{220, 180 * time.Millisecond}, {0, 70 * time.Millisecond}, {196, 320 * time.Millisecond}},
}

const sampleRate = 22050

// WAV renders a sound as a 16-bit mono PCM WAV file. Notes are sine tones
// (square-ish for the reject buzz) with 5 ms fades, so they do not click.
func WAV(s Sound) []byte {
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
				// Add odd harmonics for a buzz.
				v = 0.7*v + 0.2*math.Sin(6*math.Pi*n.hz*t) + 0.1*math.Sin(10*math.Pi*n.hz*t)
			}
			amp := 0.6
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
}

// NewPlayer returns an ExecPlayer if a command-line player is installed,
// writing the sounds as WAV files into dir; otherwise a NopPlayer.
func NewPlayer(dir string) Player {
	var cmd string
	for _, c := range []string{"paplay", "pw-play", "aplay"} {
		if p, err := exec.LookPath(c); err == nil {
			cmd = p
			break
		}
	}
	if cmd == "" {
		return NopPlayer{}
	}
	p := &ExecPlayer{cmd: cmd, files: map[Sound]string{}}
	for s, name := range map[Sound]string{SoundAccept: "accept.wav", SoundWarn: "warn.wav", SoundReject: "reject.wav"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, WAV(s), 0o644); err != nil {
			return NopPlayer{}
		}
		p.files[s] = path
	}
	return p
}

// Play starts the sound and returns.
func (p *ExecPlayer) Play(s Sound) {
	f, ok := p.files[s]
	if !ok || !p.busy.CompareAndSwap(false, true) {
		return
	}
	args := []string{f}
	if filepath.Base(p.cmd) == "aplay" {
		args = []string{"-q", f}
	}
	// A player that hangs (a stuck sound server) is killed, so that the
	// next verdict is heard.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	cmd := exec.CommandContext(ctx, p.cmd, args...)
	if err := cmd.Start(); err != nil {
		cancel()
		p.busy.Store(false)
		return
	}
	go func() {
		cmd.Wait()
		cancel()
		p.busy.Store(false)
	}()
}
