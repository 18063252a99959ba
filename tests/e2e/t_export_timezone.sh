#!/usr/bin/env bash
# export writes every date in a stated zone: --timezone, else the profile's "timezone", else (with --map) the
# mapping's locale.timezone, else the machine's zone; never UTC by accident.  An invoice issued and due at
# midnight in Sydney (13:00 UTC the day before) keeps its Sydney days, its days past due and its aging bucket,
# and the workbook, the CSV and standard error say which zone was used.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
cd "$TMPD"

cat >au.map.json <<'JSON'
{
  "target": "bigcommerce-b2b",
  "locale": { "decimal": ".", "date": "%d/%m/%Y", "timezone": "Australia/Sydney", "currency": "AUD" },
  "group_by": ["Invoice Number"],
  "match": "invoiceNumber",
  "invoice": {
    "invoiceNumber": "Invoice Number",
    "customerId": "Company ID",
    "issuedAt": { "column": "Invoice Date", "type": "date" },
    "dueDate": { "column": "Due Date", "type": "date" },
    "currency": "Currency",
    "originalBalance": { "compute": "total" },
    "openBalance": { "compute": "total" }
  },
  "costLines": [ { "description": "Subtotal", "amount": { "compute": "subtotal" } } ],
  "lineItems": {
    "sku": "SKU",
    "description": "Description",
    "quantity": { "column": "Quantity", "type": "decimal" },
    "unitPrice": { "column": "Unit Price", "type": "money" },
    "type": { "value": "physical" }
  }
}
JSON
printf 'Invoice Number,Company ID,Invoice Date,Due Date,Currency,SKU,Description,Quantity,Unit Price\n' >au.csv
printf 'AU-1,1236,13/10/2026,12/11/2026,AUD,SKU-1,Bolts,2,50.00\n' >>au.csv
expect_exit 0 "$INVOICECTL" import -m au.map.json -y --results r1 au.csv

# csv_field CSV COLUMN: the value of COLUMN on the first data row.
csv_field() {
    "$PY" -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1], newline="")))[sys.argv[2]])' "$1" "$2"
}

note "the machine's zone is the default (TZ=Australia/Sydney): the Sydney days, due today, not past due"
TZ=Australia/Sydney expect_exit 0 "$INVOICECTL" export -o local.csv --as-of 2026-11-12
assert_eq 2026-10-13 "$(csv_field local.csv Issued)" "issue day in the machine's zone"
assert_eq 2026-11-12 "$(csv_field local.csv Due)" "due day in the machine's zone"
assert_eq 0 "$(csv_field local.csv 'Days Past Due')" "days past due as of the due day"
assert_contains "$TMPD/err" "dates in Australia/Sydney (this machine's zone)"
# The same through TZ's ':' form and on standard output.
TZ=:Australia/Sydney expect_exit 0 "$INVOICECTL" export --as-of 2026-11-12
grep -q '^AU-1,.*,2026-10-13,2026-11-12,0,AUD,' "$TMPD/out" || { cat "$TMPD/out"; fail "stdout CSV not in Sydney days"; }
assert_contains "$TMPD/err" "dates in Australia/Sydney (this machine's zone)"

note "--timezone wins; UTC is then said, not assumed"
TZ=Australia/Sydney expect_exit 0 "$INVOICECTL" export -o utc.csv --as-of 2026-11-12 --timezone UTC
assert_eq 2026-10-12 "$(csv_field utc.csv Issued)" "issue day in UTC"
assert_eq 1 "$(csv_field utc.csv 'Days Past Due')" "days past due in UTC"
assert_contains "$TMPD/err" "dates in UTC (--timezone)"

note "a zone the machine cannot name is an error, not a silent UTC"
TZ=Mars/Olympus expect_exit 2 "$INVOICECTL" export -o never.csv
assert_contains "$TMPD/err" "this machine's time zone ('Mars/Olympus') is not an IANA name known here: give --timezone ZONE"
[ ! -e never.csv ] || fail "a file was written"
TZ=Mars/Olympus expect_exit 0 "$INVOICECTL" export -o given.csv --timezone Australia/Sydney

note "the profile's timezone, under --timezone"
mkdir cfg
printf '{"profiles": {"au": {"timezone": "Australia/Sydney"}, "bad": {"timezone": "Nowhere/Land"}}, "default": "au"}\n' >cfg/config.json
chmod 600 cfg/config.json
export INVOICECTL_CONFIG=$TMPD/cfg/config.json
TZ=UTC expect_exit 0 "$INVOICECTL" export -o prof.csv --as-of 2026-11-12
assert_eq 2026-10-13 "$(csv_field prof.csv Issued)" "issue day in the profile's zone"
assert_contains "$TMPD/err" "dates in Australia/Sydney (the profile's timezone)"
TZ=UTC expect_exit 0 "$INVOICECTL" export -o prof-utc.csv --as-of 2026-11-12 --timezone Etc/UTC
assert_eq 2026-10-12 "$(csv_field prof-utc.csv Issued)" "--timezone over the profile"
TZ=UTC expect_exit 2 "$INVOICECTL" export -o never.csv --profile bad
assert_contains "$TMPD/err" "profile 'bad': timezone 'Nowhere/Land' is not a time zone known here"
printf '{"profiles": {"au": {"timezone": 10}}, "default": "au"}\n' >cfg/config.json
TZ=UTC expect_exit 2 "$INVOICECTL" export -o never.csv
assert_contains "$TMPD/err" "'profiles.au.timezone' is not a string"
unset INVOICECTL_CONFIG

note "with --map and no other zone: the mapping's, so the file reads back as the same days"
TZ=UTC expect_exit 0 "$INVOICECTL" export -o rt.csv --map au.map.json
assert_eq 13/10/2026 "$(csv_field rt.csv 'Invoice Date')" "issue day in the mapping's zone"
assert_eq 12/11/2026 "$(csv_field rt.csv 'Due Date')" "due day in the mapping's zone"
assert_contains "$TMPD/err" "dates in Australia/Sydney (the mapping's locale.timezone)"
assert_not_contains "$TMPD/err" "warning"
# Another zone asked for with --map: written in it, with a warning that the mapping reads another.
expect_exit 0 "$INVOICECTL" export -o rt-utc.csv --map au.map.json --timezone UTC
assert_eq 12/10/2026 "$(csv_field rt-utc.csv 'Invoice Date')" "--timezone over the mapping's zone"
assert_contains "$TMPD/err" "warning: dates are written in UTC (--timezone) but 'au.map.json' reads them in Australia/Sydney"

note "the workbook: Sydney days, the bucket of the Sydney due day, and a line saying the zone"
TZ=Australia/Sydney expect_exit 0 "$INVOICECTL" export -o au.xlsx --as-of 2026-11-12
"$PY" - au.xlsx <<'PYEOF'
import datetime, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
errors = []
inv = wb["Invoices"]
head = [c.value for c in inv[1]]
row = [c.value for c in inv[2]]
got = dict(zip(head, row))
if got["Issued"].date() != datetime.date(2026, 10, 13) or got["Due"].date() != datetime.date(2026, 11, 12):
    errors.append(f"Invoices: issued {got['Issued']}, due {got['Due']}; want 2026-10-13, 2026-11-12")
if got["Days Past Due"] != 0:
    errors.append(f"Invoices: days past due {got['Days Past Due']}, want 0")
note = "Dates in Australia/Sydney; days past due as of 2026-11-12"
def has_note(ws):
    return any(c.value == note for r in ws.iter_rows() for c in r)
for name in ("Invoices", "Aging"):
    if not has_note(wb[name]):
        errors.append(f"{name}: no line '{note}'")
ag = wb["Aging"]
head = [c.value for c in ag[1]]
row = dict(zip(head, [c.value for c in ag[2]]))
if row["Current"] != 100 or row["1-30"] not in (0, None):
    errors.append(f"Aging: {row}; want 100 in Current (due today in Sydney), nothing in 1-30")
subject = wb.properties.subject or ""
if "as of 2026-11-12 (Australia/Sydney)" not in subject:
    errors.append(f"subject {subject!r} does not name the zone")
if errors:
    sys.exit("\n".join(errors))
PYEOF
echo ok
