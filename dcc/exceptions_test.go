package dcc

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// exceptionsFile lists the dgc-testdata expectations this package
// deliberately disagrees with, each with its cause and reason. The
// conformance runner reports such a disagreement as a documented exception
// (still counted as mismatched), fails on any disagreement not in the list,
// and fails on an entry that agrees with upstream again.
const exceptionsFile = "testdata/dgc-exceptions.txt"

type exceptionKey struct{ rel, flag string }

// exception is one line of the list:
//
//	<case path under the dgc-testdata root> <flag> <upstream value> <cause>: <reason>
type exception struct {
	want   bool
	cause  string
	reason string
}

// Causes an exception may give. Each is confirmed on the case, so that an
// entry cannot hide another disagreement.
var exceptionCauses = map[string]func(tc *testCase) error{
	// The upstream case expects a schema failure for a code outside the
	// value sets; the official schema gives the field only a type. The
	// certificate must pass its schema and be warned dcc_unknown_value.
	"value-set": func(tc *testCase) error {
		h, err := healthOf(tc)
		if err != nil {
			return err
		}
		ws, err := h.Check()
		if err != nil {
			return err
		}
		for _, w := range ws {
			if w.Code == WarnUnknownValue {
				return nil
			}
		}
		return fmt.Errorf("no %s warning", WarnUnknownValue)
	},
	// The upstream expectation contradicts the official schema of the
	// declared version for another reason (the reason says which); the
	// schema step's own outcome is what the schema says.
	"schema": func(tc *testCase) error { return nil },
}

func (e exception) confirm(tc *testCase) error { return exceptionCauses[e.cause](tc) }

func loadExceptions(path string) (map[exceptionKey]exception, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[exceptionKey]exception{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, reason, ok := strings.Cut(line, ":")
		fields := strings.Fields(head)
		if !ok || len(fields) != 4 || strings.TrimSpace(reason) == "" {
			return nil, fmt.Errorf("%s:%d: want \"<case> <flag> <upstream value> <cause>: <reason>\"", path, n)
		}
		want, err := strconv.ParseBool(fields[2])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: upstream value %q is not true or false", path, n, fields[2])
		}
		if _, known := steps[fields[1]]; !known {
			return nil, fmt.Errorf("%s:%d: %s is no flag the runner checks", path, n, fields[1])
		}
		if exceptionCauses[fields[3]] == nil {
			return nil, fmt.Errorf("%s:%d: unknown cause %q", path, n, fields[3])
		}
		key := exceptionKey{fields[0], fields[1]}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s %s listed twice", path, n, fields[0], fields[1])
		}
		out[key] = exception{want: want, cause: fields[3], reason: strings.TrimSpace(reason)}
	}
	return out, sc.Err()
}
