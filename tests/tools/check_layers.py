#!/usr/bin/python3
"""The shape check (docs/hacking.md): includes only point down the layers, and nothing is circular.

    check_layers.py [--root DIR] [--objects BUILD]

Reads every `#include "..."` of the .c and .h files in the source folders and fails (exit 1) on
(a folder's sub-folders, such as sandbox/bill/ or api/b2b/, count as the folder itself)
  - an include of a folder the including folder may not use (an upward include),
  - a cycle between folders, or between files through their includes,
  - with --objects: two object files of BUILD each calling a function the other defines (a file
    cycle that needs no include to exist: a prototype in a shared header is enough).
Each offence is printed as FILE:LINE: what is wrong, so an editor can jump to it.
"""
import os
import re
import subprocess
import sys

# Who may include whom.  A folder may always include its own files.  The order, bottom up:
# util < model < formats < mapping < api < import, export < cmd.  formats sits below mapping
# because mapping reads CSV through formats/csv_read; import and export are siblings and use
# neither each other.  sandbox stands beside them all: it uses util and model only, and only cmd
# uses it.
ORDER = [["util"], ["model"], ["formats"], ["mapping"], ["api"], ["import", "export"], ["cmd"]]
ALLOWED = {}
for i, level in enumerate(ORDER):
    below = [d for lower in ORDER[:i] for d in lower]
    for d in level:
        ALLOWED[d] = set(below) | {d}
ALLOWED["sandbox"] = {"util", "model", "sandbox"}
ALLOWED["cmd"] = ALLOWED["cmd"] | {"sandbox"}
FOLDERS = list(ALLOWED)

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def walk(top, ends):
    """Paths relative to top of the files under top (sub-folders included) ending in `ends`."""
    out = []
    for here, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(ends):
                out.append(os.path.relpath(os.path.join(here, name), top).replace(os.sep, "/"))
    return out


def read_includes(root):
    """{file: [(line, target)]} for every .c/.h in the source folders and their sub-folders (paths
    relative to root)."""
    out = {}
    for d in FOLDERS:
        top = os.path.join(root, d)
        if not os.path.isdir(top):
            continue
        for name in walk(top, (".c", ".h")):
            rel = d + "/" + name
            incs = []
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                for n, text in enumerate(f, 1):
                    m = INCLUDE.match(text)
                    if m:
                        incs.append((n, m.group(1)))
            out[rel] = incs
    return out


def cycle_in(graph):
    """One cycle of a {node: set(node)} graph as a list [a, b, ..., a], or None."""
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def object_cycles(root, build):
    """Pairs of objects that each use a function the other defines: [(a, b, sym_ab, sym_ba)].  Only
    objects whose source is still in root count (a build folder keeps those of moved files)."""
    defs, uses = {}, {}
    for d in FOLDERS:
        top = os.path.join(build, d)
        if not os.path.isdir(top):
            continue
        for name in walk(top, ".o"):
            path = os.path.join(top, name)
            rel = d + "/" + name[:-2] + ".c"
            if not os.path.exists(os.path.join(root, rel)):
                continue
            text = subprocess.run(["nm", "-P", path], capture_output=True, text=True, check=True).stdout
            defs[rel], uses[rel] = set(), set()
            for line in text.splitlines():
                parts = line.split()
                if len(parts) < 2:
                    continue
                if parts[1] == "U":
                    uses[rel].add(parts[0])
                elif parts[1] in ("T", "D", "R", "B"):
                    defs[rel].add(parts[0])
    owner = {}
    for f, syms in defs.items():
        for s in syms:
            owner.setdefault(s, f)
    calls = {f: {} for f in defs}
    for f, syms in uses.items():
        for s in sorted(syms):
            g = owner.get(s)
            if g and g != f:
                calls[f].setdefault(g, s)
    out = []
    for a in sorted(calls):
        for b, s in sorted(calls[a].items()):
            if a < b and a in calls.get(b, {}):
                out.append((a, b, s, calls[b][a]))
    return out


def main(argv):
    root, build = ".", None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--root" and args:
            root = args.pop(0)
        elif a == "--objects" and args:
            build = args.pop(0)
        else:
            print("usage: check_layers.py [--root DIR] [--objects BUILD]", file=sys.stderr)
            return 2
    files = read_includes(root)
    bad = 0
    folder_edges, where = {}, {}
    file_edges = {}
    for f, incs in sorted(files.items()):
        src = f.split("/")[0]
        for line, target in incs:
            dst = target.split("/")[0] if "/" in target else src
            if dst not in ALLOWED:
                continue  # a system-like or test-only header: not part of the shape
            if dst not in ALLOWED[src]:
                print(f'{f}:{line}: upward include "{target}": {src}/ may not use {dst}/ '
                      f"(layers: docs/hacking.md)")
                bad += 1
            if dst != src:
                folder_edges.setdefault(src, set()).add(dst)
                where.setdefault((src, dst), f"{f}:{line}")
            path = target if "/" in target else src + "/" + target
            if path in files:
                file_edges.setdefault(f, set()).add(path)
    c = cycle_in(folder_edges)
    if c:
        print(f"{where[(c[0], c[1])]}: folder cycle: " + " -> ".join(c))
        bad += 1
    c = cycle_in(file_edges)
    if c:
        line = next(n for n, t in files[c[0]] if t == c[1] or c[0].split("/")[0] + "/" + t == c[1])
        print(f"{c[0]}:{line}: include cycle: " + " -> ".join(c))
        bad += 1
    if build:
        for a, b, sab, sba in object_cycles(root, build):
            print(f"{a}: file cycle: calls {sab}() of {b}, which calls {sba}() of {a}")
            bad += 1
    if bad:
        print(f"check_layers: {bad} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
