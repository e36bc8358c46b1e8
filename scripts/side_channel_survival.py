#!/usr/bin/env python3
"""How often an attack's substitution keeps a checkpoint's shape id and pronunciation id, and what the
ids cost: for each folder of word_shape.json / word_pronunciation.json (`rocbert tables checkpoint`), the
share of single-character substitutions in each attacked file (`rocbert perturb --apply`, whose lines
carry "edits") whose original and replacement share the id, the number of ids, the share of the
vocabulary's characters that share theirs with another character, and the largest group.

Run (one attacked file per transformation, e.g. with the docstring command of train_demo.py and one
--transformation each):
  python3 scripts/side_channel_survival.py --ids models/demo-vocab --ids DIR2 \
      --attacked homophone=FILE --attacked near-homophone=FILE --attacked visual=FILE
"""
import argparse
import json
from collections import Counter
from pathlib import Path


def is_character(token):
    bare = token[2:] if token.startswith("##") else token
    return len(bare) == 1 and bare.isidentifier() and ord(bare) >= 0x3400


def substitutions(path):
    out = []
    for line in open(path, encoding="utf-8"):
        out += [(e["original"], e["replacement"]) for e in json.loads(line)["edits"]
                if len(e["original"]) == 1 and len(e["replacement"]) == 1]
    return out


def describe(ids):
    """Id count, share of characters sharing an id with another, largest group."""
    chars = {t: i for t, i in ids.items() if is_character(t) and not t.startswith("##")}
    sizes = Counter(chars.values())
    shared = sum(n for n in sizes.values() if n > 1)
    return len(set(ids.values())), 100 * shared / len(chars), max(sizes.values())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ids", action="append", required=True, help="folder with word_shape.json, word_pronunciation.json")
    p.add_argument("--attacked", action="append", required=True, help="NAME=FILE, from rocbert perturb --apply")
    args = p.parse_args()
    attacks = {name: substitutions(path) for name, path in (a.split("=", 1) for a in args.attacked)}
    print("substitutions: " + ", ".join(f"{k} {len(v)}" for k, v in attacks.items()))
    print("| ids | channel | " + " | ".join(f"{k} kept %" for k in attacks) + " | ids | chars sharing % | largest |")
    print("|---|---|" + "---|" * (len(attacks) + 3))
    for folder in args.ids:
        for channel in ("shape", "pronunciation"):
            ids = json.loads((Path(folder) / f"word_{channel}.json").read_text(encoding="utf-8"))
            kept = [100 * sum(a in ids and ids.get(a) == ids.get(b) for a, b in subs) / len(subs) for subs in attacks.values()]
            n, shared, largest = describe(ids)
            print(f"| {folder} | {channel} | " + " | ".join(f"{k:.1f}" for k in kept) + f" | {n} | {shared:.1f} | {largest} |")


if __name__ == "__main__":
    main()
