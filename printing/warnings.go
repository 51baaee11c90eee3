package printing

import "fmt"

// WarningLines are the warnings of the run in item order (SortWarnings),
// each as its String, for people: at most max of them, then "and N more"
// for the rest.
func (s *Source) WarningLines(max int) []string {
	s.SortWarnings()
	var lines []string
	for i, w := range s.Warnings {
		if i == max {
			lines = append(lines, fmt.Sprintf("and %d more", len(s.Warnings)-max))
			break
		}
		lines = append(lines, w.String())
	}
	return lines
}
