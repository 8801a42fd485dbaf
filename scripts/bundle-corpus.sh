#!/usr/bin/env bash
# Copies the permissively licensed (MIT, BSD, Apache) captures of the shared
# third-party corpus, each under 300 kB, into test/fixtures/corpus/ with
# their MANIFEST.tsv lines, so the conformance tests run in a fresh clone.
# GPL/LGPL captures are never copied.
# Usage: scripts/bundle-corpus.sh [CORPUS_DIR]   (default: ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/corpus}
dst=test/fixtures/corpus
[ -f "$src/MANIFEST.tsv" ] || { echo "no MANIFEST.tsv in $src" >&2; exit 2; }
rm -rf "$dst/pcap" "$dst/pcapng-conformance" "$dst/malformed"
mkdir -p "$dst"
head -1 "$src/MANIFEST.tsv" > "$dst/MANIFEST.tsv"
awk -F'\t' 'NR > 1 && $1 !~ /^#/ && $1 !~ /\.txt$/ && $1 !~ /^har\// && $5 ~ /^(MIT|BSD|Apache)/ && $5 !~ /GPL/ && $6 < 300000' "$src/MANIFEST.tsv" |
  while IFS=$'\t' read -r file rest; do
    mkdir -p "$dst/$(dirname "$file")"
    cp "$src/$file" "$dst/$file"
    printf '%s\t%s\n' "$file" "$rest" >> "$dst/MANIFEST.tsv"
  done
echo "copied $(($(wc -l < "$dst/MANIFEST.tsv") - 1)) captures into $dst"
