package verifier_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/verifier"
)

func TestAcceptOnly(t *testing.T) {
	for _, tc := range []struct {
		names    []string
		types    []verifier.Type
		dccTypes []dcc.EntryType
	}{
		{nil, nil, nil}, // left as it is: every known type
		{[]string{"ticket", "badge"}, []verifier.Type{verifier.Ticket, verifier.Employee}, []dcc.EntryType{}},
		{[]string{"vaccination", "test"}, []verifier.Type{}, []dcc.EntryType{dcc.TypeVaccination, dcc.TypeTest}},
		{[]string{"recovery", "membership"}, []verifier.Type{verifier.Membership}, []dcc.EntryType{dcc.TypeRecovery}},
	} {
		var c verifier.Config
		if err := c.AcceptOnly(tc.names); err != nil {
			t.Fatalf("%v: %v", tc.names, err)
		}
		if !reflect.DeepEqual(c.Types, tc.types) || !reflect.DeepEqual(c.DCCTypes, tc.dccTypes) {
			t.Errorf("%v: Types %v DCCTypes %v, want %v %v", tc.names, c.Types, c.DCCTypes, tc.types, tc.dccTypes)
		}
	}
	c := verifier.Config{Types: []verifier.Type{verifier.Ticket}}
	err := c.AcceptOnly([]string{"employee", "boarding-pass"})
	var te *verifier.TypeNameError
	if !errors.As(err, &te) || te.Name != "boarding-pass" {
		t.Fatalf("unknown name: %v, want a *TypeNameError naming it", err)
	}
	if want := `unknown type "boarding-pass" (want employee, membership, ticket, certificate, vaccination, test or recovery)`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if !reflect.DeepEqual(c.Types, []verifier.Type{verifier.Ticket}) || c.DCCTypes != nil {
		t.Errorf("a failed AcceptOnly changed the config: %+v", c)
	}
}
