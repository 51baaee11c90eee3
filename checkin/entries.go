package checkin

import "time"

// StatsOf sums up the records of es in [from, to) as Log.Stats does for
// one log: es are records of any number of gates in time order, with the
// annulments and gate failures that withdraw decisions (those later than
// `to` too). A hub's records are counted with it.
func StatsOf(es []Entry, from, to time.Time) *Stats {
	withdrawn := map[string]bool{}
	for i := range es {
		e := &es[i]
		if e.Kind == KindAnnul || (e.Kind == KindGate && !e.Accepted) {
			withdrawn[e.Ref] = true
		}
	}
	st := &Stats{From: from, To: to, ByType: map[string]int{}, ByReason: map[string]int{}}
	inside := map[credKey]bool{}
	for i := range es {
		e := &es[i]
		if (!from.IsZero() && e.Time.Before(from)) || (!to.IsZero() && !e.Time.Before(to)) {
			continue
		}
		st.tally(e, withdrawn[e.ID], inside)
	}
	for _, in := range inside {
		if in {
			st.Inside++
		}
	}
	return st
}

// tally counts one record of the range into st; withdrawn: the record is
// a decision later annulled or whose gate failed. inside follows each
// credential's last standing decision.
func (st *Stats) tally(e *Entry, withdrawn bool, inside map[credKey]bool) {
	switch e.Kind {
	case KindAnnul:
		st.Annulled++
		return
	case KindGate:
		if !e.Accepted {
			st.GateFailures++
		}
		return
	case KindDecision:
	default:
		return
	}
	st.Decisions++
	typ := "unknown"
	if e.CTI != nil {
		typ = e.Type.String()
	}
	st.ByType[typ]++
	if !e.Accepted {
		st.Rejected++
		st.ByReason[string(e.Reason)]++
		return
	}
	st.Accepted++
	if e.Override {
		st.Overrides++
	}
	for _, w := range e.Warnings {
		if w == WarnSoftPassback {
			st.SoftPassback++
		}
	}
	if withdrawn {
		return
	}
	if e.Direction == Out {
		st.Exits++
	} else {
		st.Entries++
	}
	if e.CTI != nil {
		inside[e.key()] = e.Direction != Out
	}
}
