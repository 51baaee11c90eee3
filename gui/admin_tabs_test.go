package gui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/verifier"
)

// Each admin tab gives back, through load and collect, the settings it
// was loaded with, in English and in Korean (where the choices are
// labelled in Korean but stored as their values); a value typed wrong is
// refused by Settings.Validate with the tab's own sentence.
func TestAdminTabsRoundTrip(t *testing.T) {
	t.Cleanup(func() { setLanguage("en") })
	tk := newTestKiosk(t, nil)
	want := defaultSettings()
	want.Venue, want.Gate, want.Zone, want.Event = "city-arena", "3루 게이트", "B", "FINAL-2026"
	want.Types = []verifier.Type{verifier.Membership, verifier.Ticket}
	want.PassbackMode, want.PassbackMinutes = passbackSoft, 45
	want.PassbackByType = map[string]string{"employee": passbackOff, "ticket": passbackHard}
	want.Direction, want.Language = "out", "ko"
	want.VerdictSeconds, want.StaleGraceHours, want.RejectClearSeconds = 7, 12, 30
	want.StaffIssuers = []string{"acme", "city-arena"}
	want.TrustInbox, want.PhotoDir, want.PhotoInbox = "/media/usb", "/srv/photos", "/media/usb/photos"
	want.Sound, want.Volume, want.Fullscreen, want.Kiosk = false, 40, true, false
	want.Scanner, want.ScannerDevice, want.SerialBaud, want.Camera = scannerSerial, "/dev/ttyACM0", 115200, "/dev/video2"
	want.GateAction, want.GatePort, want.GateRelay, want.GateChannel, want.GatePulseMillis = gateSerial, "/dev/ttyUSB1", relayLCUS, 3, 350
	want.GateCommandLine, want.GateURL = "/usr/local/bin/open-gate", "http://10.0.0.5/open"
	want.LogFile, want.WitnessFile = "/var/lib/venuepass/gate.vplog", "/media/usb/gate.witness"

	type tab interface {
		collect(*Settings) error
	}
	for _, lang := range []string{"en", "ko"} {
		setLanguage(lang)
		s := newAdminScreen(tk.kiosk)
		s.gateTab.load(want)
		s.inputsTab.load(want)
		s.turnstileTab.load(want, "")
		s.logTab.load(want)
		for name, c := range map[string]struct {
			tab    tab
			fields []string
		}{
			"gate": {s.gateTab, []string{"Venue", "Gate", "Zone", "Event", "Types", "PassbackMode", "PassbackMinutes",
				"Direction", "Language", "VerdictSeconds", "StaleGraceHours", "RejectClearSeconds", "StaffIssuers",
				"TrustInbox", "PhotoDir", "PhotoInbox", "Sound", "Volume", "Fullscreen", "Kiosk"}},
			"inputs":    {s.inputsTab, []string{"Scanner", "ScannerDevice", "SerialBaud", "Camera"}},
			"turnstile": {s.turnstileTab, []string{"GateAction", "GateCommandLine", "GateURL", "GatePort", "GateRelay", "GateChannel", "GatePulseMillis"}},
			"log":       {s.logTab, []string{"LogFile", "WitnessFile"}},
		} {
			var got Settings
			got.PassbackByType = map[string]string{"ticket": passbackHard}
			if err := c.tab.collect(&got); err != nil {
				t.Errorf("%s %s: %v", lang, name, err)
				continue
			}
			for _, f := range c.fields {
				g, w := reflect.ValueOf(got).FieldByName(f).Interface(), reflect.ValueOf(want).FieldByName(f).Interface()
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s %s: %s %v, want %v", lang, name, f, g, w)
				}
			}
			if name == "gate" && !reflect.DeepEqual(got.PassbackByType, want.PassbackByType) {
				t.Errorf("%s: passback by type %v, want %v", lang, got.PassbackByType, want.PassbackByType)
			}
		}
		if lang == "ko" && (s.direction.Selected != "퇴장" || s.scannerMode.Selected != "시리얼" || s.gateRelay.Selected != "LCUS 보드") {
			t.Errorf("ko choices shown as %q %q %q", s.direction.Selected, s.scannerMode.Selected, s.gateRelay.Selected)
		}
		set, err := s.collect(want)
		if err != nil || !reflect.DeepEqual(set, want) {
			t.Errorf("%s: collect: %v\n got %+v\nwant %+v", lang, err, set, want)
		}
		s.verdictSecs.SetText("seven")
		if _, err := s.collect(want); err == nil || !strings.Contains(err.Error(), tr().T("admin.err.verdict")) {
			t.Errorf("%s: a verdict time of seven: %v", lang, err)
		}
		s.verdictSecs.SetText("7")
		s.gateChannel.SetText("9")
		if _, err := s.collect(want); err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tr().T("gate.err.channel"))) {
			t.Errorf("%s: LCUS channel 9: %v", lang, err)
		}
		s.gateChannel.SetText("3")
		s.types.SetSelected(nil)
		if _, err := s.collect(want); err == nil || err.Error() != tr().T("admin.err.types") {
			t.Errorf("%s: no type accepted: %v", lang, err)
		}
	}
}
