package printing

import "errors"

// ErrNoItems is returned when there is nothing to print.
var ErrNoItems = errors.New("nothing to print")
