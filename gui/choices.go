package gui

// choices are the values a setting takes ("in", "out") and what the admin
// screen shows for each, in the kiosk's language: message prefix+value
// ("admin.direction.in"). The settings file keeps the values; staff see
// the labels only.
type choices struct {
	prefix string
	values []string
}

var (
	directionChoices  = choices{"admin.direction.", []string{"in", "out"}}
	scannerChoices    = choices{"admin.scanner.", []string{scannerKeyboard, scannerDirect, scannerSerial}}
	gateActionChoices = choices{"admin.gate_action.", []string{gateNone, gateCommand, gateHTTP, gateSerial}}
	relayChoices      = choices{"admin.relay.", []string{relayDTR, relayRTS, relayLCUS}}
)

// labels are the labels of every value, in order.
func (c choices) labels() []string {
	out := make([]string, len(c.values))
	for i, v := range c.values {
		out[i] = c.label(v)
	}
	return out
}

// label is the label of value v; a value the list lacks shows as itself
// (a settings file written by hand), and "" as nothing selected.
func (c choices) label(v string) string {
	if v == "" {
		return ""
	}
	return trOr(c.prefix+v, v)
}

// value is the value a label stands for; "" for no selection.
func (c choices) value(label string) string {
	for _, v := range c.values {
		if c.label(v) == label {
			return v
		}
	}
	return label
}
