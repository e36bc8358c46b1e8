#!/usr/bin/env python3
"""Writes the harness's end-to-end fixture: two tiny RoCBert sentiment checkpoints, 30 examples, a suite.

Run: python3 scripts/make_harness_fixtures.py   (creates scripts/.venv with transformers + torch)
Output: scripts/fixtures/harness/{checkpoint-a,checkpoint-b,guide-mlm,checkpoint-bert,data.jsonl,suite.yaml,
        guide-expected.json,bert-expected.json,bert-heads/}

The checkpoints are random (seeded) RoCBertForSequenceClassification models over a 200-character
vocabulary whose word_pronunciation.json and word_shape.json put known homophones (是/事/市/试) and
look-alikes (未/末, 己/已/巳, 王/玉/主) in shared groups, so the harness's checkpoint-table candidates
have something to propose. checkpoint-bert is a BertForSequenceClassification over the same vocabulary
(vocab.txt only, as BERT checkpoints come), for suites that mix RoCBert and BERT; bert-expected.json holds
its class probabilities on every example as the reference computes them. bert-heads/ holds a BERT
checkpoint for each other head (token classification, question answering, multiple choice, masked LM),
a data file for each, and expected.json: what `rocbert predict` must print for every example, decoded
from the reference's outputs by the rules of the harness's victim (written out below). Labels are checkpoint-a's own clean predictions, except every fifth
example, which is flipped so that it is skipped. Nothing here claims the models are any good: the
tests check that the harness records and reports exactly what happened.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference_venv  # noqa: E402

reference_venv.ensure("requirements-reference.txt")

import json  # noqa: E402
import shutil  # noqa: E402

import torch  # noqa: E402
from transformers import (  # noqa: E402
    BertConfig, BertForMaskedLM, BertForMultipleChoice, BertForQuestionAnswering, BertForSequenceClassification,
    BertForTokenClassification, BertTokenizer,
    RoCBertConfig, RoCBertForMaskedLM, RoCBertForSequenceClassification, RoCBertTokenizer,
)

OUT = Path(__file__).resolve().parent / "fixtures" / "harness"

HOMOPHONES = ["是事市试式室视", "他她它塔", "在再载", "的得地", "好号郝", "很狠恨", "买卖迈", "一衣医依", "有又右友", "说硕", "做作坐座",
              "看砍", "吃池迟", "喜洗系", "欢换环", "真针珍", "不布步部", "太态泰", "常长场", "快块筷"]
LOOKALIKES = ["未末", "己已巳", "王玉主", "人入八", "日曰", "大太犬", "土士", "天夫", "田由甲申", "刀力", "贝见", "午牛"]
OTHER = "这家店菜味道服务价格便宜贵推荐失望满意质量差书本电影手机酒店房间干净舒适朋友东西觉今年个们我你了也非常还行一般次再来"

SENTENCES = [
    "这家店是真好", "菜的味道很好", "服务太差了", "价格便宜好吃", "我很喜欢这本书", "这部电影是真的好看", "手机质量一般", "酒店房间很干净",
    "他说这家店不错", "再也不来了", "买了一次很失望", "东西是好东西", "朋友推荐的店", "价格太贵了", "味道还行吧", "真的非常满意",
    "未来还会再来", "王大人说好", "今天太失望了", "这个手机很快", "书的质量很好", "房间太小了", "服务员很热情", "吃了一次就喜欢",
    "价格常常变", "这是我的书", "他的东西很贵", "菜有点咸", "电影很长", "坐在店里很舒适",
]


def vocab():
    chars = []
    for c in "".join(HOMOPHONES + LOOKALIKES) + OTHER + "".join(SENTENCES):
        if c not in chars:
            chars.append(c)
    return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars


def tables(tokens):
    pron, shape = {}, {}
    for i, group in enumerate(HOMOPHONES):
        for c in group:
            pron[c] = 10 + i
    for i, group in enumerate(LOOKALIKES):
        for c in group:
            shape[c] = 10 + i
    # Every other token gets an id of its own; the specials and [UNK] share 1 (the reference's default).
    next_pron, next_shape = 100, 100
    for t in tokens:
        if t.startswith("["):
            pron.setdefault(t, 1)
            shape.setdefault(t, 1)
            continue
        if t not in pron:
            pron[t] = next_pron
            next_pron += 1
        if t not in shape:
            shape[t] = next_shape
            next_shape += 1
    return pron, shape


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for n, p in model.named_parameters():
            p.copy_(1.0 + 0.3 * torch.randn(p.shape, generator=g) if n.endswith("LayerNorm.weight") else 0.5 * torch.randn(p.shape, generator=g))
    model.eval()


def bert_checkpoint(name, seed, tokens, head=BertForSequenceClassification, labels=("negative", "positive")):
    """A BERT model of the RoCBert checkpoints' size: vocab.txt, config.json, weights."""
    d = OUT / name
    d.mkdir(parents=True)
    (d / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(tokens), hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
        max_position_embeddings=64, num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={l: i for i, l in enumerate(labels)},
    )
    torch.manual_seed(seed)
    model = head(config)
    randomize(model, seed)
    model.save_pretrained(d, safe_serialization=True)
    return model, BertTokenizer(str(d / "vocab.txt"))


NER_TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC")


def bert_heads(tokens):
    """A BERT checkpoint per remaining head, a data file each, and the predictions `rocbert predict` must
    print, decoded from the reference's outputs as the harness's victim decodes (one token a character
    here: every character of these texts is in the vocabulary)."""
    out, expected = OUT / "bert-heads", {}
    out.mkdir()

    def write(head, rows):
        with open(out / f"{head}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")

    # Token classification: the argmax tag of the token covering each character.
    model, tok = bert_checkpoint("bert-heads/token-classification", 21, tokens, BertForTokenClassification, NER_TAGS)
    rows, preds = [], {}
    for i, text in enumerate(SENTENCES[:10]):
        with torch.no_grad():
            tags = model(**tok(text, return_tensors="pt")).logits[0, 1:-1].argmax(-1).tolist()
        rows.append({"id": f"ner{i}", "text": text, "tags": [NER_TAGS[t] for t in tags]})
        preds[f"ner{i}"] = {"prediction": [NER_TAGS[t] for t in tags]}
    write("token-classification", rows)
    expected["token-classification"] = preds

    # Question answering (text = question, pair = context): the best start + end over context tokens,
    # start <= end, under 30 tokens; ties keep the first (start, then end, ascending).
    model, tok = bert_checkpoint("bert-heads/question-answering", 22, tokens, BertForQuestionAnswering)
    rows, preds = [], {}
    for i, context in enumerate(SENTENCES[10:20]):
        question = "什么好"
        enc = tok(question, context, return_tensors="pt")
        with torch.no_grad():
            o = model(**enc)
        first = len(question) + 2
        span = [k for k in range(first, first + len(context))]
        best = None
        for a in span:
            for b in span:
                if b >= a and b - a < 30:
                    score = (o.start_logits[0, a] + o.end_logits[0, b]).item()
                    if best is None or score > best[0]:
                        best = (score, a, b)
        start, end = best[1] - first, best[2] - first + 1
        rows.append({"id": f"qa{i}", "text": context, "question": question, "answer": context[start:end], "answer_start": start})
        preds[f"qa{i}"] = {"prediction": {"text": context[start:end], "start": start, "end": end}}
    write("question-answering", rows)
    expected["question-answering"] = preds

    # Multiple choice: softmax over the (text, choice) pairs.
    model, tok = bert_checkpoint("bert-heads/multiple-choice", 23, tokens, BertForMultipleChoice)
    rows, preds = [], {}
    for i in range(8):
        text, choices = SENTENCES[i], [SENTENCES[(i + k) % len(SENTENCES)] for k in (3, 7, 11)]
        enc = tok([text] * 3, choices, padding=True, return_tensors="pt")
        with torch.no_grad():
            p = model(**{k: v.unsqueeze(0) for k, v in enc.items()}).logits[0].softmax(-1)
        rows.append({"id": f"mc{i}", "text": text, "choices": choices, "label": int(p.argmax())})
        preds[f"mc{i}"] = {"prediction": int(p.argmax()), "scores": p.tolist()}
    write("multiple-choice", rows)
    expected["multiple-choice"] = preds

    # Masked LM: the top-1 token of every [MASK].
    model, tok = bert_checkpoint("bert-heads/masked-lm", 24, tokens, BertForMaskedLM)
    rows, preds = [], {}
    for i, text in enumerate(SENTENCES[20:30]):
        masked = text[:2] + "[MASK]" + text[3:]
        enc = tok(masked, return_tensors="pt")
        with torch.no_grad():
            logits = model(**enc).logits[0]
        at = enc["input_ids"][0].tolist().index(tok.mask_token_id)
        fill = tok.convert_ids_to_tokens(int(logits[at].argmax()))
        rows.append({"id": f"mlm{i}", "text": masked, "label": fill})
        preds[f"mlm{i}"] = {"prediction": {"fills": [fill]}}
    write("masked-lm", rows)
    expected["masked-lm"] = preds
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")


def checkpoint(name, seed, tokens, pron, shape, head=RoCBertForSequenceClassification):
    d = OUT / name
    d.mkdir(parents=True)
    (d / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    (d / "word_pronunciation.json").write_text(json.dumps(pron, ensure_ascii=False), encoding="utf-8")
    (d / "word_shape.json").write_text(json.dumps(shape, ensure_ascii=False), encoding="utf-8")
    config = RoCBertConfig(
        vocab_size=len(tokens), hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
        max_position_embeddings=64, shape_vocab_size=max(shape.values()) + 1, shape_embed_dim=16,
        pronunciation_vocab_size=max(pron.values()) + 1, pronunciation_embed_dim=16, num_labels=2,
        id2label={0: "negative", 1: "positive"}, label2id={"negative": 0, "positive": 1},
    )
    torch.manual_seed(seed)
    model = head(config)
    randomize(model, seed)
    model.save_pretrained(d, safe_serialization=True)
    tok = RoCBertTokenizer(str(d / "vocab.txt"), str(d / "word_shape.json"), str(d / "word_pronunciation.json"))
    return model, tok


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    tokens = vocab()
    pron, shape = tables(tokens)
    model, tok = checkpoint("checkpoint-a", 11, tokens, pron, shape)
    checkpoint("checkpoint-b", 12, tokens, pron, shape)
    # A masked-LM checkpoint over the same vocabulary guides the mlm-guided attack; its probabilities
    # for a few candidates at a masked position are recorded for the Swift ranker to match.
    guide, guide_tok = checkpoint("guide-mlm", 13, tokens, pron, shape, head=RoCBertForMaskedLM)
    probe = {"text": "这家店是真好", "slot": 3, "candidates": ["事", "市", "试", "式", "号"]}
    masked = probe["text"][:3] + "[MASK]" + probe["text"][4:]
    with torch.no_grad():
        enc = guide_tok(masked, return_tensors="pt")
        logits = guide(**enc).logits[0]
    position = enc["input_ids"][0].tolist().index(guide_tok.mask_token_id)
    p = logits[position].softmax(-1)
    probe["probabilities"] = [p[guide_tok.convert_tokens_to_ids(c)].item() for c in probe["candidates"]]
    (OUT / "guide-expected.json").write_text(json.dumps(probe, ensure_ascii=False), encoding="utf-8")
    with torch.no_grad():
        pred = model(**tok(SENTENCES, padding=True, return_tensors="pt")).logits.argmax(-1).tolist()
    names = ["negative", "positive"]
    with open(OUT / "data.jsonl", "w", encoding="utf-8") as f:
        for i, (text, p) in enumerate(zip(SENTENCES, pred)):
            label = names[1 - p] if i % 5 == 4 else names[p]
            f.write(json.dumps({"id": f"ex{i}", "text": text, "label": label}, ensure_ascii=False) + "\n")
    (OUT / "suite.yaml").write_text(
        "# End-to-end fixture suite (scripts/make_harness_fixtures.py).\n"
        "name: harness-fixture\n"
        "task: sequence-classification\n"
        "dataset: {path: data.jsonl, labels: [negative, positive], id: id, seed: 3}\n"
        "checkpoints:\n  - {name: checkpoint-a, path: checkpoint-a}\n  - {name: checkpoint-b, path: checkpoint-b}\n"
        "attacks:\n"
        "  - {name: homophone, transformations: [checkpoint-homophone], search: greedy, constraints: {max_perturbed_ratio: 0.5, stopwords: false, allow_rare: true, allow_unk: true}}\n"
        "  - {name: visual-beam, transformations: [checkpoint-visual, checkpoint-homophone], search: beam, beam_width: 2, max_queries: 60,"
        " constraints: {max_perturbed_ratio: 0.5, stopwords: false, allow_rare: true, allow_unk: true}}\n"
        "  - {name: mlm-guided, transformations: [checkpoint-homophone, checkpoint-visual], search: mlm-guided, top_k: 2, guide: guide-mlm,"
        " constraints: {max_perturbed_ratio: 0.5, stopwords: false, allow_rare: true, allow_unk: true}}\n"
        "database: results.sqlite\n"
        "report: report.md\n",
        encoding="utf-8",
    )
    bert, bert_tok = bert_checkpoint("checkpoint-bert", 14, tokens)
    with torch.no_grad():
        probs = bert(**bert_tok(SENTENCES, padding=True, return_tensors="pt")).logits.softmax(-1).tolist()
    (OUT / "bert-expected.json").write_text(json.dumps(
        {f"ex{i}": p for i, p in enumerate(probs)}, ensure_ascii=False), encoding="utf-8")
    bert_heads(tokens)
    print(f"{OUT}: {sorted(p.name for p in OUT.iterdir())}; labels from checkpoint-a: {pred}")


if __name__ == "__main__":
    main()
