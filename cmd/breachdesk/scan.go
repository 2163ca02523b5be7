package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

var regionPattern = regexp.MustCompile(`^[A-Za-z]{2}$`)

func (p *program) scan(ctx context.Context, args []string) error {
	const cmd = "scan"
	f := p.newFlags(cmd, "[--incident ID] [options] PATH...",
		"Scans files, folders and archives (zip, tar, tar.gz, gz, 7z, nested) for personal data and reports "+
			"what was found: the categories (e-mail, phone, IBAN, card, national ID, VIN, IP address, date of birth, "+
			"name, postal address, credentials, secrets), in how many records, how many distinct values, and how many "+
			"distinct people. Values are validated (checksums, phone number plans), so order numbers and hashes do not count.\n\n"+
			"Nothing found is printed in full: the summary shows masked examples. Only --findings writes full values, "+
			"to a file only you can read.\n\n"+
			"With --incident, what is found goes straight into that incident's register of affected persons "+
			"(sealed with the register key; no file with full values is written), and the incident's facts are "+
			"updated with the counts. Scanning the same files again changes nothing.\n\n"+
			"Exit status: 0 when the scan ran (even if some files were skipped), 1 when nothing could be read, an output "+
			"could not be written or the scan was interrupted (Ctrl-C writes the report with \"complete\": false), 2 for a "+
			"command line that does not make sense.")
	var region, jsonOut, findings string
	var workers int
	var quiet bool
	f.stringVar(&region, "region", "CC", "DE", "Country for phone numbers written without a country code, as a two-letter ISO code: DE, CN, US, GB, FR ...")
	f.stringVar(&jsonOut, "json", "FILE", "", "Write the report as JSON to FILE; - writes it to standard output. Without it, a summary table is printed.")
	f.stringVar(&findings, "findings", "FILE", "", "Write every value found, with the file and record it is in, to FILE (JSON lines, readable only by you). The only output with full values.")
	f.intVar(&workers, "workers", "N", runtime.NumCPU(), "How many files are scanned at once.")
	f.boolVar(&quiet, "quiet", "No progress display.")
	var incidentArg string
	f.stringVar(&incidentArg, "incident", "ID", "", "Import what is found into the register of affected persons of this incident (its number in the desk).")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	var keys keyFlags
	keys.define(f)
	paths, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErrorf(cmd, "give at least one file or folder to scan")
	}
	if !regionPattern.MatchString(region) {
		return usageErrorf(cmd, "--region %q is not a two-letter country code such as DE or CN", region)
	}
	region = strings.ToUpper(region)
	if phones, err := detect.NewPhones(); err != nil {
		return err
	} else if !phones.RegionKnown(region) {
		return usageErrorf(cmd, "--region %q is not a country with a telephone numbering plan; use a two-letter ISO code such as DE, CN or US", region)
	}
	if workers < 1 {
		return usageErrorf(cmd, "--workers must be at least 1")
	}
	req := scanRequest{paths: paths, region: region, json: jsonOut, findings: findings, workers: workers, quiet: quiet}
	if incidentArg != "" {
		id, err := strconv.ParseInt(incidentArg, 10, 64)
		if err != nil || id < 1 {
			return usageErrorf(cmd, "--incident %q is not an incident number", incidentArg)
		}
		return p.scanIntoRegister(ctx, req, id, &st, &keys)
	}
	return p.runScan(ctx, req)
}

type scanRequest struct {
	paths []string
	// intoRegister, when set, receives the findings too; it is closed
	// when the scan ends.
	intoRegister   *io.PipeWriter
	region         string
	json, findings string
	workers        int
	quiet          bool
}

func (p *program) runScan(ctx context.Context, req scanRequest) error {
	opt := scan.Options{Paths: req.paths, Region: req.region, Workers: req.workers}
	// The outputs are opened before the scan, so that a mistyped path fails
	// at once, not after hours of scanning with the results lost.
	var report *os.File
	if req.json != "" && req.json != "-" {
		f, err := os.OpenFile(req.json, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("cannot write the report: %w", err)
		}
		defer f.Close()
		report = f
	}
	var findings *os.File
	if req.findings != "" {
		f, err := openPrivate(req.findings)
		if err != nil {
			return fmt.Errorf("cannot write the findings file: %w", err)
		}
		defer f.Close()
		findings, opt.Findings = f, f
	}
	if req.intoRegister != nil {
		opt.Findings = req.intoRegister
		if findings != nil {
			opt.Findings = io.MultiWriter(findings, req.intoRegister)
		}
	}
	bar := p.progressBar(req.quiet)
	if bar != nil {
		opt.Progress = bar.show
	}
	rep, runErr := scan.Run(ctx, opt)
	if req.intoRegister != nil {
		// What was found until an interruption is imported all the same.
		req.intoRegister.Close()
	}
	if bar != nil {
		bar.end() // before anything else is written to the terminal
	}
	if rep == nil {
		return runErr
	}
	if runErr == nil && findings != nil {
		if err := findings.Close(); err != nil {
			runErr = err
		}
	}
	if err := p.writeReport(rep, req.json, report); err != nil {
		return err
	}
	switch {
	case errors.Is(runErr, context.Canceled):
		fmt.Fprintln(p.stderr, "breachdesk: scan interrupted; the report is incomplete (\"complete\": false).")
		return errReported
	case errors.Is(runErr, scan.ErrNothingRead):
		fmt.Fprintln(p.stderr, "breachdesk: none of the files could be read; see the skipped files in the report.")
		return errReported
	case runErr != nil:
		return fmt.Errorf("cannot write the findings file: %w", runErr)
	}
	return nil
}

// openPrivate creates (or truncates) a file only the user can read: it
// holds full personal data.
func openPrivate(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	// An existing file keeps its mode otherwise. A device or pipe
	// (/dev/null, a FIFO to an encrypting tool) is left as it is: it is
	// not where the values stay, and chmod on /dev/null would break the
	// machine for everyone else.
	info, err := f.Stat()
	if err == nil && info.Mode().IsRegular() {
		err = f.Chmod(0o600)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// writeReport writes the JSON report to standard output (jsonOut "-") or
// to the file opened for it, and the summary table unless the JSON goes to
// standard output.
func (p *program) writeReport(rep *scan.Report, jsonOut string, file *os.File) error {
	if jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		b = append(b, '\n')
		if jsonOut == "-" {
			_, err = p.stdout.Write(b)
			return err
		}
		if _, err := file.Write(b); err != nil {
			return fmt.Errorf("cannot write the report: %w", err)
		}
		if err := file.Close(); err != nil {
			return fmt.Errorf("cannot write the report: %w", err)
		}
	}
	writeSummary(p.stdout, rep)
	return nil
}

// progressBar returns a progress display on standard error when that is a
// terminal (and not --quiet); nil otherwise.
func (p *program) progressBar(quiet bool) *progressLine {
	if quiet {
		return nil
	}
	f, ok := p.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progressLine{w: f}
}

type progressLine struct {
	w     io.Writer
	shown bool
}

func (l *progressLine) show(pr scan.Progress) {
	l.shown = true
	fmt.Fprintf(l.w, "\r\x1b[K%s", progressText(pr))
}

func (l *progressLine) end() {
	if l.shown {
		fmt.Fprintln(l.w)
	}
}

// progressText is one line: files, bytes (of the total, once counted),
// throughput, elapsed time and an estimate of the time left.
func progressText(pr scan.Progress) string {
	secs := pr.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(pr.Bytes) / secs
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s files · %s", thousands(pr.Files), sizeText(pr.Bytes))
	if pr.TotalBytes > 0 {
		fmt.Fprintf(&b, " of %s", sizeText(pr.TotalBytes))
	}
	fmt.Fprintf(&b, " · %.0f MB/s · %s", rate/1e6, clock(secs))
	if pr.TotalBytes > 0 && rate > 0 && !pr.Done && pr.Bytes < pr.TotalBytes {
		fmt.Fprintf(&b, " · about %s left", clock(float64(pr.TotalBytes-pr.Bytes)/rate))
	}
	return b.String()
}

func clock(secs float64) string {
	s := int(secs + 0.5)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func sizeText(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// thousands writes n in groups of three digits: 4,850,000.
func thousands(n int64) string {
	s, sign := strconv.FormatInt(n, 10), ""
	if n < 0 {
		s, sign = s[1:], "-"
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}
