#!/usr/bin/env python3
"""Writes an end-to-end attack suite per head on small random RoCBert checkpoints, and confirms with the
reference every status `rocbert run` records on them.

Run:  python3 scripts/make_head_suites.py                                   (checkpoints, data, suites)
      python3 scripts/make_head_suites.py --rocbert .build/debug/rocbert    (also runs the suites, confirms
                                                                             every record, writes expected.json)
Output: scripts/fixtures/harness/head-suites/

One random (seeded) RoCBert checkpoint per head -- sequence classification, token classification, question
answering, multiple choice, masked LM -- with shape and pronunciation embeddings, over the demo vocabulary
(models/demo-vocab, copied into each checkpoint so it is self-contained). The weights are stored as F16 to
keep the five checkpoints small; the reference loads the same F16 values and computes in F32, as the Swift
loader does. Each head has a data file of review-domain Chinese and a suite using the head's goal options
(NER watch and token level, QA min_f1_drop, multiple choice perturb second and both, a sentence-pair suite with
pair: and perturb second and both). Gold labels are mostly the reference's own clean predictions, so most examples
are attacked; a few are set wrong on purpose, so that they are skipped.

With --rocbert, every suite runs through the CLI; every record of every run is read back from SQLite and
recomputed with transformers: the model input is rebuilt from the record as the Swift victim builds it
(Sources/RoCBertHarness/Victim: the attacked text in its slot beside the fixed segment, longest-first
truncation to the model's window), the clean and attacked predictions are decoded as the victim decodes,
and the status is decided by the goal's definition, reimplemented here from Sources/RoCBertAttack/Goals.
Any disagreement with a Swift record stops the script with every disagreement listed; nothing is written
then. On agreement expected.json holds, per suite, run and example, the reference's predictions, scores,
status and QA F1s beside the attacked text the Swift search chose, for the Swift test
(Tests/RoCBertHarnessTests/EndToEndTests+HeadSuites.swift) to compare a fresh run against.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference_venv  # noqa: E402

reference_venv.ensure("requirements-reference.txt")

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from transformers import (  # noqa: E402
    RoCBertConfig, RoCBertForMaskedLM, RoCBertForMultipleChoice, RoCBertForQuestionAnswering,
    RoCBertForSequenceClassification, RoCBertForTokenClassification, RoCBertTokenizer,
)
from transformers.utils import logging as transformers_logging  # noqa: E402

transformers_logging.set_verbosity_error()

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "models" / "demo-vocab"
OUT = ROOT / "scripts" / "fixtures" / "harness" / "head-suites"
TABLES = ("vocab.txt", "word_shape.json", "word_pronunciation.json")
# The window is short so that one long example per suite is truncated, as real inputs can be.
MAX_POSITIONS = 40
SENTIMENT = ("negative", "neutral", "positive")
NER_TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC")
# head: (class, seed, labels). The seeds give heads whose clean predictions vary over the data (a random
# classifier this small often gives one class to every text, leaving nothing to attack or skip).
HEADS = {
    "sequence-classification": (RoCBertForSequenceClassification, 40, SENTIMENT),
    "token-classification": (RoCBertForTokenClassification, 32, NER_TAGS),
    "question-answering": (RoCBertForQuestionAnswering, 33, ("LABEL_0", "LABEL_1")),
    "multiple-choice": (RoCBertForMultipleChoice, 34, ("LABEL_0",)),
    "masked-lm": (RoCBertForMaskedLM, 35, ("LABEL_0", "LABEL_1")),
}

REVIEWS = [
    "这家店的菜很好吃", "服务员态度太差了", "价格便宜分量也足", "酒店房间干净又安静", "手机用了一周就坏了",
    "快递送得很快包装完好", "味道一般不会再来", "老板人很好还送了水果", "电影情节拖沓让人失望", "环境不错适合朋友聚会",
]
# Longer than the window once the special tokens (and a pair) are counted: the model reads its start only.
LONG = "这家餐厅开在老街的尽头门面不大但是每天中午都排着长队招牌的红烧肉肥而不腻米饭也香我们点了四个菜都吃光了下次还来"
PAIRS = [
    ("这家店的菜很好吃", "菜的味道不错"), ("服务员态度太差了", "服务很热情"), ("价格便宜分量也足", "东西太贵了"),
    ("酒店房间干净又安静", "房间很吵"), ("快递送得很快", "送货速度快"), ("味道一般不会再来", "还会再来"),
    ("老板人很好", "老板很热情"), ("环境不错适合聚会", "环境很差"),
]
NER_TEXTS = [
    "王小明在北京吃烤鸭", "李华说上海的酒店很贵", "我和张伟去杭州看西湖", "刘老师推荐了南京的小吃", "陈静在广州开了一家店",
    "赵强觉得成都的火锅最好", "周末和王芳去苏州玩", "孙先生住在深圳", LONG,
]
QA = [
    ("哪里好吃", "这家店的菜很好吃价格也便宜"), ("谁很热情", "服务员很热情老板也很好"), ("什么不错", "环境不错适合朋友聚会"),
    ("哪里干净", "酒店房间干净又安静"), ("什么很快", "快递送得很快包装完好"), ("谁推荐的", "朋友推荐的这家店味道很好"),
    ("多少钱", "一份套餐三十块钱很便宜"), ("哪里好", LONG),
    # Too short for one edit at the suites' ratio (0.3 × 3 < 1): failed with no query, its F1s still recorded.
    ("怎么样", "很好吃"),
]
MC_STEMS = ["这家店的菜怎么样", "服务员的态度如何", "价格贵不贵", "房间干净吗", "快递快不快", "还会再来吗", "老板人好吗", "环境怎么样"]
MC_CHOICES = ["很好吃", "太差了", "很便宜", "很干净", "非常快", "不会再来", "人很好", "很安静", "一般般", "还不错"]
MLM = [
    "这家店的菜很[MASK]吃", "服务员态度太[MASK]了", "价格便宜分[MASK]也足", "酒店房间干净又[MASK]静", "手机用了一[MASK]就坏了",
    "快递送得很[MASK]包装完好", "味道一般不会再[MASK]", "老板人很好还送了[MASK]果", "[MASK]境不错适合朋友[MASK]会",
]

def tokenizer(d):
    return RoCBertTokenizer(str(d / "vocab.txt"), str(d / "word_shape.json"), str(d / "word_pronunciation.json"))


def make_checkpoint(head):
    """A seeded random checkpoint, stored as F16; returns the F32 model of those F16 values."""
    cls, seed, labels = HEADS[head]
    d = OUT / head
    d.mkdir(parents=True)
    for f in TABLES:
        shutil.copyfile(VOCAB / f, d / f)
    shape = json.loads((VOCAB / "word_shape.json").read_text(encoding="utf-8"))
    pron = json.loads((VOCAB / "word_pronunciation.json").read_text(encoding="utf-8"))
    config = RoCBertConfig(
        vocab_size=len((VOCAB / "vocab.txt").read_text(encoding="utf-8").splitlines()), hidden_size=16,
        num_hidden_layers=1, num_attention_heads=2, intermediate_size=32, max_position_embeddings=MAX_POSITIONS,
        shape_vocab_size=max(shape.values()) + 1, shape_embed_dim=8, pronunciation_vocab_size=max(pron.values()) + 1,
        pronunciation_embed_dim=8, num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={l: i for i, l in enumerate(labels)},
    )
    torch.manual_seed(seed)
    model = cls(config)
    g = torch.Generator().manual_seed(seed)
    # Large random weights make the outputs far apart, so the search's choices rarely hinge on rounding.
    with torch.no_grad():
        for n, p in model.named_parameters():
            p.copy_(1.0 + 0.3 * torch.randn(p.shape, generator=g) if n.endswith("LayerNorm.weight") else 0.5 * torch.randn(p.shape, generator=g))
    model.eval()
    model.half().save_pretrained(d, safe_serialization=True)
    return load(head)


def load(head):
    cls = HEADS[head][0]
    return cls.from_pretrained(OUT / head, dtype=torch.float32).eval()


# --- The victim, as Sources/RoCBertHarness/Victim/ModelVictim.swift reads a model -------------------------------

def segment_tokens(tok, text):
    """Tokens of one segment with the Unicode-scalar range each covers. The data and every candidate are
    single characters (a vocabulary token or [UNK]) or [MASK]; anything else stops the script."""
    tokens = tok.tokenize(text)
    offsets, at = [], 0
    for t in tokens:
        n = 6 if t == "[MASK]" and text.startswith("[MASK]", at) else 1
        if n == 1 and t not in (text[at:at + 1].lower(), tok.unk_token):
            raise SystemExit(f"{text!r} does not tokenize one token per character: {tokens}")
        offsets.append(range(at, at + n))
        at += n
    if at != len(text):
        raise SystemExit(f"{text!r} does not tokenize one token per character: {tokens}")
    return tokens, offsets


def encode(tok, text, pair):
    """The model input and, per token, (segment, scalar range) or None for special tokens: longest-first
    truncation to the window, as the Swift tokenizer does (TokenizedInput / RoCBertTokenizer+TextEncoder)."""
    e = tok(text, pair, truncation="longest_first", max_length=MAX_POSITIONS) if pair is not None else \
        tok(text, truncation="longest_first", max_length=MAX_POSITIONS)
    first, first_offsets = segment_tokens(tok, text)
    ids = e["input_ids"]
    sep = tok.sep_token_id
    kept_first = ids.index(sep) - 1
    places = [None] + [(0, r) for r in first_offsets[:kept_first]] + [None]
    if pair is not None:
        _, second_offsets = segment_tokens(tok, pair)
        kept_second = len(ids) - kept_first - 3
        places += [(1, r) for r in second_offsets[:kept_second]] + [None]
        if tok.convert_tokens_to_ids(tok.tokenize(pair))[:kept_second] != ids[kept_first + 2:-1]:
            raise SystemExit(f"the pair {pair!r} does not encode as its tokens")
    if tok.convert_tokens_to_ids(first)[:kept_first] != ids[1:kept_first + 1]:
        raise SystemExit(f"{text!r} does not encode as its tokens")
    assert len(places) == len(ids)
    tensors = {k: torch.tensor([e[k]]) for k in ("input_ids", "input_shape_ids", "input_pronunciation_ids", "token_type_ids", "attention_mask")}
    return tensors, places


def softmax64(logits):
    # The victim turns F32 logits into Double before its softmax.
    return torch.softmax(logits.detach().double(), -1).tolist()


def argmax_first(values):
    """The first maximal index (Swift's max(by:) and torch.argmax agree on ties)."""
    best = 0
    for i, v in enumerate(values):
        if v > values[best]:
            best = i
    return best


class Victim:
    """One checkpoint's predictions, decoded per head as ModelVictim.decode does."""

    def __init__(self, head, model, tok):
        self.head, self.model, self.tok = head, model, tok
        self.labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
        self.margins = []  # how far each decision was from a tie, to show the data is clear of near-ties

    @torch.no_grad()
    def predict(self, inp):
        if self.head == "multiple-choice":
            return self.choices(inp)
        x, places = encode(self.tok, inp["text"], inp.get("pair"))
        out = self.model(**x)
        if self.head == "sequence-classification":
            p = softmax64(out.logits[0])
            self.margin(out.logits[0].tolist())
            return {"prediction": argmax_first(p), "scores": p}
        if self.head == "token-classification":
            labels = [None] * len(inp["text"])
            for k, place in enumerate(places):
                if place is None or place[0] != 0:
                    continue
                row = out.logits[0, k].tolist()
                self.margin(row)
                best = argmax_first(row)
                for ch in place[1]:
                    if ch < len(labels) and labels[ch] is None:
                        labels[ch] = best
            return {"labels": labels, "prediction": [None if l is None else self.labels[l] for l in labels]}
        if self.head == "question-answering":
            start = out.start_logits[0].numpy().astype(np.float32)
            end = out.end_logits[0].numpy().astype(np.float32)
            context = [k for k, p in enumerate(places) if p is not None and p[0] == 1]
            best, scores = None, []
            for a in context:
                for b in context:
                    if b >= a and b - a < 30:
                        s = np.float32(start[a] + end[b])  # summed in F32, as the victim does
                        scores.append(float(s))
                        if best is None or s > best[0]:
                            best = (s, a, b)
            if best is None:
                return {"answer": None, "prediction": None}
            scores.sort(reverse=True)
            if len(scores) > 1:
                self.margins.append(scores[0] - scores[1])
            lo, hi = places[best[1]][1].start, min(places[best[2]][1].stop, len(inp["pair"]))
            return {"answer": (lo, hi, inp["pair"][lo:hi]), "prediction": {"text": inp["pair"][lo:hi], "start": lo, "end": hi}}
        if self.head == "masked-lm":
            fills = []
            for k in range(x["input_ids"].shape[1]):
                if x["input_ids"][0, k].item() == self.tok.mask_token_id:
                    row = out.logits[0, k]
                    self.margin(row.tolist())
                    fills.append(self.tok.convert_ids_to_tokens(argmax_first(softmax64(row))))
            return {"fills": fills, "prediction": {"fills": fills} if fills else None}
        raise ValueError(self.head)

    def choices(self, inp):
        rows = [encode(self.tok, inp["text"], c)[0] for c in inp["choices"]]
        s = max(r["input_ids"].shape[1] for r in rows)

        def pad(r, key):
            return torch.nn.functional.pad(r[key], (0, s - r[key].shape[1]), value=0)

        x = {k: torch.stack([pad(r, k) for r in rows], 1) for k in rows[0]}
        logits = self.model(**x).logits[0]
        self.margin(logits.tolist())
        p = softmax64(logits)
        return {"prediction": argmax_first(p), "scores": p}

    def margin(self, row):
        top = sorted(row, reverse=True)
        if len(top) > 1:
            self.margins.append(top[0] - top[1])


# --- Data files --------------------------------------------------------------------------------------------------

def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def make_data(victims):
    """One data file per suite; golds are the clean predictions except where an example is meant to be skipped."""
    sc = victims["sequence-classification"]
    rows = []
    for i, text in enumerate(REVIEWS + [LONG]):
        p = sc.predict({"text": text})["prediction"]
        # Every fourth gold is another class: its clean prediction already misses it, so it is skipped.
        label = (p + 1) % 3 if i % 4 == 3 else p
        rows.append({"id": f"sc{i}", "text": text, "label": SENTIMENT[label]})
    write_jsonl(OUT / "sequence-classification.jsonl", rows)

    rows = []
    for i, (a, b) in enumerate(PAIRS):
        p = sc.predict({"text": a, "pair": b})["prediction"]
        label = (p + 2) % 3 if i % 4 == 1 else p
        rows.append({"id": f"pair{i}", "text": a, "sentence2": b, "label": SENTIMENT[label]})
    write_jsonl(OUT / "pair-classification.jsonl", rows)

    ner = victims["token-classification"]
    rows = []
    for i, text in enumerate(NER_TEXTS):
        tags = [t or "O" for t in ner.predict({"text": text})["prediction"]]
        if i % 4 == 2:
            # A gold entity the model does not find: skipped by every attack (at token level too).
            tags = ["B-PER", "I-PER"] + ["O"] * (len(text) - 2) if tags[:2] != ["B-PER", "I-PER"] else ["O"] * len(text)
        rows.append({"id": f"ner{i}", "text": text, "tags": tags})
    write_jsonl(OUT / "token-classification.jsonl", rows)

    qa = victims["question-answering"]
    rows = []
    for i, (question, context) in enumerate(QA):
        lo, hi, answer = qa.predict({"text": question, "pair": context})["answer"]
        if i == 2:
            # A gold answer sharing no character with the predicted one: clean F1 0, skipped.
            lo = next(k for k in range(len(context)) if context[k] not in answer)
            hi = lo + 1
        elif i == 5:
            # A gold answer one character longer than the prediction: clean F1 below 1, still attacked.
            lo, hi = (lo, hi + 1) if hi < len(context) else (lo - 1, hi)
        rows.append({"id": f"qa{i}", "text": context, "question": question, "answer": context[lo:hi], "answer_start": lo})
    write_jsonl(OUT / "question-answering.jsonl", rows)

    mc = victims["multiple-choice"]
    rows = []
    for i, stem in enumerate(MC_STEMS):
        choices = [MC_CHOICES[(i + k) % len(MC_CHOICES)] for k in (0, 3, 6)]
        p = mc.predict({"text": stem, "choices": choices})["prediction"]
        label = (p + 1) % 3 if i % 4 == 3 else p
        rows.append({"id": f"mc{i}", "text": stem, "choices": choices, "label": label})
    write_jsonl(OUT / "multiple-choice.jsonl", rows)

    mlm = victims["masked-lm"]
    rows = []
    for i, text in enumerate(MLM):
        fills = mlm.predict({"text": text})["fills"]
        label = "".join(fills)
        if i % 4 == 3:
            # A gold fill the model does not give: skipped.
            label = "好" * len(fills) if label != "好" * len(fills) else "差" * len(fills)
        rows.append({"id": f"mlm{i}", "text": text, "label": label})
    write_jsonl(OUT / "masked-lm.jsonl", rows)


SOUND_AND_SHAPE = ["checkpoint-homophone", "checkpoint-visual"]
# Every attack: a small budget keeps the test quick; the ratio lets a 4-character text take one edit.
COMMON = {"max_queries": 30, "max_candidates": 6,
          "constraints": {"max_perturbed_ratio": 0.3, "stopwords": False, "allow_rare": True, "allow_unk": True}}
SUITES = {
    # suite: (head, dataset, attacks); `split` edits change the text's length, which QA and NER map back.
    "sequence-classification": ("sequence-classification", {"path": "sequence-classification.jsonl", "labels": list(SENTIMENT), "id": "id"}, [
        {"name": "greedy", "transformations": SOUND_AND_SHAPE},
        {"name": "to-negative", "goal": "targeted", "target": 0, "transformations": ["checkpoint-homophone"], "search": "beam", "beam_width": 2},
    ]),
    "pair-classification": ("sequence-classification", {"path": "pair-classification.jsonl", "pair": "sentence2", "labels": list(SENTIMENT), "id": "id"}, [
        {"name": "premise", "transformations": SOUND_AND_SHAPE},
        {"name": "hypothesis", "perturb": "second", "transformations": SOUND_AND_SHAPE},
        {"name": "both-sentences", "perturb": "both", "transformations": SOUND_AND_SHAPE},
    ]),
    "token-classification": ("token-classification", {"path": "token-classification.jsonl", "id": "id"}, [
        {"name": "entity", "transformations": ["split"] + SOUND_AND_SHAPE},
        {"name": "people", "watch": ["PER"], "transformations": SOUND_AND_SHAPE},
        {"name": "any-tag", "ner_level": "token", "transformations": SOUND_AND_SHAPE},
    ]),
    "question-answering": ("question-answering", {"path": "question-answering.jsonl", "id": "id"}, [
        {"name": "span", "transformations": ["split"] + SOUND_AND_SHAPE},
        {"name": "f1", "min_f1_drop": 0.5, "transformations": SOUND_AND_SHAPE},
    ]),
    "multiple-choice": ("multiple-choice", {"path": "multiple-choice.jsonl", "id": "id"}, [
        {"name": "stem", "transformations": SOUND_AND_SHAPE},
        {"name": "gold-choice", "perturb": "second", "transformations": SOUND_AND_SHAPE},
        {"name": "stem-and-choice", "perturb": "both", "transformations": SOUND_AND_SHAPE},
    ]),
    "masked-lm": ("masked-lm", {"path": "masked-lm.jsonl", "id": "id"}, [
        {"name": "context", "transformations": SOUND_AND_SHAPE},
    ]),
}


def flow(value):
    """A value as YAML flow style, keys in the order given."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# split reads the project's tables (attacks/tables), which live outside the fixture; a suite that names it
# carries this line, and whoever runs it (this script, the Swift test) appends `tables:` with that folder.
# The other suites draw candidates from their checkpoint's own tables and skip loading the project's.
TABLES_NOTE = "# tables: attacks/tables of the repository, appended by whoever runs this suite (split needs them)"


def needs_tables(suite):
    return any("split" in a["transformations"] for a in SUITES[suite][2])


def make_suites():
    for name, (head, dataset, attacks) in SUITES.items():
        lines = [f"# {name}: one head's end-to-end suite (scripts/make_head_suites.py).", f"name: {name}", f"task: {head}",
                 f"dataset: {flow(dataset)}", f"checkpoints: [{{name: rocbert, path: {head}}}]", "attacks:"]
        lines += ["  - " + flow({**a, **COMMON}) for a in attacks]
        lines += [f"database: {name}.sqlite"]
        if needs_tables(name):
            lines += [TABLES_NOTE]
        lines += [""]
        (OUT / f"{name}.yaml").write_text("\n".join(lines), encoding="utf-8")


# --- Goals, as Sources/RoCBertAttack/Goals/*.swift define success ------------------------------------------------

def character_f1(prediction, reference):
    p = [c for c in prediction if not c.isspace()]
    r = [c for c in reference if not c.isspace()]
    if not p or not r:
        return 1.0 if not p and not r else 0.0
    counts = {}
    for c in r:
        counts[c] = counts.get(c, 0) + 1
    common = 0
    for c in p:
        if counts.get(c, 0) > 0:
            counts[c] -= 1
            common += 1
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(r)
    return 2 * precision * recall / (precision + recall)


def tag_parts(name):
    """seqeval's reading of one tag: (marker, type); other names are inside tags of their own type."""
    if name is None or name == "O":
        return ("O", "")
    parts = name.split("-", 1)
    markers = {"B": "B", "I": "I", "M": "I", "E": "E", "L": "E", "S": "S", "U": "S"}
    if len(parts) == 2 and len(parts[0]) == 1 and parts[0] in markers:
        return (markers[parts[0]], parts[1])
    return ("I", name)


def chunks(tags):
    """Entity chunks (type, start, end) of a tag-name sequence, seqeval's lenient mode (end_of_chunk / start_of_chunk)."""
    def ends(prev, tag):
        (pm, pt), (tm, tt) = prev, tag
        if pm in "ES" or (pm, tm) in {("B", "B"), ("B", "S"), ("B", "O"), ("I", "B"), ("I", "S"), ("I", "O")}:
            return True
        return pm != "O" and pt != tt

    def starts(prev, tag):
        (pm, pt), (tm, tt) = prev, tag
        if tm in "BS" or (pm, tm) in {("E", "E"), ("E", "I"), ("S", "E"), ("S", "I"), ("O", "E"), ("O", "I")}:
            return True
        return tm != "O" and pt != tt

    out, prev, begin = [], ("O", ""), 0
    for i, name in enumerate(list(tags) + [None]):
        tag = tag_parts(name)
        if ends(prev, tag):
            out.append((prev[1], begin, i))
        if starts(prev, tag):
            begin = i
        prev = tag
    return out


def slots_of(clean, perturbations):
    """The attacked text as one slot per clean scalar (PerturbedText): each edit's replacement in its first
    slot, blanks in the rest of its range. Returns the slots and every edited slot's edit range."""
    slots, edit_of = list(clean), {}
    for p in perturbations:
        r = range(p["position"], p["position"] + len(p["original"]))
        if clean[r.start:r.stop] != p["original"]:
            raise ValueError(f"edit {p} does not match the clean text {clean!r}")
        for i in r:
            slots[i] = ""
            edit_of[i] = r
        slots[r.start] = p["replacement"]
    return slots, edit_of


def unchanged_offsets(slots, edit_of):
    out, offset = [], 0
    for i, s in enumerate(slots):
        out.append(None if i in edit_of else offset)
        offset += len(s)
    return out


def clean_range(slots, edit_of, lo, hi):
    """PerturbedText.cleanRange: the clean span scalars lo..<hi of the attacked text stand for."""
    if hi <= lo:
        return None
    spans = []
    for i, s in enumerate(slots):
        for _ in s:
            r = edit_of.get(i, range(i, i + 1))
            spans.append((r.start, r.stop))
    if hi > len(spans):
        return None
    return (spans[lo][0], spans[hi - 1][1])


def reached(head, attack, example, clean, output, slots, edit_of):
    """Whether `output` (the model on the text `slots` spell) reaches the attack's goal on this example."""
    if head in ("sequence-classification", "multiple-choice"):
        if attack.get("target") is not None:
            return output["prediction"] == attack["target"]
        return output["prediction"] != example["gold"]
    if head == "masked-lm":
        fills, clean_fills, gold = output["fills"], clean["fills"], example.get("gold")
        if gold is not None and fills == clean_fills and fills != gold:
            return True
        return any(a != b for a, b in zip(fills, clean_fills))
    if head == "question-answering":
        gold = example["answer"]
        clean_answer = clean["answer"][2] if clean["answer"] else ""
        clean_f1 = character_f1(clean_answer, gold)
        if clean_f1 == 0:
            return True
        if attack.get("min_f1_drop") is not None:
            answer = output["answer"][2] if output["answer"] else ""
            return clean_f1 - character_f1(answer, gold) >= attack["min_f1_drop"] - 1e-9
        span = clean_range(slots, edit_of, output["answer"][0], output["answer"][1]) if output["answer"] else None
        clean_span = (clean["answer"][0], clean["answer"][1]) if clean["answer"] else None
        return span != clean_span
    if head == "token-classification":
        watch = set(attack.get("watch") or [])
        level = attack.get("ner_level", "entity")
        clean_tags, gold_tags = clean["prediction"], example["tags"]
        targets = [c for c in chunks(clean_tags) if not watch or c[0] in watch]
        gold_entities = [c for c in chunks(gold_tags) if not watch or c[0] in watch]
        if level == "entity":
            clean_correct = set(targets) == set(gold_entities)
        else:
            chars = [i for c in targets + gold_entities for i in range(c[1], c[2])]
            clean_correct = all(i < len(clean_tags) and i < len(gold_tags) and clean_tags[i] == gold_tags[i] for i in chars)
        if not clean_correct:
            return True
        # Each edited character held at its clean tag, every other one read where it sits in the attacked text.
        labels = output["prediction"]
        attacked = [clean_tags[i] if o is None else (labels[o] if o < len(labels) else None)
                    for i, o in enumerate(unchanged_offsets(slots, edit_of))]
        if level == "token":
            return any(attacked[i] != clean_tags[i] for c in targets for i in range(c[1], c[2]))
        kept = set(chunks(attacked))
        return any(c not in kept for c in targets)
    raise ValueError(head)


# --- Confirmation ------------------------------------------------------------------------------------------------

def attack_options(suite):
    """The goal options and the edited segment of each attack of a suite, by name."""
    return {a["name"]: {"perturb": a.get("perturb", "first"), **{k: a[k] for k in ("target", "min_f1_drop", "watch", "ner_level") if k in a}}
            for a in SUITES[suite][2]}


# What joins the two segments of a `perturb: both` text (ExampleSegments.joint in the Swift harness).
JOINT = " ‖ "


def victim_input(head, text, record, perturb):
    """VictimInput(record:text:task:perturb:): the text in the slot the attack edited, beside what the record holds fixed."""
    choices = json.loads(record["choices"]) if record["choices"] else None
    label = json.loads(record["label"])
    if head == "question-answering":
        return {"text": record["pair_text"], "pair": text}
    if perturb == "both":
        # The two segments joined by JOINT; the model reads them apart.
        first, second = text.split(JOINT, 1)
        if head == "multiple-choice":
            choices = list(choices)
            choices[label] = second
            return {"text": first, "choices": choices}
        return {"text": first, "pair": second}
    if head == "multiple-choice":
        if perturb == "second":
            choices = list(choices)
            choices[label] = text
            return {"text": record["pair_text"], "choices": choices}
        return {"text": text, "choices": choices}
    if head == "sequence-classification" and perturb == "second":
        return {"text": record["pair_text"], "pair": text}
    return {"text": text, "pair": record["pair_text"]}


def example_facts(head, suite, record, options):
    """What the goal reads of the data line: the gold, checked against the data file itself."""
    rows = {json.loads(l)["id"]: json.loads(l) for l in open(OUT / f"{suite}.jsonl", encoding="utf-8")}
    row = rows[record["example_id"]]
    label = json.loads(record["label"])
    if head in ("sequence-classification", "multiple-choice"):
        gold = row["label"] if head == "multiple-choice" else SENTIMENT.index(row["label"])
        assert label == gold, (record["example_id"], label, gold)
        return {"gold": gold, "row": row}
    if head == "token-classification":
        assert label == row["tags"], record["example_id"]
        return {"tags": row["tags"], "row": row}
    if head == "question-answering":
        assert label == {"text": row["answer"], "start": row["answer_start"]}, record["example_id"]
        return {"answer": row["answer"], "answer_start": row["answer_start"], "row": row}
    if head == "masked-lm":
        assert label == {"fill": row["label"]}, record["example_id"]
        return {"gold": list(row["label"]), "row": row}
    raise ValueError(head)


def check_scores(which, output, record, entry, check):
    """The recorded `which` (clean / attacked) scores against the reference's, within float noise; kept in the entry."""
    if "scores" not in output:
        return
    entry[f"{which}_scores"] = output["scores"]
    got = json.loads(record[f"{which}_scores"])
    check(len(got) == len(output["scores"]) and all(abs(a - b) < 1e-4 for a, b in zip(got, output["scores"])),
          f"{which} scores {got}, reference {output['scores']}")


def confirm(suite, database, victims, problems):
    head = SUITES[suite][0]
    victim = victims[head]
    options = attack_options(suite)
    db = sqlite3.connect(database)
    db.row_factory = sqlite3.Row
    expected = {}
    for run in db.execute("SELECT * FROM runs ORDER BY id"):
        run_name = f"{run['checkpoint_name']} × {run['attack']}"
        attack = options[run["attack"]]
        by_index = expected.setdefault(run_name, {})
        for r in db.execute("SELECT * FROM examples WHERE run_id = ? ORDER BY example_index", (run["id"],)):
            what = f"{suite}: {run_name} example {r['example_index']} ({r['example_id']})"

            def check(ok, message):
                if not ok:
                    problems.append(f"{what}: {message}")

            if r["status"] == "error":
                problems.append(f"{what}: error row: {r['error_message']}")
                continue
            example = example_facts(head, suite, r, attack)
            row = example["row"]
            # The record holds the segment the attack edited and the one held fixed, as the data gives them.
            if head == "question-answering":
                check((r["clean_text"], r["pair_text"]) == (row["text"], row["question"]), "recorded segments")
            elif head == "multiple-choice":
                check(json.loads(r["choices"]) == row["choices"], "recorded choices")
                gold_choice = row["choices"][row["label"]]
                edited = {"first": row["text"], "second": gold_choice, "both": row["text"] + JOINT + gold_choice}[attack["perturb"]]
                check(r["clean_text"] == edited, "recorded clean text")
            elif attack["perturb"] == "both":
                check((r["clean_text"], r["pair_text"]) == (row["text"] + JOINT + row["sentence2"], None), "recorded segments")
            elif attack["perturb"] == "second":
                check((r["clean_text"], r["pair_text"]) == (row["sentence2"], row["text"]), "recorded segments")
            else:
                check((r["clean_text"], r["pair_text"]) == (row["text"], row.get("sentence2")), "recorded segments")
            perturbations = [dict(p) for p in db.execute(
                "SELECT position, original, replacement FROM perturbations WHERE example_row_id = ? ORDER BY ordinal", (r["id"],))]
            clean_text = r["clean_text"]
            clean = victim.predict(victim_input(head, clean_text, r, attack["perturb"]))
            no_edits = slots_of(clean_text, [])
            # The label as the data file gives it (example_facts checked the record's against it).
            entry = {"id": r["example_id"], "label": json.loads(r["label"]), "clean_prediction": clean["prediction"]}
            check(json.loads(r["clean_prediction"]) == clean["prediction"],
                  f"clean prediction {r['clean_prediction']}, reference {json.dumps(clean['prediction'], ensure_ascii=False)}")
            check_scores("clean", clean, r, entry, check)
            skipped = reached(head, attack, example, clean, clean, *no_edits)
            if skipped:
                status = "skipped"
                check(r["attacked_text"] is None, "a skipped example has an attacked text")
            else:
                check(r["attacked_text"] is not None, "an attacked example has no attacked text")
                slots, edit_of = slots_of(clean_text, perturbations)
                check("".join(slots) == r["attacked_text"], f"the edits spell {''.join(slots)!r}, not the attacked text")
                check(r["perturbed_characters"] == len(edit_of), "perturbed characters")
                if attack["perturb"] == "both":
                    # The joint is never edited nor counted in the text's length.
                    at = clean_text.index(JOINT)
                    check(not (set(range(at, at + len(JOINT))) & set(edit_of)), "an edit touches the joint")
                    check(r["text_length"] == len(clean_text) - len(JOINT), "text length counts the joint")
                if head == "masked-lm":
                    mask_slots = {i for k in range(len(clean_text)) if clean_text.startswith("[MASK]", k) for i in range(k, k + 6)}
                    check(not (mask_slots & set(edit_of)), "an edit touches a [MASK]")
                if head == "question-answering":
                    # Neither the gold answer nor the clean predicted answer is ever edited.
                    kept = set(range(example["answer_start"], example["answer_start"] + len(example["answer"])))
                    if clean["answer"]:
                        kept |= set(range(clean["answer"][0], clean["answer"][1]))
                    check(not (kept & set(edit_of)), "an edit touches an answer")
                attacked = victim.predict(victim_input(head, r["attacked_text"], r, attack["perturb"]))
                status = "successful" if reached(head, attack, example, clean, attacked, slots, edit_of) else "failed"
                entry["attacked_text"] = r["attacked_text"]
                entry["attacked_prediction"] = attacked["prediction"]
                check(json.loads(r["attacked_prediction"]) == attacked["prediction"],
                      f"attacked prediction {r['attacked_prediction']}, reference {json.dumps(attacked['prediction'], ensure_ascii=False)}")
                check_scores("attacked", attacked, r, entry, check)
                if head == "question-answering":
                    metrics = json.loads(r["extra_metrics"])
                    f1s = {"clean_f1": character_f1(clean["answer"][2] if clean["answer"] else "", example["answer"]),
                           "attacked_f1": character_f1(attacked["answer"][2] if attacked["answer"] else "", example["answer"])}
                    entry.update(f1s)
                    for k, v in f1s.items():
                        check(k in metrics and abs(metrics[k] - v) < 1e-9, f"{k} {metrics.get(k)}, reference {v}")
            entry["status"] = status
            check(r["status"] == status, f"status {r['status']}, the reference says {status} "
                  f"(clean {r['clean_prediction']}, attacked {r['attacked_text']!r} → {r['attacked_prediction']})")
            by_index[str(r["example_index"])] = entry
    db.close()
    return expected


def run_and_confirm(rocbert, victims):
    problems, expected = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "head-suites"
        shutil.copytree(OUT, work, ignore=shutil.ignore_patterns("expected.json", "*.sqlite*"))
        for suite in SUITES:
            if needs_tables(suite):
                with open(work / f"{suite}.yaml", "a", encoding="utf-8") as f:
                    f.write(f"tables: {ROOT / 'attacks' / 'tables'}\n")
        for suite in SUITES:
            started = time.monotonic()
            r = subprocess.run([str(rocbert), "run", str(work / f"{suite}.yaml"), "--quiet"], capture_output=True, text=True)
            print(f"  rocbert run {suite}.yaml: {time.monotonic() - started:.1f} s")
            if r.returncode != 0:
                raise SystemExit(f"rocbert run {suite}.yaml failed ({r.returncode}): {r.stderr}")
            expected[suite] = confirm(suite, work / f"{suite}.sqlite", victims, problems)
    if problems:
        print(f"{len(problems)} disagreement(s) between the Swift records and the reference:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        raise SystemExit(1)
    counts = {}
    for suite, runs in expected.items():
        for run, rows in runs.items():
            c = {}
            for e in rows.values():
                c[e["status"]] = c.get(e["status"], 0) + 1
            counts[f"{suite}: {run}"] = c
    return expected, counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rocbert", type=Path, help="a rocbert binary: run every suite with it and confirm its records")
    args = ap.parse_args()
    # Everything but expected.json is rebuilt; expected.json only by a run with --rocbert.
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        if p.is_dir():
            shutil.rmtree(p)
        elif p.name != "expected.json":
            p.unlink()
    victims = {}
    for head in HEADS:
        model = make_checkpoint(head)
        victims[head] = Victim(head, model, tokenizer(OUT / head))
    make_data(victims)
    make_suites()
    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"{OUT}: {size / 1e6:.2f} MB")
    if args.rocbert:
        for v in victims.values():
            v.margins.clear()
        expected, counts = run_and_confirm(args.rocbert.resolve(), victims)
        (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        for k, c in counts.items():
            print(f"  {k}: {c}")
        for head, v in victims.items():
            print(f"  {head}: smallest decision margin {min(v.margins):.2e} over {len(v.margins)} decisions")


if __name__ == "__main__":
    main()
