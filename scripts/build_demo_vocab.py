#!/usr/bin/env python3
"""Writes models/demo-vocab/vocab.txt, the vocabulary both demo checkpoints share.

Order: the five special tokens; the 8,105 standard characters (attacks/tables/standard-chars.tsv),
so every homophone or look-alike an attack can produce from the tables has its own token rather
than [UNK]; then every other character seen at least MIN_COUNT times in the training split
(punctuation, digits, Latin letters, rarer characters), commonest first; then "##" forms of
ASCII letters and digits, which WordPiece needs to spell out English words and numbers.
The training split is lower-cased first, as the tokenizer does (do_lower_case).

Then `rocbert tables checkpoint --vocab models/demo-vocab/vocab.txt --out models/demo-vocab`
writes word_shape.json and word_pronunciation.json beside it from the project's tables.

Run: python3 scripts/fetch_reviews.py && python3 scripts/build_demo_vocab.py   (deterministic)
"""
import collections
import json
import string
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "models" / "demo-vocab" / "vocab.txt"
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MIN_COUNT = 3


def standard_characters():
    rows = (line.rstrip("\n").split("\t") for line in open(ROOT / "attacks/tables/standard-chars.tsv", encoding="utf-8")
            if not line.startswith("#"))
    return [r[0] for r in rows if r[0] != "char"]


def main() -> None:
    counts = collections.Counter()
    with open(ROOT / "data/reviews/train.jsonl", encoding="utf-8") as f:
        for line in f:
            counts.update(c for c in json.loads(line)["text"].lower() if not c.isspace())
    tokens = SPECIALS + standard_characters()
    seen = set(tokens)
    # Commonest first, ties by code point, so the file never depends on hashing.
    for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= MIN_COUNT and c not in seen:
            tokens.append(c)
            seen.add(c)
    for c in string.ascii_lowercase + string.digits:
        if c not in seen:
            tokens.append(c)
            seen.add(c)
        tokens.append("##" + c)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(tokens)} tokens")


if __name__ == "__main__":
    main()
