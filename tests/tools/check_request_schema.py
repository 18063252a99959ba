#!/usr/bin/python3
"""Validates Create Invoice request bodies against the official B2B Edition OpenAPI spec.

Usage: check_request_schema.py [--spec PATH] < bodies.jsonl

Reads one JSON object per line (JSON Lines; blank lines are skipped) and checks each against the
requestBody schema of POST /invoices in the spec, with every $ref resolved: references to other files are
relative to the file that holds them (the spec's allOf points at ../../models/extra_fields/...), and
"#/..." references point into that same file.

Exit status: 0 when every body is valid; 1 with "line N: message" lines on stderr otherwise; 2 when the spec
cannot be loaded or the arguments are wrong.
"""

import argparse
import json
import os
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_SPEC = os.path.join(ROOT, "tests", "data", "spec", "specs", "api-v3", "invoice-management.yaml")


class Resolver:
    """Inlines $ref targets, loading each referenced file once."""

    def __init__(self):
        self.docs = {}

    def load(self, path):
        path = os.path.normpath(path)
        if path not in self.docs:
            with open(path, encoding="utf-8") as f:
                self.docs[path] = yaml.safe_load(f)
        return self.docs[path]

    @staticmethod
    def pointer(doc, fragment):
        node = doc
        for part in fragment.lstrip("/").split("/") if fragment.strip("/") else []:
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def resolve(self, node, base, depth=0):
        if depth > 64:
            raise ValueError("$ref nesting too deep (a cycle?) in %s" % base)
        if isinstance(node, list):
            return [self.resolve(x, base, depth + 1) for x in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            ref = node["$ref"]
            file_part, _, fragment = ref.partition("#")
            target_file = os.path.join(os.path.dirname(base), file_part) if file_part else base
            target = self.pointer(self.load(target_file), fragment)
            return self.resolve(target, os.path.normpath(target_file), depth + 1)
        return {k: self.resolve(v, base, depth + 1) for k, v in node.items()}


def request_schema(spec_path):
    resolver = Resolver()
    spec = resolver.load(spec_path)
    raw = spec["paths"]["/invoices"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return resolver.resolve(raw, os.path.normpath(spec_path))


def main():
    ap = argparse.ArgumentParser(description="Validate Create Invoice bodies (JSON Lines on stdin).")
    ap.add_argument("--spec", default=DEFAULT_SPEC, help="path to invoice-management.yaml")
    args = ap.parse_args()
    try:
        schema = request_schema(args.spec)
    except (OSError, KeyError, ValueError, yaml.YAMLError) as e:
        print("cannot load the request schema from '%s': %s" % (args.spec, e), file=sys.stderr)
        return 2
    validator = jsonschema.Draft7Validator(schema)

    bad = 0
    count = 0
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        count += 1
        try:
            body = json.loads(line)
        except ValueError as e:
            print("line %d: not JSON: %s" % (n, e), file=sys.stderr)
            bad += 1
            continue
        if not isinstance(body, dict):
            print("line %d: not a JSON object" % n, file=sys.stderr)
            bad += 1
            continue
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path) or "(body)"
            print("line %d: %s: %s" % (n, where, e.message), file=sys.stderr)
        if errors:
            bad += 1
    if bad:
        print("%d of %d bodies invalid" % (bad, count), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
