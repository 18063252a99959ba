#!/usr/bin/env python3
"""Workbooks for t_xlsx_input.sh, written with openpyxl (an independent writer) and, for what openpyxl
cannot write (a formula's cached value, shared strings, booleans), its XML edited in the zip.

usage: t_xlsx_make.py CASE SRC.csv OUT.xlsx
"""
import csv, datetime, re, shutil, sys, zipfile
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

case, src, dst = sys.argv[1:4]
rows = list(csv.reader(open(src, encoding="utf-8-sig")))


def typed(v):
    """A CSV cell as Excel would keep it: days as dates, plain numbers as numbers."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
        return datetime.date.fromisoformat(v)
    if re.fullmatch(r"-?\d+(\.\d+)?", v) and not re.fullmatch(r"0\d+", v):
        return float(v) if "." in v else int(v)
    return v


def sheet(ws, data, start=1, datefmt="yyyy-mm-dd"):
    for i, row in enumerate(data):
        for j, v in enumerate(row):
            c = ws.cell(row=start + i, column=j + 1, value=typed(v) if i else v)
            if isinstance(c.value, datetime.date):
                c.number_format = datefmt


def edit_sheet(path, fn, part="xl/worksheets/sheet1.xml"):
    """Rewrites one part of the zip through fn(text) -> text."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = fn(data.decode()).encode()
            zout.writestr(item, data)
    shutil.move(tmp, path)


wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Invoices"
if case == "typed":
    sheet(ws, rows)
elif case == "custom-date":
    sheet(ws, rows, datefmt="dd/mm/yyyy")
elif case == "1904":
    wb.epoch = CALENDAR_MAC_1904
    sheet(ws, rows)
elif case == "layout":
    # a first sheet that is not the invoices, a title above the header (header_row 3), a hidden row,
    # and formatted but empty trailing rows
    notes = ws
    notes.title = "Notes"
    notes["A1"] = "exported for the auditors"
    ws = wb.create_sheet("Invoices")
    ws["A1"] = "Invoices, October 2026"
    sheet(ws, rows, start=3)
    ws.row_dimensions[6].hidden = True
    for r in range(len(rows) + 3, len(rows) + 40):
        ws.cell(row=r, column=2).number_format = "0.00"
        ws.row_dimensions[r].height = 20
elif case == "float-noise":
    sheet(ws, rows)
    ws["J2"] = 0.1 + 0.2  # Unit Price: 0.30000000000000004 in the file
elif case in ("formula-no-value", "formula-cached"):
    sheet(ws, rows)
    ws["I2"] = "=2+3"  # Quantity
elif case == "error-cell":
    sheet(ws, rows)
    ws["J3"] = "#N/A"
    ws["J3"].data_type = "e"
elif case == "leap-1900":
    sheet(ws, rows)
    ws["C2"] = 60
    ws["C2"].number_format = "yyyy-mm-dd"
elif case == "shared-strings":
    sheet(ws, rows)
elif case == "merged":
    # each invoice's number, customer and dates merged down over its rows, as people lay out a sheet
    # (the rows of an invoice are made adjacent first)
    head, body = rows[0], sorted(rows[1:], key=lambda r: r[0])
    sheet(ws, [head] + body)
    start = 2
    for i in range(1, len(body) + 1):
        if i == len(body) or body[i][0] != body[start - 2][0]:
            end = i + 1
            if end > start:
                for col in "ABCD":
                    ws.merge_cells(f"{col}{start}:{col}{end}")
            start = end + 1
else:
    sys.exit(f"unknown case {case}")
wb.save(dst)

if case == "float-noise":
    # what a writer printing doubles in full leaves: 0.1 + 0.2, and a number in exponent form
    edit_sheet(dst, lambda x: x.replace('<c r="J2" t="n"><v>0.3</v>', '<c r="J2" t="n"><v>0.30000000000000004</v>')
               .replace('<c r="K2" t="n"><v>45</v>', '<c r="K2" t="n"><v>4.5E1</v>'))
elif case == "formula-cached":
    # the value Excel computed and stored with the formula
    edit_sheet(dst, lambda x: re.sub(r"(<f>2\+3</f>)<v\s*/?>(</v>)?", r"\1<v>5</v>", x))
elif case == "shared-strings":
    # the strings in xl/sharedStrings.xml (as Excel writes them), with a rich-text run and an escape
    with zipfile.ZipFile(dst) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    strings = []

    def share(m):
        text = m.group(2)
        strings.append(text)
        return f'{m.group(1)} t="s"><v>{len(strings) - 1}</v></c>'

    xml = re.sub(r'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>', share, xml)
    sis = []
    for s in strings:
        if s == "USD":  # rich text: two runs and a phonetic guide, read as "USD"
            sis.append('<si><r><t>U</t></r><r><rPr><b/></rPr><t>SD</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>')
        elif s.startswith("PO-"):
            sis.append(f"<si><t>PO_x002D_{s[3:]}</t></si>")  # _x002D_ is "-"
        else:
            sis.append(f"<si><t>{s}</t></si>")
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main" count="{len(sis)}" uniqueCount="{len(sis)}">' + "".join(sis) + "</sst>")
    tmp = dst + ".tmp"
    with zipfile.ZipFile(dst) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = xml.encode()
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            zout.writestr(item, data)
        zout.writestr("xl/sharedStrings.xml", sst)
    shutil.move(tmp, dst)
