package scan

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
	"github.com/breachdesk/breachdesk/internal/scan/source"
)

// worker reads whole top-level files, one at a time: it walks their
// archives and runs their extractors, whose records go to the detectors.
type worker struct {
	run *run
	// lim are the limits of the top-level file being scanned: one
	// expansion budget shared by every archive nested in it, so that a
	// 42.zip whose layers each look harmless is stopped.
	lim source.Limits
}

// extractors maps the formats that hold records to their readers.
var extractors = map[extract.Format]extract.Extractor{
	extract.CSV:    extract.ExtractCSV,
	extract.TSV:    extract.ExtractCSV,
	extract.JSON:   extract.ExtractJSON,
	extract.NDJSON: extract.ExtractJSON,
	extract.SQL:    extract.ExtractSQL,
	extract.HTML:   extract.ExtractHTML,
	extract.Text:   extract.ExtractText,
	extract.EML:    extract.ExtractEML,
	extract.MBOX:   extract.ExtractMBOX,
	extract.XLSX:   extract.ExtractXLSX,
	extract.DOCX:   extract.ExtractDOCX,
	extract.ODT:    extract.ExtractODT,
	extract.ODS:    extract.ExtractODS,
	extract.PDF:    extract.ExtractPDF,
}

// needsRandomAccess lists the formats whose readers must seek.
var needsRandomAccess = map[extract.Format]bool{
	extract.XLSX: true, extract.DOCX: true, extract.ODT: true, extract.ODS: true, extract.PDF: true,
	extract.Zip: true, extract.SevenZip: true,
}

// scanReaderBuffer is the size of the buffer through which a file is
// sniffed and read: just what sniffing needs. The text extractors read a
// big file into windows of their own a megabyte at a time, and a bufio
// reader hands reads at least as large as its buffer straight to the
// file, so each byte is copied once, not into this buffer first; and a
// dump of many small files does not allocate a megabyte for each.
const scanReaderBuffer = extract.SniffSize

// scanTopLevel scans one file found under the roots.
func (w *worker) scanTopLevel(p string, size int64) {
	f, err := os.Open(p)
	if err != nil {
		w.run.skip(p, "cannot be read: "+describeOpenError(err))
		return
	}
	defer f.Close()
	w.lim = w.run.opt.Limits.ForFile(size)
	r := &countingFile{File: f, size: size, meter: w.run.progress}
	w.scanReader(p, r, size, 0)
}

// scanReader scans the file at display path p from r: it sniffs the
// format and hands the file to its extractor, or walks an archive's
// members. A panic in a reader is caught here: one bad file never stops
// the scan.
func (w *worker) scanReader(p string, r io.Reader, size int64, depth int) {
	defer func() {
		// The panic value and stack may hold file content: neither is
		// logged or reported, only that this file failed.
		if v := recover(); v != nil {
			w.run.skip(p, "not scanned to its end: the reader for this format failed (a bug; please report it)")
		}
	}()
	br := bufio.NewReaderSize(r, scanReaderBuffer)
	head, err := br.Peek(extract.SniffSize)
	// A damaged stream (a gzip without its trailer) still yields what it
	// holds: scan that, and the extractor reports the error at the end.
	if err != nil && len(head) == 0 && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		w.run.skip(p, "cannot be read: "+err.Error())
		return
	}
	format := extract.Sniff(head, path.Base(p))
	switch format {
	case extract.Empty:
		w.run.skip(p, "empty file")
		return
	case extract.Binary:
		w.run.skip(p, "unsupported binary format")
		return
	}
	if depth > w.lim.MaxDepth {
		w.run.skip(p, fmt.Sprintf("nested deeper than %d levels, not scanned", w.lim.MaxDepth))
		return
	}
	if needsRandomAccess[format] {
		var src io.Reader = br
		if ra, ok := r.(extract.RandomAccess); ok {
			src = ra // a file on disk: read it in place, no copy
		}
		w.scanRandomAccess(p, src, size, depth, format)
		return
	}
	w.scanStream(p, br, size, depth, format)
}

// scanStream scans a file that can be read front to back.
func (w *worker) scanStream(p string, r io.Reader, size int64, depth int, format extract.Format) {
	switch format {
	case extract.Tar, extract.Gzip, extract.Bzip2:
		w.scanArchive(p, r, depth, format)
		return
	}
	w.extract(p, r, format)
}

// scanRandomAccess spools what needs seeking (an office file or a zip
// inside an archive) and scans it.
func (w *worker) scanRandomAccess(p string, r io.Reader, size int64, depth int, format extract.Format) {
	ra, cleanup, err := source.Spool(r, size, w.lim)
	if err != nil {
		w.run.skip(p, "not scanned: "+err.Error())
		return
	}
	defer cleanup()
	if format == extract.Zip {
		format = source.OfficeFormat(ra)
	}
	switch format {
	case extract.Zip, extract.SevenZip:
		w.scanArchive(p, ra, depth, format)
	default:
		w.extract(p, ra, format)
	}
}

// scanArchive scans each member of an archive as a file of its own.
func (w *worker) scanArchive(p string, r io.Reader, depth int, format extract.Format) {
	err := source.Walk(w.run.ctx, format, r, path.Base(p), w.lim, depth,
		func(m source.Member, mr io.Reader) error {
			w.scanReader(p+"!"+m.Name, mr, m.Size, depth+1)
			return w.run.ctx.Err()
		},
		func(name, reason string) { w.run.skip(p+"!"+name, reason) })
	w.reportDamage(p, err)
}

// extract runs the format's extractor over the file with a sink of ours.
func (w *worker) extract(p string, r io.Reader, format extract.Format) {
	counter := &countingReader{r: r}
	var in io.Reader = counter
	if ra, ok := r.(extract.RandomAccess); ok {
		in = ra // extractors type-assert RandomAccess; count its size instead
		counter.n = ra.Size()
	}
	sink := newFileSink(w, p, format)
	err := extractors[format](w.run.ctx, in, path.Base(p), sink)
	sink.finish(counter.n)
	w.reportDamage(p, err)
}

// reportDamage records why a file was not read to its end.
func (w *worker) reportDamage(p string, err error) {
	if err == nil || w.run.ctx.Err() != nil && errors.Is(err, w.run.ctx.Err()) || source.Reported(err) {
		return
	}
	var d *extract.Damaged
	if errors.As(err, &d) {
		w.run.skip(p, d.Reason)
		return
	}
	w.run.skip(p, "not scanned to its end: "+source.Reason(err))
}

func describeOpenError(err error) string {
	switch {
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	case errors.Is(err, os.ErrNotExist):
		return "no longer exists"
	}
	return err.Error()
}

// countingReader counts the bytes an extractor reads: the bytes scanned.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// countingFile is a top-level file: reads advance the progress display,
// and it offers random access for the formats that need it.
type countingFile struct {
	*os.File
	size  int64
	meter *progressMeter
}

func (f *countingFile) Read(b []byte) (int, error) {
	n, err := f.File.Read(b)
	f.meter.add(int64(n))
	return n, err
}

func (f *countingFile) ReadAt(b []byte, off int64) (int, error) {
	n, err := f.File.ReadAt(b, off)
	f.meter.add(int64(n))
	return n, err
}

func (f *countingFile) Size() int64 { return f.size }
