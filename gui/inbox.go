package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/venuepass/venuepass/trustlist"
)

// The trust list inbox: a folder (a USB stick's mount point, or a folder
// files are dropped into) that the kiosk watches for .vptl files. A newer
// list that would load is offered on the ready screen, behind staff auth
// ("Update trust list to seq 3, signed today?"); one that would not is
// refused there in plain words (older, wrong anchor, expired).

// inboxFile is what the inbox has to say about one file.
type inboxFile struct {
	path string
	key  string // path, size and modification time: seen before?
	seq  uint64
	// offer is set for a list to offer; refused says why not.
	offer   string
	refused string
}

// scanInbox reads the .vptl files of dir and classifies them against the
// list in use cur (off the UI goroutine).
func scanInbox(dir string, anchorPEMs []string, cur *trustlist.List, now time.Time) []inboxFile {
	if dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // no stick in: nothing to say
	}
	keys, _ := anchorKeys(anchorPEMs)
	var out []inboxFile
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".vptl") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		f := inboxFile{path: filepath.Join(dir, e.Name()),
			key: fmt.Sprintf("%s|%d|%d", e.Name(), info.Size(), info.ModTime().UnixNano())}
		data, err := readCapped(f.path, trustlist.MaxFileSize)
		if err != nil {
			f.refused = tr().T("inbox.unreadable", vars{"File": e.Name(), "Error": err.Error()})
			out = append(out, f)
			continue
		}
		l, err := trustlist.Parse(data, keys)
		switch {
		case err != nil:
			f.refused = tr().T("inbox.not_used", vars{"File": e.Name(), "Why": trustListWhy(err, nil, nil)})
		case l.Expired(now):
			f.refused = tr().T("inbox.expired", vars{"File": e.Name(), "Day": day(l.Expires, now)})
		case cur != nil && l.Seq < cur.Seq:
			f.refused = tr().T("inbox.older", vars{"File": e.Name(), "Seq": l.Seq, "Current": cur.Seq})
		case cur != nil && l.Seq == cur.Seq:
			continue // the list in use
		default:
			f.seq = l.Seq
			f.offer = tr().T("inbox.offer", vars{"Seq": l.Seq, "When": signedWhen(l.IssuedAt, now)})
		}
		out = append(out, f)
	}
	// The newest offer first.
	sort.SliceStable(out, func(i, j int) bool { return out[i].seq > out[j].seq })
	return out
}

// signedWhen says when a list was signed: "today", "yesterday" or a day.
func signedWhen(t, now time.Time) string {
	y1, m1, d1 := t.Local().Date()
	y2, m2, d2 := now.Local().Date()
	switch {
	case y1 == y2 && m1 == m2 && d1 == d2:
		return tr().T("inbox.signed_today")
	case now.Sub(t) < 48*time.Hour && t.Before(now):
		return tr().T("inbox.signed_yesterday")
	}
	return day(t, now)
}

// checkInbox looks at the inbox now (the tick does every 30 s), off the UI
// goroutine, and shows what it found.
func (k *kiosk) checkInbox() {
	dir := k.st.settings.TrustInbox
	if dir == "" {
		return
	}
	anchors := append([]string(nil), k.st.settings.Anchors...)
	cur, now := k.st.list, k.now()
	go func() {
		fs := scanInbox(dir, anchors, cur, now)
		runOnUI(func() { k.inboxFound(fs) })
	}()
}

// inboxFound shows the inbox's offer and refusals on the ready screen
// (UI goroutine).
func (k *kiosk) inboxFound(fs []inboxFile) {
	var offer *inboxFile
	var refused []string
	for i := range fs {
		if fs[i].offer != "" && offer == nil {
			offer = &fs[i]
		}
		if fs[i].refused != "" {
			refused = append(refused, fs[i].refused)
		}
	}
	k.st.inboxOffer = offer
	k.ready.setInbox(offer, refused, k)
	if k.inboxShown != nil {
		k.inboxShown(fs)
	}
}

// acceptInboxOffer loads the offered list, behind staff auth.
func (k *kiosk) acceptInboxOffer() {
	o := k.st.inboxOffer
	if o == nil {
		return
	}
	k.staffAuth(tr().T("staff.title.inbox"), func(string) {
		r := loadTrustFile(o.path, k.st.settings.Anchors, k.opts.ConfigDir, k.st.list, k.now())
		k.trustLoaded(r)
		msg := k.admin.trustMsg.Text
		if r.list == nil {
			// r.msg is "Refused: why" (trust.refused): name the file instead.
			why := strings.TrimPrefix(r.msg, tr().T("trust.refused", vars{"Why": ""}))
			msg = tr().T("inbox.not_used", vars{"File": filepath.Base(o.path), "Why": why})
		}
		k.ready.setMessage(msg)
		k.st.inboxOffer = nil
		k.ready.setInbox(nil, nil, k)
	})
}
