#!/usr/bin/env python3
"""Writes the hostile and broken workbooks of the bad-input corpus (tests/bad/x*-xlsx-*/) and the seed
corpus of the workbook fuzz target (tests/fuzz/corpus/xlsx/).  The files are kept in the tree; this
script is how they were made, to remake or extend them:  tests/tools/make_bad_xlsx.py
"""
import io, os, shutil, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BAD = os.path.join(ROOT, "tests", "bad")
MAP = os.path.join(BAD, "13-utf16", "map.json")
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["Invoice Number", "Company ID", "Invoice Date", "Due Date", "Currency", "Status", "SKU",
          "Description", "Quantity", "Unit Price", "Freight", "Sales Tax", "Invoice Total", "Open Balance"]
ROW = ["INV-30001", 1236, 46300, 46330, "USD", "Open", "SKU-85320", "Widget", 2, 10, 5, 1.65, 26.65, 26.65]


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, v, style=None):
    if isinstance(v, str) and v.startswith("="):
        return f'<c r="{ref}"><f>{v[1:]}</f></c>'
    if isinstance(v, str) and v.startswith("#"):
        return f'<c r="{ref}" t="e"><v>{v}</v></c>'
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s}><v>{v}</v></c>'


def sheet_xml(rows, prolog="", pad=""):
    out = [f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{NS}"><sheetData>{pad}']
    for r, row in enumerate(rows, 1):
        cells = "".join(cell(f"{col(c)}{r}", v, 1 if r > 1 and c in (2, 3) else None) for c, v in enumerate(row))
        out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


def workbook(rows=None, sheet="Sheet1", prolog="", pad="", target="worksheets/sheet1.xml", extra=()):
    rows = rows or [HEADER, ROW]
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
        f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="{target}"/>'
        f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0"?><styleSheet xmlns="{NS}"><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": sheet_xml(rows, prolog, pad),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


def case(name, data, expect, mapping=None):
    d = os.path.join(BAD, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "input.xlsx"), "wb") as f:
        f.write(data)
    if mapping:
        with open(os.path.join(d, "map.json"), "w") as f:
            f.write(mapping)
    else:
        shutil.copy(MAP, os.path.join(d, "map.json"))
    with open(os.path.join(d, "args"), "w") as f:
        f.write("validate -m map.json input.xlsx\n")
    with open(os.path.join(d, "expect"), "w") as f:
        f.write("\n".join(expect) + "\n")


csv_text = ",".join(HEADER) + "\n" + ",".join(str(v) for v in ROW) + "\n"
case("x01-xlsx-really-csv", csv_text.encode(), ["2", "'input.xlsx' is not an xlsx workbook (it is not a zip archive)",
                                                "give it a .csv name"])
ole = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
case("x02-xlsx-old-xls", ole, ["2", "'input.xlsx' is an old Excel 97-2003 workbook (.xls)"])
# 8 MiB of blanks inside sheetData: a few kB packed, far past any real sheet's ratio
case("x03-xlsx-zip-bomb", workbook(pad=" " * (8 << 20)), ["2", "'input.xlsx' is refused: 'xl/worksheets/sheet1.xml' inflates",
                                                           "(a zip bomb?)"])
case("x04-xlsx-path-outside", workbook(extra=[("../../etc/cron.d/evil", "* * * * * root true\n")]),
     ["2", "it holds an entry with a path outside the workbook ('../../etc/cron.d/evil')"])
laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
case("x05-xlsx-entity-expansion", workbook(prolog=laughs),
     ["2", "'xl/worksheets/sheet1.xml' declares a DOCTYPE (entity declarations are not allowed in a workbook)"])
with open(MAP) as f:
    m = f.read().replace('"target": "bigcommerce-b2b",', '"target": "bigcommerce-b2b",\n  "sheet": "Invoices",', 1)
case("x06-xlsx-missing-sheet", workbook(), ["2", "'input.xlsx' has no sheet 'Invoices' (its sheets: 'Sheet1')"], m)
case("x07-xlsx-error-cell", workbook(rows=[HEADER, ROW[:9] + ["#N/A"] + ROW[10:]]),
     ["2", "input.xlsx:Sheet1!J2: the cell holds the error #N/A"])
case("x08-xlsx-formula-no-value", workbook(rows=[HEADER, ROW[:12] + ["=SUM(I2:L2)"] + ROW[13:]]),
     ["2", "input.xlsx:Sheet1!M2: the formula has no computed value"])
case("x09-xlsx-relationship-outside", workbook(target="../../../etc/passwd"),
     ["2", "'input.xlsx' is refused: a relationship points outside the workbook"])
case("x10-xlsx-not-a-workbook", (lambda b: (lambda z: (z.writestr("content.xml", "<x/>"), z.close(), b.getvalue())[2])(
    zipfile.ZipFile(b, "w")))(io.BytesIO()), ["2", "is a zip archive without 'xl/workbook.xml'"])

seeds = os.path.join(ROOT, "tests", "fuzz", "corpus", "xlsx")
os.makedirs(seeds, exist_ok=True)
for i, data in enumerate([workbook(), workbook(rows=[HEADER, ROW, ROW]), workbook(prolog=laughs),
                          workbook(rows=[HEADER, ROW[:9] + ["#N/A"] + ROW[10:]])]):
    with open(os.path.join(seeds, f"seed-{i}"), "wb") as f:
        f.write(b"\0" + data)  # the first byte is the target's own (the header row)
# bit 2 of the first byte joins the sheet to itself: one row (joined), two alike (ambiguous)
for name, data in (("seed-joined", workbook()), ("seed-joined-twice", workbook(rows=[HEADER, ROW, ROW]))):
    with open(os.path.join(seeds, name), "wb") as f:
        f.write(b"\4" + data)
