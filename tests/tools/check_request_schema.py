#!/usr/bin/python3
"""Validates request bodies against the official B2B Edition OpenAPI spec.

Usage: check_request_schema.py [--spec PATH] [--op OPERATION] [--lenient-details] < bodies.jsonl
       check_request_schema.py [--spec PATH] --records [--lenient-details] < requests.jsonl

Reads one JSON object per line (JSON Lines; blank lines are skipped) and checks each against the
requestBody schema of one operation of the spec, with every $ref resolved: references to other files are
relative to the file that holds them (the spec's allOf points at ../../models/extra_fields/...), and
"#/..." references point into that same file.

--op names the operation as METHOD PATH, the path as the spec writes it:
    "POST /invoices" (the default), "PUT /invoices/{invoiceId}", "POST /payments/offline".
--records reads what `invoicectl sandbox --record-requests` writes instead: one
    {"method", "path", "body"} object a line; each body is checked against the operation its method and
    path match (a request with no body, or whose operation has no request body, is skipped; a path the
    spec does not have is an error).
--lenient-details checks the `details` of a PUT /invoices/{invoiceId} body against the Create Invoice
    schema's `details` instead of the Update schema's own: the API answers details in the shape the
    create accepted (empty strings, {} custom fields, empty lists) and its docs say to send them back
    whole, which the Update schema's stricter details refuse (docs/sandbox.md).

Exit status: 0 when every body is valid; 1 with "line N: message" lines on stderr otherwise (with
--records: "line N: METHOD PATH: message"); 2 when the spec cannot be loaded or the arguments are wrong.
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


OPS = ("POST /invoices", "PUT /invoices/{invoiceId}", "POST /payments/offline")


class Spec:
    def __init__(self, spec_path, lenient_details):
        self.resolver = Resolver()
        self.path = os.path.normpath(spec_path)
        self.spec = self.resolver.load(self.path)
        self.lenient = lenient_details
        self.validators = {}

    def schema(self, method, path):
        raw = self.spec["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]["schema"]
        schema = self.resolver.resolve(raw, self.path)
        if self.lenient and method == "PUT" and path == "/invoices/{invoiceId}":
            create = self.schema("POST", "/invoices")
            create_details = create["allOf"][0]["properties"]["details"]
            schema["allOf"][0]["properties"]["details"] = create_details
        return schema

    def validator(self, method, path):
        key = (method, path)
        if key not in self.validators:
            self.validators[key] = jsonschema.Draft7Validator(self.schema(method, path))
        return self.validators[key]

    def best(self, method, path):
        """The spec's path template ("/invoices/{invoiceId}") of a concrete path and method, or None.
        A literal segment beats a parameter ("/payments/offline" over "/payments/{paymentId}")."""
        parts = path.strip("/").split("/")
        found = []
        for template, ops in self.spec["paths"].items():
            tparts = template.strip("/").split("/")
            if len(tparts) != len(parts) or not isinstance(ops, dict) or method.lower() not in ops:
                continue
            if all(t == p or (t.startswith("{") and t.endswith("}")) for t, p in zip(tparts, parts)):
                found.append((sum(1 for t in tparts if not t.startswith("{")), template))
        return max(found)[1] if found else None


def report(errors, prefix):
    for e in sorted(errors, key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(body)"
        print("%s%s: %s" % (prefix, where, e.message), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description="Validate request bodies (JSON Lines on stdin).")
    ap.add_argument("--spec", default=DEFAULT_SPEC, help="path to invoice-management.yaml")
    ap.add_argument("--op", default="POST /invoices", help="the operation: one of " + ", ".join(OPS))
    ap.add_argument("--records", action="store_true", help="read {method, path, body} records")
    ap.add_argument("--lenient-details", action="store_true",
                    help="a PUT's details against the Create schema's details")
    args = ap.parse_args()
    if not args.records and args.op not in OPS:
        print("--op '%s': expected one of %s" % (args.op, ", ".join(OPS)), file=sys.stderr)
        return 2
    try:
        spec = Spec(args.spec, args.lenient_details)
        if not args.records:
            method, path = args.op.split(" ", 1)
            fixed = spec.validator(method, path)
    except (OSError, KeyError, ValueError, yaml.YAMLError) as e:
        print("cannot load the request schema from '%s': %s" % (args.spec, e), file=sys.stderr)
        return 2

    bad = 0
    count = 0
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            body = json.loads(line)
        except ValueError as e:
            count += 1
            print("line %d: not JSON: %s" % (n, e), file=sys.stderr)
            bad += 1
            continue
        prefix = "line %d: " % n
        validator = None if args.records else fixed
        if args.records:
            if not isinstance(body, dict) or not isinstance(body.get("method"), str) \
                    or not isinstance(body.get("path"), str):
                count += 1
                print("line %d: not a {method, path, body} record" % n, file=sys.stderr)
                bad += 1
                continue
            method, path = body["method"], body["path"]
            if "bodyText" in body:
                count += 1
                print("line %d: %s %s: the body is not JSON" % (n, method, path), file=sys.stderr)
                bad += 1
                continue
            template = spec.best(method, path)
            if template is None:
                count += 1
                print("line %d: %s %s: no such operation in the spec" % (n, method, path), file=sys.stderr)
                bad += 1
                continue
            op = spec.spec["paths"][template][method.lower()]
            if body.get("body") is None or "requestBody" not in op:
                continue
            prefix = "line %d: %s %s: " % (n, method, path)
            try:
                validator = spec.validator(method, template)
            except (KeyError, ValueError) as e:
                print("cannot load the request schema of %s %s: %s" % (method, template, e), file=sys.stderr)
                return 2
            body = body["body"]
        count += 1
        if not isinstance(body, dict):
            print("%snot a JSON object" % prefix, file=sys.stderr)
            bad += 1
            continue
        errors = list(validator.iter_errors(body))
        report(errors, prefix)
        if errors:
            bad += 1
    if bad:
        print("%d of %d bodies invalid" % (bad, count), file=sys.stderr)
        return 1
    if args.records:
        print("%d bodies valid" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
