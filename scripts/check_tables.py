#!/usr/bin/env python3
"""Checks attacks/tables/ (written by scripts/build_tables.py) against known answers and the
formats the Swift loaders require: headers, single-scalar characters, numbered pinyin, IDCs.
With data/ fetched (scripts/fetch_data.py), also checks jieba's dict.txt and Cilin.

Run: python3 scripts/check_tables.py   (prints 'N passed, N failed'; exit 1 on any failure)
"""
import re
import sys
from pathlib import Path

import visual_model

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "attacks" / "tables"
DATA = ROOT / "data"
PINYIN = re.compile(r"^[a-zü]+[1-5]$")
IDCS = set("⿰⿱⿲⿳⿴⿵⿶⿷⿸⿹⿺⿻")

results = []


def check(name: str, ok: bool, detail: str = "") -> None:
    results.append(ok)
    if not ok:
        print(f"FAIL {name}{': ' + detail if detail else ''}")


def load(name: str, columns: list, unique: bool = True) -> dict:
    """First column → the other cells; checks comments, header and column count."""
    lines = (TABLES / name).read_text(encoding="utf-8").split("\n")
    check(f"{name} ends with a newline", lines[-1] == "")
    lines = [l for l in lines if l]
    comments = [l for l in lines if l.startswith("#")]
    body = [l for l in lines if not l.startswith("#")]
    check(f"{name} has # source and licence lines", any("source" in c for c in comments) and any("licen" in c.lower() for c in comments))
    check(f"{name} header", body[0].split("\t") == columns, body[0])
    rows = {}
    bad = [line for line in body[1:] if len(line.split("\t")) != len(columns)]
    check(f"{name}: every row has {len(columns)} cells", not bad, repr(bad[:3]))
    for line in body[1:]:
        cells = line.split("\t")
        rows.setdefault(cells[0], []).append(cells[1:])
    if unique:
        check(f"{name}: keys are unique", all(len(v) == 1 for v in rows.values()))
    return {k: v[0] for k, v in rows.items()}


CLASSIC_LOOKALIKES = ["日曰", "己已", "已巳", "己巳", "未末", "土士", "戊戌", "戌戍", "戊戍", "人入", "拔拨", "候侯", "准淮"]
WORD_CHANGING = ["好奸", "错镇", "差姜", "便傻", "酒滴", "重巢", "二工"]


def table_pairs(name: str, columns: list) -> list:
    """The rows of a look-alike table after its header, as cell lists (the format is checked by the caller)."""
    lines = [l for l in (TABLES / name).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    check(f"{name} header", lines[0].split("\t") == columns, lines[0])
    return [l.split("\t") for l in lines[1:]]


def check_visual(standard: list) -> None:
    """visual.tsv (near-identical look-alikes a reader reads past): its format, the classic pairs both
    ways, no word-changing substitutions; visual-slip.tsv (people's writing slips, opt-in): its format,
    no overlap with visual.tsv, at most K a char together; and their agreement with people's
    confusions (human-confusion.tsv) on the held-out chars of scripts/visual_model.py's split."""
    columns = ["char", "neighbour", "score", "evidence"]
    offered = {}
    for row in table_pairs("visual.tsv", columns):
        a, b, score, _ = row
        offered.setdefault(a, []).append(b)
        check(f"visual {a}→{b}: score is a number", 0 < float(score) <= 1.1)
    for a, b in CLASSIC_LOOKALIKES:
        check(f"visual offers {a}→{b}", b in offered.get(a, []), "".join(offered.get(a, [])))
        check(f"visual offers {b}→{a}", a in offered.get(b, []), "".join(offered.get(b, [])))
    for a, b in WORD_CHANGING:
        check(f"visual does not offer {a}→{b}", b not in offered.get(a, []))
    in_standard = set(standard)
    check("visual: only standard chars", set(offered) <= in_standard and all(b in in_standard for v in offered.values() for b in v))

    load("visual-slip.tsv", columns, unique=False)
    slip_rows = table_pairs("visual-slip.tsv", columns)
    slips = {}
    bad_scores = []
    for row in slip_rows:
        if len(row) != 4:
            continue
        a, b, score, evidence = row
        slips.setdefault(a, []).append(b)
        try:
            ok = 0 < float(score) <= 1 and evidence.startswith("people ")
        except ValueError:
            ok = False
        if not ok:
            bad_scores.append(f"{a}{b} {score}")
    check("visual-slip: score is a probability, evidence starts with people's", not bad_scores, " ".join(bad_scores[:5]))
    check("visual-slip: one scalar a cell, no char its own slip",
          all(len(a) == 1 and all(len(b) == 1 and b != a for b in bs) for a, bs in slips.items()))
    check("visual-slip: no pair listed twice", all(len(set(bs)) == len(bs) for bs in slips.values()))
    check("visual-slip: only standard chars", set(slips) <= in_standard and all(b in in_standard for v in slips.values() for b in v))
    also = [a + b for a, bs in slips.items() for b in bs if b in offered.get(a, [])]
    check("visual-slip: no pair also in visual.tsv", not also, " ".join(also[:10]))
    union = {a: offered.get(a, []) + slips.get(a, []) for a in set(offered) | set(slips)}
    check(f"visual + visual-slip: at most {visual_model.K} a char together",
          all(len(v) <= visual_model.K for v in union.values()))
    check("visual-slip offers 错→措", "措" in slips.get("错", []), "".join(slips.get("错", [])))

    human = load("human-confusion.tsv", ["char", "other", "kind"], unique=False)
    text = (TABLES / "human-confusion.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [l.split("\t") for l in text if l and not l.startswith("#")][1:]
    check("human-confusion: char < other, known kinds",
          all(a < b and set(k.split(",")) <= {"visual", "sound-same-tone", "sound-other-tone"} for a, b, k in pairs))
    people = {}
    for a, b, kinds in pairs:
        if "visual" in kinds:
            people.setdefault(a, set()).add(b)
            people.setdefault(b, set()).add(a)
    # The held-out characters were never seen in fitting the score; their figures are the ones that
    # say how well the tables match people, and the build records them in visual-slip.tsv's header.
    held = [c for c in standard if visual_model.held_out(c)]
    covered = sum(1 for c in held if c in people)

    def held_out(table: dict) -> tuple:
        recall, precision, hits, n_offered, n_people = visual_model.figures(table, people, held)
        return recall, precision, f"recall {100 * recall:.1f}% ({hits}/{n_people}), precision {100 * precision:.1f}% ({hits}/{n_offered})"

    _, _, alone = held_out(offered)
    recall, precision, both = held_out(union)
    print(f"held-out chars ({covered} that people's data covers, at most {visual_model.K} each), "
          f"vs people's visual confusions (pycorrector same_stroke):")
    print(f"  visual.tsv alone:             {alone}")
    print(f"  visual.tsv + visual-slip.tsv: {both}")
    header = [l for l in (TABLES / "visual-slip.tsv").read_text(encoding="utf-8").splitlines() if l.startswith("#")]
    check("visual-slip.tsv header records the held-out figures of both tables",
          f"# held-out: visual.tsv with this table: {both}" in header and f"# held-out: visual.tsv alone: {alone}" in header)
    # The aim of the fitted tier: 70 % of people's pairs within 20 offered a char, half of what it offers theirs.
    check("visual + visual-slip: held-out recall ≥ 70% and precision ≥ 50%", recall >= 0.70 and precision >= 0.50, both)
    for name, table in (("visual", offered), ("visual-slip", slips)):
        n = sum(1 for c in standard if c in table)
        print(f"{name}: {n} of {len(standard)} standard chars have a look-alike, {sum(map(len, table.values()))} pairs")


def main() -> None:
    standard = [l.split("\t")[0] for l in (TABLES / "standard-chars.tsv").read_text(encoding="utf-8").splitlines()
                if l and not l.startswith("#")][1:]

    pron = load("pronunciation.tsv", ["char", "readings", "frequency"])
    readings = {c: r[0].split(",") for c, r in pron.items()}
    check("pronunciation: every char one scalar", all(len(c) == 1 for c in pron))
    check("pronunciation: numbered pinyin", all(PINYIN.match(p) for rs in readings.values() for p in rs))
    check("pronunciation: frequency is a count", all(r[1].isdigit() for r in pron.values()))
    check("pronunciation: covers the 8,105 standard chars", all(c in pron for c in standard))
    check("是 → shi4", readings["是"] == ["shi4"], str(readings.get("是")))
    check("事 has shi4", "shi4" in readings["事"])
    check("机 = ji1 only", readings["机"] == ["ji1"], str(readings.get("机")))
    check("未 is wei4 and 机 is no homophone of it", "wei4" in readings["未"] and "wei4" not in readings["机"])
    check("行 has xing2 and hang2", {"xing2", "hang2"} <= set(readings["行"]))
    check("长 has chang2 and zhang3", {"chang2", "zhang3"} <= set(readings["长"]))
    check("了 has le5 and liao3", {"le5", "liao3"} <= set(readings["了"]))
    check("绿 → lü4 first", readings["绿"][0] == "lü4", str(readings.get("绿")))
    check("女 → nü3", readings["女"] == ["nü3"])
    check("的 commoner than 某", int(pron["的"][1]) > int(pron["某"][1]) > 0)

    trad = {c: r[0].split(",") for c, r in load("traditional.tsv", ["char", "forms"]).items()}
    check("traditional: single scalars, no self forms",
          all(len(c) == 1 and all(len(f) == 1 and f != c for f in fs) for c, fs in trad.items()))
    check("发 → 發,髮", trad["发"][:2] == ["發", "髮"], str(trad.get("发")))
    check("机 → 機", trad["机"][0] == "機")
    check("后 has 後", "後" in trad["后"])
    check("干 has 乾 and 幹", {"乾", "幹"} <= set(trad["干"]))

    dec = load("decomposition.tsv", ["char", "structure", "components"])
    check("decomposition: IDCs", all(s[0] in IDCS for s in dec.values()))
    check("decomposition: ≥ 2 components", all(len(s[1]) >= 2 for s in dec.values()))
    check("decomposition: components are ideographs or radicals",
          all(0x2E80 <= ord(x) <= 0x2FDF or 0x3400 <= ord(x) <= 0x9FFF or 0x20000 <= ord(x) <= 0x3134F
              for s in dec.values() for x in s[1]))
    for ch, want in {"好": ("⿰", "女子"), "明": ("⿰", "日月"), "林": ("⿰", "木木"), "您": ("⿱", "你心")}.items():
        check(f"{ch} → {want[0]} {want[1]}", tuple(dec.get(ch, ())) == want, str(dec.get(ch)))
    covered = sum(1 for c in standard if c in dec)
    check("decomposition covers ≥ 85% of the standard chars", covered >= 0.85 * len(standard), str(covered))

    near = load("near-homophone.tsv", ["kind", "from", "to"], unique=False)
    text = (TABLES / "near-homophone.tsv").read_text(encoding="utf-8")
    rules = {tuple(l.split("\t")) for l in text.splitlines() if l and not l.startswith("#")}
    for rule in [("initial", "z", "zh"), ("initial", "c", "ch"), ("initial", "s", "sh"), ("initial", "l", "n"),
                 ("final", "an", "ang"), ("final", "en", "eng"), ("final", "in", "ing"),
                 ("final", "ian", "iang"), ("final", "uan", "uang")]:
        check(f"near-homophone {rule[1]}/{rule[2]}", rule in rules)
    check("near-homophone kinds", all(r[0] in ("initial", "final") for r in rules if r[0] != "kind") and bool(near))

    check_visual(standard)

    dict_txt, cilin = DATA / "jieba" / "dict.txt", DATA / "cilin" / "cilin.txt"
    if dict_txt.exists() and cilin.exists():
        check("dict.txt has 电影", any(l.startswith("电影 ") for l in dict_txt.read_text(encoding="utf-8").splitlines()))
        lines = cilin.read_text(encoding="utf-8").splitlines()
        check("cilin: no BOM, codes like Aa01A01=",
              all(re.match(r"^[A-Z][a-z]\d\d[A-Z]\d\d[=#@] \S", l) for l in lines))
        check("cilin: a = group holds 高兴 and 快乐",
              any(l.split()[0].endswith("=") and {"高兴", "快乐"} <= set(l.split()) for l in lines))
    else:
        print("data/ not fetched: skipping the dict.txt and Cilin checks (scripts/fetch_data.py)")

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
