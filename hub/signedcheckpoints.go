package hub

import (
	"context"
	"crypto"

	"github.com/venuepass/venuepass/checkin"
)

// SignedCheckpoints returns the checkpoints the hub witnessed that pub
// signed (of gate's logs only, when gate is set): the witness of the logs
// of one kiosk key, for checkin.VerifyOptions.Witness. Checkpoints of
// other keys, and any whose signature does not verify, are left out.
func (c *Client) SignedCheckpoints(ctx context.Context, gate string, pub crypto.PublicKey) ([]checkin.Checkpoint, error) {
	all, err := c.Checkpoints(ctx, gate)
	if err != nil {
		return nil, err
	}
	var out []checkin.Checkpoint
	for _, cp := range all {
		if cp.Verify(pub) == nil {
			out = append(out, cp)
		}
	}
	return out, nil
}
