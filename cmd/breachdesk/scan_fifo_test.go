//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A pipe or device given as the findings file (a FIFO into an encrypting
// tool, /dev/null) keeps its mode: chmod on /dev/null as root would break
// the machine.
func TestScanLeavesTheModeOfAFindingsPipeAlone(t *testing.T) {
	dir := phoneLeak(t)
	fifo := filepath.Join(t.TempDir(), "findings.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	if err := os.Chmod(fifo, 0o644); err != nil { // past the umask
		t.Fatal(err)
	}
	read := make(chan string)
	go func() {
		b, _ := os.ReadFile(fifo) // blocks until the scan opens the FIFO
		read <- string(b)
	}()
	mustRun(t, nil, "", "scan", "--quiet", "--region", "CN", "--findings", fifo, dir)
	if got := <-read; !strings.Contains(got, chinesePhoneE164) {
		t.Errorf("the FIFO carried %q, want the phone finding", got)
	}
	if mode := fileMode(t, fifo); mode != 0o644 {
		t.Errorf("the FIFO's mode changed to %#o, want it left at 0644", mode)
	}
}
