#!/usr/bin/env python3
"""Writes attacks/tables/standard-chars.tsv: the 8,105 characters of the 2013 General Standard
Chinese Characters list (通用规范汉字表), in list order, taken from Unihan's kTGH field.

Plain python3, no dependencies: reads Debian's unicode-data copy of Unihan so the table can be
rebuilt offline and checked against the version named in its header.

    python3 scripts/build_standard_chars.py [--unihan PATH] [--out PATH]
"""
import argparse
import bz2
import os
import sys

DEFAULT_UNIHAN = "/usr/share/unicode/Unihan_OtherMappings.txt.bz2"
DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "attacks", "tables", "standard-chars.tsv")
EXPECTED = 8105  # size of the 2013 list; anything else means the source changed

HEADER = [
    "# source: Unicode Unihan database 15.0 (Debian unicode-data), field kTGH (通用规范汉字表 2013)",
    "# licence: Unicode License v3",
]


def read_entries(path):
    """(index, char) for every kTGH value of the 2013 list."""
    opener = bz2.open if path.endswith(".bz2") else open
    entries = []
    with opener(path, "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3 or fields[1] != "kTGH":
                continue
            codepoint, _, value = fields
            # A character may carry several space-separated values in principle; keep the 2013 one.
            for item in value.split():
                year, _, index = item.partition(":")
                if year != "2013":
                    continue
                if not codepoint.startswith("U+") or not index.isdigit():
                    sys.exit(f"{path}:{lineno}: malformed kTGH entry {line.strip()!r}")
                entries.append((int(index), chr(int(codepoint[2:], 16))))
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unihan", default=DEFAULT_UNIHAN, help="Unihan_OtherMappings.txt(.bz2)")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    if not os.path.exists(args.unihan):
        sys.exit(f"{args.unihan}: not found (Debian package unicode-data)")
    entries = sorted(read_entries(args.unihan))
    indices = [i for i, _ in entries]
    if len(entries) != EXPECTED or indices != list(range(1, EXPECTED + 1)):
        sys.exit(f"{args.unihan}: expected kTGH 2013:1..{EXPECTED}, got {len(entries)} entries")
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for line in HEADER:
            out.write(line + "\n")
        out.write("char\tindex\n")
        for index, char in entries:
            out.write(f"{char}\t{index}\n")
    print(f"wrote {len(entries)} characters to {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
