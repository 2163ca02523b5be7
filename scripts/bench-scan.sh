#!/bin/sh
# Compares the impact scanner with ripgrep on the same text files, as
# docs/benchmarks.md reports it.
#
#   scripts/bench-scan.sh [LEAK_DIR | FILE | dense | gosrc]
#
# Given a FILE, both tools read just that file. Two files docs/benchmarks.md
# uses are made on demand: "dense" is one 142 MB line of two million
# contacts (e-mail address and phone number each), "gosrc" the Go source
# tree in one 90 MB file (ordinary text with little personal data).
# LEAK_DIR defaults to /tmp/breachdesk-leak-1m, which is generated (one
# million persons, about 200 MB) when missing. The files are read once
# first, so both tools read from the page cache. Each tool runs three
# times; the best time counts.
#
# ripgrep runs a match-only pattern set equivalent to what the scanner
# looks for (e-mail addresses, phone-like digit runs, IBANs, IP
# addresses, dates, national ID shapes, VINs, hashes and tokens), counting
# matches and validating nothing. The scanner does all of that and also
# validates every candidate, parses CSV, JSON and SQL into records, links
# persons and counts distinct values.
set -eu
leak="${1:-/tmp/breachdesk-leak-1m}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v rg >/dev/null || { echo "ripgrep (rg) is not installed: apt-get install ripgrep" >&2; exit 1; }
go build -o bin/breachdesk ./cmd/breachdesk
case "$leak" in
dense)
	leak=/tmp/breachdesk-dense.txt
	[ -e "$leak" ] || go run ./internal/scan/synthleak/cmd/leakgen -dense 2000000 -out "$leak"
	;;
gosrc)
	leak=/tmp/breachdesk-gosrc.txt
	[ -e "$leak" ] || find "$(go env GOROOT)/src" -name '*.go' | sort | xargs cat | head -c 90000000 >"$leak"
	;;
esac
if [ ! -e "$leak" ]; then
	echo "generating $leak (1,000,000 persons)..."
	go run ./internal/scan/synthleak/cmd/leakgen -out "$leak" -persons 1000000 -expect "$leak.expected.json"
fi

# The text formats of the leak: CSV, NDJSON, SQL, mbox, logs, config.
if [ -f "$leak" ]; then
	files="$leak"
else
	files=$(find "$leak" -type f \( -name '*.csv' -o -name '*.ndjson' -o -name '*.sql' -o -name '*.mbox' \
	-o -name '*.log' -o -name '*.env' -o -name '*.yml' -o -name '*.yaml' -o -name '*.ini' -o -name '*.conf' \) | sort)
fi
bytes=$(cat $files | wc -c)
cat $files >/dev/null

best() { # best of three wall-clock times of "$@", in seconds
	b=""
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
	done
	echo "$b"
}

patterns='[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}
\+?[0-9][0-9 ()/.-]{5,}[0-9]
[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?
[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}
[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}
[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}
[0-9]{17}[0-9Xx]
[A-HJ-NPR-Z0-9]{17}
[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z]
[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]
[0-9]{8}[A-Z]|[XYZ][0-9]{7}[A-Z]
\$2[abxy]\$[0-9]{2}\$[./A-Za-z0-9]{53}|\$[156]\$[^$\s]+\$[./A-Za-z0-9]+|\$argon2[a-z]+\$[^\s,;]+
AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[abp]-[A-Za-z0-9-]+|sk_live_[A-Za-z0-9]{24,}
eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+
-----BEGIN [A-Z ]*PRIVATE KEY-----
(?i)password\s*[:=]'
patfile=$(mktemp)
printf '%s\n' "$patterns" >"$patfile"
trap 'rm -f "$patfile"' EXIT

mb() { echo "scale=0; $bytes / $1 / 1000000" | bc -l; }
rg1=$(best rg -j1 --no-config --count-matches -f "$patfile" $files)
rgn=$(best rg --no-config --count-matches -f "$patfile" $files)
bd=$(best ./bin/breachdesk scan --quiet --region CN --json /dev/null $files)

echo "text files: $(echo $files | wc -w), $bytes bytes, $(nproc) CPUs"
printf '%-44s %8s %8s\n' "tool" "seconds" "MB/s"
printf '%-44s %8.2f %8s\n' "ripgrep, one thread (-j1)" "$rg1" "$(mb "$rg1")"
printf '%-44s %8.2f %8s\n' "ripgrep, all threads" "$rgn" "$(mb "$rgn")"
printf '%-44s %8.2f %8s\n' "breachdesk scan (all detectors, validated)" "$bd" "$(mb "$bd")"
