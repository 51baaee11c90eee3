package gate

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestSpecAction(t *testing.T) {
	lcus3 := &Serial{Port: "/dev/ttyUSB0", Pulse: time.Second}
	lcus3.SetLCUS(3)
	for _, tc := range []struct {
		spec Spec
		want Action
		err  error // a sentinel, or a *SpecError to compare
	}{
		{Spec{}, nil, nil},
		{Spec{Command: "true"}, Shell("true"), nil},
		{Spec{URL: "http://10.0.0.5/open"}, &HTTP{URL: "http://10.0.0.5/open"}, nil},
		{Spec{URL: "ftp://x"}, nil, &SpecError{"url", "ftp://x", "want an http:// or https:// URL of the gate controller"}},
		{Spec{Serial: "/dev/ttyUSB0", Pulse: time.Second}, &Serial{Port: "/dev/ttyUSB0", Pulse: time.Second, Line: DTR}, nil},
		{Spec{Serial: "/dev/ttyUSB0", Line: "RTS", Pulse: time.Second}, &Serial{Port: "/dev/ttyUSB0", Pulse: time.Second, Line: RTS}, nil},
		{Spec{Serial: "/dev/ttyUSB0", Relay: "lcus:3", Pulse: time.Second}, lcus3, nil},
		{Spec{Serial: "/dev/ttyUSB0", Line: "cts", Pulse: time.Second}, nil, &SpecError{"line", "cts", "want dtr or rts"}},
		{Spec{Serial: "/dev/ttyUSB0", Relay: "lcus:9", Pulse: time.Second}, nil, &SpecError{"relay", "lcus:9", "want lcus:N, the channel N (1 to 8) of an LCUS relay board"}},
		{Spec{Serial: "/dev/ttyUSB0"}, nil, &SpecError{"pulse", "0s", "must be positive"}},
		{Spec{Serial: "/dev/ttyUSB0", Line: "dtr", Relay: "lcus:1", Pulse: time.Second}, nil, ErrLineAndRelay},
		{Spec{Command: "true", URL: "http://x"}, nil, ErrManyActions},
		{Spec{URL: "http://x", Serial: "/dev/ttyS0"}, nil, ErrManyActions},
	} {
		a, err := tc.spec.Action()
		var se *SpecError
		switch {
		case tc.err == nil && err != nil:
			t.Errorf("%+v: %v", tc.spec, err)
		case errors.As(tc.err, &se):
			var got *SpecError
			if !errors.As(err, &got) || *got != *se {
				t.Errorf("%+v: error %v, want %v", tc.spec, err, se)
			}
		case tc.err != nil && !errors.Is(err, tc.err):
			t.Errorf("%+v: error %v, want %v", tc.spec, err, tc.err)
		case !reflect.DeepEqual(a, tc.want):
			t.Errorf("%+v: action %#v, want %#v", tc.spec, a, tc.want)
		}
	}
}
