#!/usr/bin/env python3
"""Checks that every Swift target's dependencies in Package.swift equal the modules its code imports.

`make test` runs it. It reads the manifest through `swift package dump-package` and the imports of
each target's .swift files; system modules (Foundation, XCTest, ...) are not dependencies. A test
target may also depend on an executable it does not import: it runs that binary, and the
dependency makes `swift test` build it first. Exits 1 with one line per mismatch.
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SYSTEM = {"Foundation", "FoundationXML", "FoundationNetworking", "XCTest", "Dispatch", "Glibc", "Darwin", "Musl",
          "Synchronization", "_Concurrency", "Testing"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|@preconcurrency\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)", re.M)


def dependency_names(target):
    names = []
    for dep in target["dependencies"]:
        kind, value = next(iter(dep.items()))
        names.append(value[0])
    return set(names)


def main():
    manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout)
    targets = manifest["targets"]
    executables = {t["name"] for t in targets if t["type"] == "executable"}
    problems = []
    for t in targets:
        if t["type"] == "system":
            continue
        folder = ROOT / (t.get("path") or ("Tests" if t["type"] == "test" else "Sources") + "/" + t["name"])
        files = sorted(folder.rglob("*.swift"))
        if not files:
            continue  # a C target
        imported = set()
        for f in files:
            imported |= set(IMPORT.findall(f.read_text(encoding="utf-8")))
        imported -= SYSTEM | {t["name"]}
        declared = dependency_names(t)
        for name in sorted(imported - declared):
            problems.append(f"{t['name']}: imports {name} but Package.swift does not declare it")
        for name in sorted(declared - imported):
            if t["type"] == "test" and name in executables:
                continue
            problems.append(f"{t['name']}: declares {name} in Package.swift but no file imports it")
    for p in problems:
        print(f"Package.swift: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"module imports match Package.swift for {len(targets)} targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
