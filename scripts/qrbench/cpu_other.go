//go:build !linux

package main

// threadCPU is not measured outside Linux.
func threadCPU() int64 { return 0 }
