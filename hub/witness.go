package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/checkin"
)

// CheckpointSubject is the subject a gate's log publishes its signed
// checkpoints on: the hub is the log's witness (checkin.Witness), as a
// witness file is.
func CheckpointSubject(venue, gate string) string {
	return checkpointPrefix + token(venue) + "." + token(gate)
}

// Witness returns the witness of the log of gate in venue at the hub: every
// checkpoint the log signs is published on CheckpointSubject, in the
// decisions stream, once (the message id is derived from its signature).
// A checkpoint the hub does not take (offline) is kept and sent before the
// next one; its error is the log's (checkin.Log.Err).
func (c *Client) Witness(venue, gate string) checkin.Witness {
	return &hubWitness{c: c, subject: CheckpointSubject(venue, gate)}
}

type hubWitness struct {
	c       *Client
	subject string
	pending []checkin.Checkpoint // touched by the log's writer only
}

func (w *hubWitness) Witness(cp checkin.Checkpoint) error {
	w.pending = append(w.pending, cp)
	if len(w.pending) > 256 {
		// A later checkpoint covers what an earlier one did.
		w.pending = w.pending[len(w.pending)-256:]
	}
	if w.c.Offline() {
		return fmt.Errorf("%w: checkpoint %d not witnessed at the hub yet", ErrOffline, cp.N)
	}
	// The log's writer waits for this: no longer than for a claim.
	ctx, cancel := context.WithTimeout(context.Background(), w.c.timeout)
	defer cancel()
	for len(w.pending) > 0 {
		p := w.pending[0]
		m := nats.NewMsg(w.subject)
		m.Data = append(p.Line(), '\n')
		sum := sha256.Sum256(p.Sig)
		if _, err := w.c.js.PublishMsg(ctx, m, jetstream.WithMsgID("ckpt-"+hex.EncodeToString(sum[:16]))); err != nil {
			return fmt.Errorf("witnessing checkpoint %d at the hub: %w", p.N, err)
		}
		w.pending = w.pending[1:]
	}
	return nil
}

// Witnesses witnesses with each of ws (nil ones left out).
func Witnesses(ws ...checkin.Witness) checkin.Witness {
	var all multiWitness
	for _, w := range ws {
		if w != nil {
			all = append(all, w)
		}
	}
	if len(all) == 1 {
		return all[0]
	}
	return all
}

type multiWitness []checkin.Witness

func (m multiWitness) Witness(cp checkin.Checkpoint) error {
	var errs []error
	for _, w := range m {
		errs = append(errs, w.Witness(cp))
	}
	return errors.Join(errs...)
}

// Checkpoints returns the checkpoints the hub witnessed for the logs of
// gate ("" for every gate) in any venue.
func (c *Client) Checkpoints(ctx context.Context, gate string) ([]checkin.Checkpoint, error) {
	filter := checkpointPrefix + ">"
	if gate != "" {
		filter = checkpointPrefix + "*." + token(gate)
	}
	var out []checkin.Checkpoint
	err := c.read(ctx, filter, func(data []byte) error {
		cps, err := checkin.ParseWitness("at the hub", data)
		if err != nil {
			return err
		}
		out = append(out, cps...)
		return nil
	})
	return out, err
}
