package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
)

func TestLeakgenWritesTheLeakAndItsReport(t *testing.T) {
	dir := t.TempDir()
	expect := filepath.Join(dir, "expect.json")
	if err := run([]string{"-out", filepath.Join(dir, "leak"), "-persons", "100", "-seed", "3", "-expect", expect}, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(expect)
	if err != nil {
		t.Fatal(err)
	}
	var rep scan.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Persons != 100 || len(rep.Files) == 0 {
		t.Errorf("report holds %d persons in %d files, want 100 persons", rep.Persons, len(rep.Files))
	}
}

func TestLeakgenPrintsTheReportWithoutExpect(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-out", t.TempDir(), "-persons", "100"}, &out); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(out.Bytes()) {
		t.Error("standard output is not the report as JSON")
	}
}

func TestLeakgenNeedsAnOutputDirectory(t *testing.T) {
	if err := run(nil, &bytes.Buffer{}); err == nil {
		t.Error("no error without -out")
	}
}

func TestLeakgenWritesADenseLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dense.txt")
	if err := run([]string{"-dense", "1000", "-out", path}, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(b, []byte("@")) != 1000 || bytes.Count(b, []byte("Tel. +86 ")) != 1000 || bytes.IndexByte(b, '\n') >= 0 {
		t.Errorf("want one line of 1000 contacts, got %d bytes: %.200s", len(b), b)
	}
}
