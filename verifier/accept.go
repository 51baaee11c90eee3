package verifier

import (
	"strconv"

	"github.com/venuepass/venuepass/dcc"
)

// AcceptOnly restricts c to the types that names lists: credential types
// (employee, membership, ticket, certificate) and EU DCC entry types
// (vaccination, test, recovery), as a kiosk's settings or a command line
// name them. Listing any restricts both kinds: a list of credential types
// refuses every DCC, and the reverse. No names leave c as it is. An
// unknown name is a *TypeNameError, and c is left as it is.
func (c *Config) AcceptOnly(names []string) error {
	if len(names) == 0 {
		return nil
	}
	types, dccTypes := []Type{}, []dcc.EntryType{}
next:
	for _, name := range names {
		for _, t := range dcc.AllTypes {
			if name == t.String() {
				dccTypes = append(dccTypes, t)
				continue next
			}
		}
		t, err := ParseType(name)
		if err != nil {
			return &TypeNameError{Name: name}
		}
		types = append(types, t)
	}
	c.Types, c.DCCTypes = types, dccTypes
	return nil
}

// TypeNameError is a type name AcceptOnly does not know.
type TypeNameError struct{ Name string }

func (e *TypeNameError) Error() string {
	return "unknown type " + strconv.Quote(e.Name) + " (want employee, membership, ticket, certificate, vaccination, test or recovery)"
}
