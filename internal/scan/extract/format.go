package extract

// Format is what a file is, as the report names it.
type Format string

const (
	CSV      Format = "csv"
	TSV      Format = "tsv"
	JSON     Format = "json"
	NDJSON   Format = "ndjson"
	SQL      Format = "sql"
	XLSX     Format = "xlsx"
	DOCX     Format = "docx"
	ODT      Format = "odt"
	ODS      Format = "ods"
	PDF      Format = "pdf"
	EML      Format = "eml"
	MBOX     Format = "mbox"
	HTML     Format = "html"
	Text     Format = "text"
	Zip      Format = "zip"
	Tar      Format = "tar"
	Gzip     Format = "gzip"
	Bzip2    Format = "bzip2"
	SevenZip Format = "7z"
	// Binary is a file that is none of the above: it is skipped as an
	// "unsupported binary format".
	Binary Format = "binary"
	// Empty is a file without content: it is skipped as "empty file".
	Empty Format = "empty"
)

// SniffSize is how many leading bytes Sniff needs to decide.
const SniffSize = 64 << 10
