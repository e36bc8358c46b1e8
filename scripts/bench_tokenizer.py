"""Tokenizer throughput: the reference against the Swift release build, same corpus, same files.

Run:  swift build -c release && python3 scripts/bench_tokenizer.py
Prints sentences per second for the reference's `tokenizer(text)` and for
`rocbert tokenize --bench` (which runs `encode(text)`, the same work). Not part of any test.
"""
import reference_venv

reference_venv.ensure("requirements-reference.txt")

import subprocess  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from transformers import RoCBertTokenizer  # noqa: E402

SCRIPTS = Path(__file__).resolve().parent
FIXTURES = SCRIPTS / "fixtures" / "tokenizer"
BINARY = SCRIPTS.parent / ".build" / "release" / "rocbert"


def main() -> None:
    d = FIXTURES / "chinese"
    tok = RoCBertTokenizer(str(d / "vocab.txt"), str(d / "word_shape.json"), str(d / "word_pronunciation.json"))
    lines = [s for s in (FIXTURES / "corpus.txt").read_text(encoding="utf-8").split("\n") if s]
    for s in lines:  # warm-up
        tok(s)
    rounds = 3
    start = time.perf_counter()
    for _ in range(rounds):
        for s in lines:
            tok(s)
    elapsed = time.perf_counter() - start
    print(f"reference (transformers, Python): {len(lines) * rounds / elapsed:.0f} sentences/s "
          f"({len(lines)} sentences x {rounds} rounds in {elapsed:.2f} s)")
    if BINARY.exists():
        out = subprocess.run([str(BINARY), "tokenize", "--checkpoint", str(d), "--bench", str(FIXTURES / "corpus.txt"),
                              "--rounds", "10"], check=True, capture_output=True, text=True).stdout.strip()
        print(f"swift (release): {out}")
    else:
        print(f"swift: no release build at {BINARY}; run `swift build -c release` first")


if __name__ == "__main__":
    main()
