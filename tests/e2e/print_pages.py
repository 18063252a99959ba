#!/usr/bin/python3
"""Reads a PDF rendered by LibreOffice from one of our workbooks and prints, per sheet, how its pages print.

usage: print_pages.py FILE.pdf
Every page's footer names its sheet ("Invoices, page 3 of 40"); the output is one line per
sheet in page order: "SHEET PAGES", then problems as lines starting with "problem:".  A page that is
portrait, or whose text lacks the page header given by --header, is a problem.  --columns SHEET=A|B|C asks
that every page of SHEET shows all of those headings (the header row repeated, every column on one page
wide: a page holding only a slice of the columns lacks some of them).
"""
import argparse
import re
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("pdf")
ap.add_argument("--header", action="append", default=[])
ap.add_argument("--columns", action="append", default=[])
a = ap.parse_args()
cols = {}
for c in a.columns:
    sheet, _, names = c.partition("=")
    cols[sheet] = names.split("|")

def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


info = run("pdfinfo", a.pdf)
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
sizes = {int(m.group(1)): (float(m.group(2)), float(m.group(3))) for m in
         re.finditer(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", run("pdfinfo", "-f", "1", "-l", str(pages), a.pdf),
                     re.M)}
w, h = max(sizes.values())


def band(y, height):
    """Each page's text in a band across it (at 72 dpi, points), laid out as printed."""
    return run("pdftotext", "-layout", "-r", "72", "-x", "0", "-y", str(int(y)), "-W", str(int(w)), "-H",
               str(int(height)), a.pdf, "-").split("\f")


# Header and footer live in the margins (0.75 inch, 54 points): read those bands alone, so that a
# chart's text (which pdftotext also finds outside the page it is clipped to) cannot mix in.
tops, bottoms = band(0, 54), band(h - 54, 54)
texts = run("pdftotext", "-layout", a.pdf, "-").split("\f")
foot = re.compile(r"(\S[^,]*), page (\d+) of (\d+)")
order, count, problems = [], {}, []
for p in range(1, pages + 1):
    pw, ph = sizes[p]
    if pw <= ph:
        problems.append(f"page {p} is portrait ({pw} x {ph})")
    top, bottom, text = tops[p - 1], bottoms[p - 1], texts[p - 1]
    sheet = None
    for line in bottom.splitlines():
        m = foot.search(line)
        if m and int(m.group(2)) == p and int(m.group(3)) == pages:
            sheet = m.group(1).split("  ")[-1].strip()
    if sheet is None:
        problems.append(f"page {p}: no footer 'SHEET, page {p} of {pages}'")
        continue
    if sheet not in count:
        order.append(sheet)
        count[sheet] = 0
    count[sheet] += 1
    for hd in a.header:
        if hd not in top:
            problems.append(f"page {p} ({sheet}): no page header '{hd}'")
    head = re.sub(r"\s+", " ", text)
    for name in cols.get(sheet, []):
        if name not in head:
            problems.append(f"page {p} ({sheet}): no column heading '{name}' (a slice of the columns?)")
for s in order:
    print(s, count[s])
for pr in problems:
    print("problem:", pr)
