//go:build floor

package main

func main() {}
