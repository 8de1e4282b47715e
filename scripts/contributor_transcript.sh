#!/usr/bin/env bash
# What a contributor sees, in fresh copies of this repository's data package: each
# scene copies the package, makes one edit, and runs the commands a contributor runs
# (from inside the copy, with no PATH). Prints every command, its output and its exit
# code; reproduce with:   scripts/contributor_transcript.sh [> transcript.txt]
# Needs `civic-accountability` on PATH (pip install -e .). Changes nothing in the repo.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export -n CIVIC_ACCOUNTABILITY_NOW 2>/dev/null || true

fresh() {  # fresh NAME: a copy of the package; the scene runs inside it
  local dir="$WORK/$1"
  mkdir -p "$dir"
  cp -r "$REPO/datapackage.json" "$REPO/schemas" "$REPO/data" "$REPO/archive" "$dir"/
  cd "$dir" || exit 2
  printf '\n### %s (in a fresh copy: %s)\n' "$2" "$dir"
}
show() { printf '$ %s\n' "$*"; }
run() { show "$@"; "$@" 2>&1; printf '(exit %d)\n' "$?"; }
edit() { show "# edit: $1"; python3 - "$2" "$3" "$4" <<'EOF'
import sys
path, old, new = sys.argv[1:]
text = open(path, encoding="utf-8", newline="").read()
assert old in text, f"{old!r} not in {path}"
open(path, "w", encoding="utf-8", newline="").write(text.replace(old, new, 1))
EOF
}

fresh typo "1. A broken edit is caught by validate with no PATH, with a suggestion"
edit "a grade misspelt in data/judgements.csv" data/judgements.csv \
  "swindon-2023-07-17-standard-inspection,care_leavers,requires_improvement,ofsted-report-swindon-2023" \
  "swindon-2023-07-17-standard-inspection,care_leavers,requires_improvment,ofsted-report-swindon-2023"
run civic-accountability validate
(cd data && run civic-accountability validate --format github)

fresh order "2. fmt --check fails on a row appended out of order with CRLF endings; fmt fixes it"
show "# edit: move the first inspection to the end of data/inspections.csv, save with CRLF"
python3 - <<'EOF'
path = "data/inspections.csv"
lines = open(path, encoding="utf-8", newline="").read().split("\n")[:-1]
open(path, "w", encoding="utf-8", newline="").write("\r\n".join(lines[:1] + lines[2:] + lines[1:2]) + "\r\n")
EOF
run civic-accountability fmt --check
run civic-accountability fmt
run civic-accountability fmt --check
run civic-accountability validate
run git diff --no-index --stat "$REPO/data" data

fresh disagree "3. Two sources disagree: a warning; --strict makes it fail"
edit "the Swindon Advertiser's care-leavers grade for 2023 changed" data/judgements.csv \
  "swindon-2023-07-17-standard-inspection,care_leavers,requires_improvement,swindon-advertiser-2023-rated-inadequate" \
  "swindon-2023-07-17-standard-inspection,care_leavers,good,swindon-advertiser-2023-rated-inadequate"
run civic-accountability validate
run civic-accountability validate --strict

fresh archive "4. A quote whose archived text is missing is reported"
show "# edit: delete archive/swindon-advertiser-2023-rated-inadequate.txt"
rm archive/swindon-advertiser-2023-rated-inadequate.txt
run civic-accountability validate --max-errors 5
run civic-accountability validate --strict --max-errors 5
