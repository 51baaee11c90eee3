package gui

import (
	"context"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

// HubOptions join the kiosk's check-in log to its venue's hub, as
// 'venuepass verify --hub' joins a headless gate (hub.GateLink): entries
// are claimed on the hub before they are accepted, so anti-passback and
// single-entry tickets hold across every gate; every record is sent to the
// hub; the counters show the venue's numbers, not the kiosk's. When the
// hub does not answer within Timeout the kiosk decides on its own log and
// the verdict says "offline" (amber).
type HubOptions struct {
	// URL is the hub (NATS URL; several comma separated for a cluster);
	// "" means no hub.
	URL string
	// Creds is the gate credential file ('venuepass hub add-gate').
	Creds string
	// Timeout bounds a claim; 0 means hub.DefaultTimeout (300 ms).
	Timeout time.Duration
	// Venue is the venue whose counts the counters show.
	Venue string
}

// hubOf reads the hub settings; the kiosk's --hub flags (Options.Hub)
// override them.
func hubOf(set Settings, override HubOptions) HubOptions {
	h := HubOptions{URL: set.Hub, Creds: set.HubCreds, Timeout: time.Duration(set.HubTimeoutMillis) * time.Millisecond}
	if override.URL != "" {
		h.URL, h.Creds = override.URL, override.Creds
	}
	if override.Timeout > 0 {
		h.Timeout = override.Timeout
	}
	h.Venue = set.Venue
	return h
}

// joinHub connects to the hub, if any, and makes it the claimer of the
// log about to be opened with opts. A hub that is down is no error: the
// link keeps reconnecting and the kiosk is offline meanwhile. A credential
// the hub refuses is.
func (l *checkinLog) joinHub(opts *checkin.Options) error {
	if l.hub.URL == "" {
		return nil
	}
	link, err := hub.JoinGate(l.hub.URL, hub.Options{Creds: l.hub.Creds, Timeout: l.hub.Timeout, Name: "kiosk " + l.kioskID},
		checkin.OfflineLocal, opts)
	if err != nil {
		return err
	}
	l.link = link
	return nil
}

// startHub starts sending the log's records to the hub.
func (l *checkinLog) startHub(cl *checkin.Log, rules []checkin.Rule) error {
	return l.link.Start(cl, rules)
}

// leaveHub sends what the hub has not acknowledged yet (briefly: the rest
// goes with the next start) and disconnects.
func (l *checkinLog) leaveHub() {
	if l.link != nil {
		l.link.Close()
		l.link = nil
	}
}

// HubOffline reports whether the kiosk is joined to a hub that does not
// answer now.
func (l *checkinLog) HubOffline() bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.link != nil && l.link.Client.Offline()
}

// venueEstimate is what the counters show with a verdict on a hub: the
// venue's last counts plus this verdict, until the recount (Recount,
// which the kiosk runs off the UI goroutine after every verdict) brings
// the hub's answer. Asking the hub in Record would hold up the verdict
// and the gate.
func (l *checkinLog) venueEstimate(accepted bool) (dayCounts, bool) {
	l.cmu.Lock()
	defer l.cmu.Unlock()
	if !l.venue.ok || l.link.Client.Offline() {
		return dayCounts{}, false
	}
	c := l.venue.c
	if accepted {
		c.Accepted++
	} else {
		c.Rejected++
	}
	c.Exact = false
	return c, true
}

// venueCounts asks the hub for the venue's counts of the day of t, once
// the records of this kiosk are on the hub; ok is false without a hub or
// an answer within the hub timeout (the kiosk's own counts are shown
// then).
func (l *checkinLog) venueCounts(ctx context.Context, cl *checkin.Log, venue string, t time.Time) (dayCounts, bool) {
	if l.link == nil || l.link.Client.Offline() {
		return dayCounts{}, false
	}
	wait := l.hub.Timeout
	if wait <= 0 {
		wait = hub.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, 2*wait)
	defer cancel()
	if err := l.link.Flush(ctx); err != nil {
		return dayCounts{}, false
	}
	vc, err := l.link.Client.VenueCounts(ctx, hub.CountsRequest{Venue: venue, From: cl.StartOfDay(t), MinSeq: l.link.StreamSeq()})
	if err != nil {
		return dayCounts{}, false
	}
	c := dayCounts{Accepted: vc.Entries, Rejected: vc.Rejected, Inside: vc.Inside, Exact: true}
	l.cmu.Lock()
	l.venue.c, l.venue.ok = c, true
	l.cmu.Unlock()
	return c, true
}
