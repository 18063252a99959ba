#!/usr/bin/env python3
"""Checks one answer of `invoicectl sandbox` against the official spec's answer schema.

usage: spec_check.py SPEC_ROOT KIND ANSWER.json [--relaxed]

SPEC_ROOT is the bigcommerce-b2b folder (specs/ and models/ under it).  KIND names the operation:
get, list, create, update, delete, order, pdf, extra, payment, payments (the list), payment422, e404.  The spec's own $refs to
models/ are followed.  One documented difference is patched in: the invoice model types createdAt and
updatedAt as strings, while the sandbox answers unix seconds as integers (as the API's payment answers
do, and as beginDateAt/endDateAt filter them).  --relaxed drops minItems and minLength, for invoices
created without every optional part (the answer then holds empty arrays and empty strings, which the
spec's own request examples use too, e.g. street2: "").
Exit 0 when valid; 1 with the errors on stderr otherwise.
"""
import json
import os
import sys

import jsonschema
import yaml


def main():
    root, kind, path = sys.argv[1:4]
    relaxed = "--relaxed" in sys.argv[4:]
    api_dir = os.path.join(root, "specs", "api-v3")
    spec = yaml.safe_load(open(os.path.join(api_dir, "invoice-management.yaml"), encoding="utf-8"))

    def resolve(node, base):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                file_part, _, frag = ref.partition("#")
                target = os.path.normpath(os.path.join(base, file_part))
                loaded = yaml.safe_load(open(target, encoding="utf-8"))
                if frag:
                    for key in frag.strip("/").split("/"):
                        loaded = loaded[key]
                return resolve(loaded, os.path.dirname(target))
            return {k: resolve(v, base) for k, v in node.items()
                    if k not in ("example", "examples", "x-examples")}
        if isinstance(node, list):
            return [resolve(v, base) for v in node]
        return node

    def response(p, method, status="200"):
        r = spec["paths"][p][method]["responses"][status]
        if "$ref" in r:
            r = spec["components"]["responses"][r["$ref"].split("/")[-1]]
        return r["content"]["application/json"]["schema"]

    schemas = {
        "get": lambda: response("/invoices/{invoiceId}", "get"),
        "update": lambda: response("/invoices/{invoiceId}", "put"),
        "delete": lambda: response("/invoices/{invoiceId}", "delete"),
        "list": lambda: response("/invoices", "get"),
        "create": lambda: response("/invoices", "post"),
        "order": lambda: response("/orders/{orderId}/invoices", "post"),
        "pdf": lambda: response("/invoices/{invoiceId}/download-pdf", "get"),
        "extra": lambda: response("/invoices/extra-fields", "get"),
        "payment": lambda: response("/payments/offline", "post"),
        "payments": lambda: response("/payments", "get"),
        "payment422": lambda: response("/payments/offline", "post", "422"),
        "e404": lambda: response("/invoices/{invoiceId}", "get", "404"),
    }
    schema = resolve(schemas[kind](), api_dir)

    def patch(node):
        if isinstance(node, dict):
            # OpenAPI 3.0's "nullable: true" (JSON Schema draft 4 has no such keyword): null is a
            # value too, as the spec's own examples show (the payments list's externalCustomerId)
            if node.get("nullable") is True and isinstance(node.get("type"), str):
                node["type"] = [node["type"], "null"]
            props = node.get("properties")
            if isinstance(props, dict) and "invoiceNumber" in props and "createdAt" in props:
                for f in ("createdAt", "updatedAt"):
                    if f in props:
                        props[f] = dict(props[f], type="integer")
            if relaxed:
                node.pop("minItems", None)
                node.pop("minLength", None)
            for v in node.values():
                patch(v)
        elif isinstance(node, list):
            for v in node:
                patch(v)

    patch(schema)
    answer = json.load(open(path, encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(answer), key=lambda e: list(e.path))
    for e in errors:
        print("%s: %s: %s" % (kind, "/".join(str(p) for p in e.path) or "(root)", e.message), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
