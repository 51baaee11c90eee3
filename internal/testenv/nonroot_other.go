//go:build !unix

package testenv

import "testing"

// AsNonRoot returns false: there is no root to avoid here.
func AsNonRoot(t *testing.T) bool { return false }
