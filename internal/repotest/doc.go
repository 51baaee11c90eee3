// Package repotest holds tests about the repository itself rather than about
// a package: that a fresh clone stands on its own.
package repotest
