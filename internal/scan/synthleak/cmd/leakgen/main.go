// Command leakgen writes the synthetic NIO-shaped leak and prints the
// report `breachdesk scan --region CN --json -` must give for it:
//
//	go run ./internal/scan/synthleak/cmd/leakgen -out /tmp/leak -persons 1000000 -expect /tmp/leak.json
//
// With -dense N it writes instead one line of N contacts (an e-mail
// address and a phone number each) to the file -out, for the benchmarks:
//
//	go run ./internal/scan/synthleak/cmd/leakgen -dense 2000000 -out /tmp/dense.txt
//
// The report's paths are relative to -out: scan from inside it, or strip
// the prefix before comparing.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/breachdesk/breachdesk/internal/scan/synthleak"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "leakgen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("leakgen", flag.ContinueOnError)
	out := fs.String("out", "", "directory to write the leak into (must be empty or new)")
	persons := fs.Int("persons", synthleak.DefaultPersons, "distinct people in the leak")
	seed := fs.Int64("seed", 1, "random seed: the same seed writes the same leak")
	expect := fs.String("expect", "", "write the expected report to this file instead of standard output")
	dense := fs.Int("dense", 0, "write one line of this many contacts to the file -out instead of a leak")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("-out is required")
	}
	if *dense > 0 {
		return writeDense(*out, *dense, *seed)
	}
	rep, err := synthleak.Generate(*out, synthleak.Options{Persons: *persons, Seed: *seed})
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *expect == "" {
		_, err = stdout.Write(b)
		return err
	}
	return os.WriteFile(*expect, b, 0o644)
}

// writeDense writes the one-line contact list of -dense to path.
func writeDense(path string, n int, seed int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := synthleak.WriteDenseLine(f, n, seed); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
