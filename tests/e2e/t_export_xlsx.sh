#!/usr/bin/env bash
# export to XLSX against the sandbox, read back by an independent reader (openpyxl): values, number formats,
# real dates, days past due, totals rows per currency, line items, cost lines, and the aging sums computed
# here from the API's own JSON.  Also: SOURCE_DATE_EPOCH gives the same bytes twice.
. "$ROOT/tests/e2e/lib.sh"
sandbox_start
AS_OF=2026-03-31
"$PY" "$ROOT/tests/e2e/t_export_seed.py" "$INVOICECTL_API_URL" "$AS_OF" "$TMPD/all.json"

expect_exit 0 "$INVOICECTL" export -o "$TMPD/out.xlsx" --as-of "$AS_OF" --page-size 7
assert_contains "$TMPD/err" "exported 33 invoices"
[ -s "$TMPD/out.xlsx" ] || fail "no workbook"
ls "$TMPD" | grep -v -e '^out.xlsx$' -e '^all.json$' -e '^sandbox' -e '^out$' -e '^err$' -e '^body$' -e '^status$' \
    | grep . && fail "temporary files left behind"

"$PY" - "$TMPD/all.json" "$TMPD/out.xlsx" "$AS_OF" <<'PYEOF'
import datetime, json, sys, zipfile
from decimal import Decimal, ROUND_HALF_UP
import openpyxl

inv = json.load(open(sys.argv[1]))
wb = openpyxl.load_workbook(sys.argv[2])
as_of = datetime.date.fromisoformat(sys.argv[3])
errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)

DEC = {"USD": 2, "EUR": 2, "JPY": 0}
STATUS = {0: "open", 1: "partially paid", 2: "completed"}
D = lambda v: Decimal(str(v["value"])) if isinstance(v, dict) else Decimal(str(v))
day = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).date()
def fmt(cur, bold=False):
    d = DEC[cur]
    return f"[$%s] #,##0%s" % (cur, "." + "0" * d if d else "")

check(wb.sheetnames == ["Summary", "Invoices", "Line Items", "Cost Lines", "Aging", "Charts"], f"sheets {wb.sheetnames}")
check(wb.properties.title == "Invoices", "title")
check(wb.properties.subject and "2026-03-31" in wb.properties.subject, f"subject {wb.properties.subject}")

ws = wb["Invoices"]
header = [c.value for c in ws[1]]
check(header == ["Invoice Number", "ID", "Customer ID", "Customer Name", "Status", "PO Number", "Order Number",
                 "Issued", "Due", "Days Past Due", "Currency", "Original Balance", "Open Balance", "External ID"],
      f"header {header}")
check(ws.freeze_panes == "A2", f"freeze {ws.freeze_panes}")
check(ws.auto_filter.ref == f"A1:N{len(inv) + 1}", f"autofilter {ws.auto_filter.ref}")
check(all((ws.column_dimensions[c].width or 0) >= 8 for c in "ABCDEFGHIJKLMN"), "column widths")
byno = {x["invoiceNumber"]: x for x in inv}
rows = list(ws.iter_rows(min_row=2, max_row=len(inv) + 1))
check(len(rows) == len(inv), "row count")
seen = set()
for r in rows:
    v = [c.value for c in r]
    x = byno.get(v[0])
    if not x:
        errors.append(f"unknown invoice {v[0]}"); continue
    seen.add(v[0])
    cur = x["openBalance"]["code"]
    where = f"invoice {v[0]}"
    check(v[1] == str(x["id"]) and r[1].data_type == "s", f"{where}: id {v[1]!r} must be text")
    check(v[2] == x["customerId"] and r[2].data_type == "s", f"{where}: customer id {v[2]!r}")
    check((v[3] or "") == (x.get("customerName") or ""), f"{where}: customer name {v[3]!r}")
    check(v[4] == STATUS[x["status"]], f"{where}: status {v[4]}")
    check(v[5] == x.get("purchaseOrderNumber") and r[5].data_type == "s", f"{where}: PO {v[5]!r} must stay text")
    check(v[6] == x.get("orderNumber"), f"{where}: order {v[6]}")
    check(r[7].is_date and v[7].date() == day(x.get("issuedAt") or x["createdAt"]) and r[7].number_format == "yyyy-mm-dd",
          f"{where}: issued {v[7]!r} {r[7].number_format}")
    if x.get("dueDate"):
        due = day(x["dueDate"])
        check(r[8].is_date and v[8].date() == due, f"{where}: due {v[8]!r}")
        want = None if x["status"] == 2 else max(0, (as_of - due).days)
    else:
        check(v[8] is None, f"{where}: due should be empty"); want = None
    check(v[9] == want, f"{where}: days past due {v[9]} want {want}")
    check(v[10] == cur, f"{where}: currency")
    for col, key in ((11, "originalBalance"), (12, "openBalance")):
        check(v[col] == float(D(x[key])) and isinstance(v[col], (int, float)),
              f"{where}: {key} {v[col]!r} want {D(x[key])}")
        check(r[col].number_format == fmt(cur), f"{where}: {key} format {r[col].number_format}")
    check(v[13] == x.get("externalId"), f"{where}: external id")
check(seen == set(byno), "every invoice once")

# Totals rows per currency after one empty row: count, exact sums.
tot = {}
for x in inv:
    c = x["openBalance"]["code"]
    t = tot.setdefault(c, [0, Decimal(0), Decimal(0)])
    t[0] += 1; t[1] += D(x["originalBalance"]); t[2] += D(x["openBalance"])
check(all(c.value is None for c in ws[len(inv) + 2]), "empty row before totals")
after = [[c.value for c in r] for r in ws.iter_rows(min_row=len(inv) + 3)]
trows = after[:len(tot)]
check([r[10] for r in trows] == sorted(tot), f"totals currencies {[r[10] for r in trows]}")
# Then, after one more empty row, the line that says the zone of the dates and the as-of day.
check([r[0] for r in after[len(tot):]] == [None, "Dates in UTC; days past due as of 2026-03-31"],
      f"zone line under the totals: {after[len(tot):]}")
for r, rc in zip(trows, ws.iter_rows(min_row=len(inv) + 3)):
    t = tot.get(r[10])
    if not t: continue
    want_label = "Total, %d invoice%s" % (t[0], "" if t[0] == 1 else "s")
    check(r[0] == want_label and r[1] is None, f"totals row {r[10]}: {r[:2]}")
    check(r[11] == float(t[1]) and r[12] == float(t[2]), f"totals {r[10]}: {r[11]} {r[12]} want {t[1]} {t[2]}")
    check(rc[11].number_format == fmt(r[10]) and rc[11].font.b, f"totals {r[10]} format")

# Line items: one row per item, line total = quantity x (unit price - discount), rounded to 4 places.
li = wb["Line Items"]
check([c.value for c in li[1]] == ["Invoice Number", "SKU", "Description", "Quantity", "Unit Price", "Discount",
                                   "Line Total"], "line items header")
want_li = []
for x in inv:
    for l in x["details"]["details"]["lineItems"]:
        q, p = D(l["quantity"]), D(l["unitPrice"])
        d = D(l["unitDiscount"]) if l.get("unitDiscount") else None
        t = (q * (p - (d or 0))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        want_li.append((x["invoiceNumber"], l["sku"], l.get("description"), float(q), float(p),
                        None if d is None else float(d), float(t)))
got_li = [tuple(c.value for c in r) for r in li.iter_rows(min_row=2)]
check(sorted(got_li, key=str) == sorted(want_li, key=str), f"line items differ: {len(got_li)} vs {len(want_li)}")
check(li.freeze_panes == "A2" and li.auto_filter.ref == f"A1:G{len(want_li) + 1}", "line items filter/freeze")
cl = wb["Cost Lines"]
want_cl = sorted((x["invoiceNumber"], c["description"], float(D(c["amount"])))
                 for x in inv for c in x["details"]["header"]["costLines"])
got_cl = sorted(tuple(c.value for c in r) for r in cl.iter_rows(min_row=2))
check(got_cl == want_cl, "cost lines differ")

# Aging, computed independently: not completed, by open balance, buckets by days past due.
def bucket(x):
    if not x.get("dueDate"): return 0
    d = (as_of - day(x["dueDate"])).days
    return 0 if d <= 0 else 1 if d <= 30 else 2 if d <= 60 else 3 if d <= 90 else 4
ag = {}
for x in inv:
    if x["status"] == 2: continue
    k = (x["openBalance"]["code"], x["customerId"])
    a = ag.setdefault(k, [Decimal(0)] * 6)
    a[bucket(x)] += D(x["openBalance"]); a[5] += D(x["openBalance"])
ws = wb["Aging"]
check([c.value for c in ws[1]] == ["Customer ID", "Customer Name", "Currency", "Current", "1-30", "31-60", "61-90",
                                   "Over 90", "Total"], "aging header")
got = {}
rows = list(ws.iter_rows(min_row=2, values_only=True))
i = 0
while i < len(rows) and rows[i][0] is not None:
    r = rows[i]; got[(r[2], r[0])] = list(r[3:9]); i += 1
check(set(got) == set(ag), f"aging rows {sorted(got)} want {sorted(ag)}")
for k, a in ag.items():
    check(got.get(k) == [float(v) for v in a], f"aging {k}: {got.get(k)} want {[str(v) for v in a]}")
check(sorted(got, key=lambda k: (k[0], int(k[1]))) == list(got), "aging order")
totals = {r[2]: list(r[3:9]) for r in rows[i + 1:] if r[0] == "Total"}
for cur in {k[0] for k in ag}:
    want = [float(sum((a[j] for k, a in ag.items() if k[0] == cur), Decimal(0))) for j in range(6)]
    check(totals.get(cur) == want, f"aging total {cur}: {totals.get(cur)} want {want}")
check(rows[-1][0] == "Dates in UTC; days past due as of 2026-03-31", f"aging zone line: {rows[-1]}")
check(len(ws._charts) == 0, "the charts are on the Charts sheet")

# Summary: counts by status, and per currency the bucket totals of the Aging sheet.
sm = wb["Summary"]
srows = [[c.value for c in r] for r in sm.iter_rows()]
lab = {r[0]: r[1:] for r in srows if r[0]}
check(lab.get("As of", [None])[0] == "2026-03-31, dates in UTC", f"summary as of {lab.get('As of')}")
check(lab.get("Filters", [None])[0] == "none", f"summary filters {lab.get('Filters')}")
for word, label in ((0, "Open"), (1, "Partially paid"), (2, "Completed")):
    want = sum(1 for x in inv if x["status"] == word)
    check(lab.get(label, [None])[0] == want, f"summary {label}: {lab.get(label)} want {want}")
check(lab.get("Total", [None])[0] == len(inv), "summary total count")
for cur in {k[0] for k in ag}:
    want = [float(sum((a[j] for k, a in ag.items() if k[0] == cur), Decimal(0))) for j in range(6)]
    check(lab.get(cur) == want, f"summary aging {cur}: {lab.get(cur)} want {want}")

# Charts: per currency one stacked bar of the bucket totals (one category, five series) and the
# ten largest overdue balances (four overdue buckets), placed in their own page-sized blocks.
chs = wb["Charts"]._charts
curs = sorted({k[0] for k in ag})
check(len(chs) == 2 * len(curs), f"two charts per currency, got {len(chs)}")
for ch in chs:
    check(ch.type == "bar" and ch.grouping == "stacked" and len(ch.series) in (4, 5), "stacked bar charts")
check([len(ch.series) for ch in chs] == [5, 4] * len(curs), "bucket chart then overdue chart, per currency")
rows_at = [ch.anchor._from.row for ch in chs]
check(rows_at == [28 * i for i in range(len(chs))], f"one chart per page block: {rows_at}")

if errors:
    print("\n".join(errors[:30])); sys.exit(1)
print("xlsx ok")
PYEOF

# Reproducible: the same data and SOURCE_DATE_EPOCH give the same bytes.
SOURCE_DATE_EPOCH=1774915200 "$INVOICECTL" -q export -o "$TMPD/a.xlsx"
SOURCE_DATE_EPOCH=1774915200 "$INVOICECTL" -q export -o "$TMPD/b.xlsx" --concurrency 1
cmp "$TMPD/a.xlsx" "$TMPD/b.xlsx" || fail "SOURCE_DATE_EPOCH did not make the workbook reproducible"
# ... and its day is the default as-of date.
"$PY" -c 'import openpyxl,sys; s=openpyxl.load_workbook(sys.argv[1]).properties.subject; sys.exit("2026-03-31" not in s)' "$TMPD/a.xlsx" \
    || fail "as-of date should default to the day of SOURCE_DATE_EPOCH"

# A workbook cannot go to standard output; an unknown extension is a usage error.
expect_exit 2 "$INVOICECTL" export -o - --format xlsx
expect_exit 2 "$INVOICECTL" export -o "$TMPD/x.txtx"
expect_exit 2 "$INVOICECTL" export --status nope
expect_exit 2 "$INVOICECTL" export --due-before 2026-02-30
assert_contains "$TMPD/err" "2026-02-30"
