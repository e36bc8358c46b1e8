#!/usr/bin/env python3
"""Writes tiny random RoCBert and BERT checkpoints and the reference's outputs on fixed inputs.

Run: python3 scripts/make_model_fixtures.py   (creates scripts/.venv with transformers + torch)
Output: scripts/fixtures/model/<case>/{config.json, weights, inputs.json, expected.json}
The Swift tests (Tests/RoCBertTests/ModelParityTests.swift) load each case and compare.

inputs.json holds the keys the reference tokenizer returns (nested lists) plus label keys;
expected.json holds every output the reference gives (nested lists), `loss` as a float.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference_venv  # noqa: E402

reference_venv.ensure("requirements-reference.txt")

import json  # noqa: E402
import shutil  # noqa: E402

import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import (  # noqa: E402
    BertConfig,
    BertForMaskedLM,
    BertForMultipleChoice,
    BertForPreTraining,
    BertForQuestionAnswering,
    BertForSequenceClassification,
    BertForTokenClassification,
    BertLMHeadModel,
    BertModel,
    RoCBertConfig,
    RoCBertForCausalLM,
    RoCBertForMaskedLM,
    RoCBertForMultipleChoice,
    RoCBertForPreTraining,
    RoCBertForQuestionAnswering,
    RoCBertForSequenceClassification,
    RoCBertForTokenClassification,
    RoCBertModel,
)

OUT = Path(__file__).resolve().parent / "fixtures" / "model"

BASE = dict(
    vocab_size=64, hidden_size=24, num_hidden_layers=2, num_attention_heads=3, intermediate_size=40,
    max_position_embeddings=32, type_vocab_size=2, pad_token_id=0,
    shape_vocab_size=30, shape_embed_dim=12, pronunciation_vocab_size=20, pronunciation_embed_dim=8,
    hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
)

HEADS = {
    "base": RoCBertModel,
    "pretraining": RoCBertForPreTraining,
    "masked-lm": RoCBertForMaskedLM,
    "causal-lm": RoCBertForCausalLM,
    "sequence-classification": RoCBertForSequenceClassification,
    "multiple-choice": RoCBertForMultipleChoice,
    "token-classification": RoCBertForTokenClassification,
    "question-answering": RoCBertForQuestionAnswering,
}

# model_type "bert" (bert-base-chinese, chinese-roberta-wwm-ext, chinese-macbert-base): the same heads.
BERT_HEADS = {
    "base": BertModel,
    "pretraining": BertForPreTraining,
    "masked-lm": BertForMaskedLM,
    "causal-lm": BertLMHeadModel,
    "sequence-classification": BertForSequenceClassification,
    "multiple-choice": BertForMultipleChoice,
    "token-classification": BertForTokenClassification,
    "question-answering": BertForQuestionAnswering,
}
BERT_BASE = {k: v for k, v in BASE.items() if not k.startswith(("shape_", "pronunciation_"))}


def randomize(model, seed):
    """Every parameter random (not HF's near-zero init), so a swapped or skipped tensor shows."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=g) * 0.3
            p.copy_(1.0 + noise if name.endswith("LayerNorm.weight") else noise)


def ids(g, shape, high):
    return torch.randint(1, high, shape, generator=g)


def encoder_inputs(cfg, g, batch=3, seq=9, pad_rows=True, pairs=True):
    """Inputs as the tokenizer would give them: padded rows, sentence pairs (BERT: no side ids)."""
    x = {"input_ids": ids(g, (batch, seq), cfg.vocab_size)}
    if cfg.model_type == "roc_bert":
        x["input_shape_ids"] = ids(g, (batch, seq), cfg.shape_vocab_size)
        x["input_pronunciation_ids"] = ids(g, (batch, seq), cfg.pronunciation_vocab_size)
    x["attention_mask"] = torch.ones(batch, seq, dtype=torch.long)
    x["token_type_ids"] = torch.zeros(batch, seq, dtype=torch.long)
    if pad_rows:
        for row, length in enumerate([seq, seq - 3, seq - 5][:batch]):
            x["attention_mask"][row, length:] = 0
            for k in ("input_ids", "input_shape_ids", "input_pronunciation_ids"):
                if k in x:
                    x[k][row, length:] = 0
    if pairs:
        x["token_type_ids"][:, seq // 2:] = 1
    return x


def to_json(v):
    if isinstance(v, torch.Tensor):
        return v.tolist()
    if hasattr(v, "to_legacy_cache"):
        return legacy_cache(v)
    return v


def run(model, inputs, with_states=True):
    model.eval()
    with torch.no_grad():
        out = model(**inputs, output_hidden_states=with_states, output_attentions=with_states, return_dict=True)
    exp = {}
    for key in ("loss", "logits", "start_logits", "end_logits", "prediction_logits", "seq_relationship_logits",
                "last_hidden_state", "pooler_output"):
        v = getattr(out, key, None)
        if v is not None:
            exp[key] = v.item() if key == "loss" else v.tolist()
    if with_states:
        exp["hidden_states"] = [h.tolist() for h in out.hidden_states]
        exp["attentions"] = [a.tolist() for a in out.attentions]
        if getattr(out, "cross_attentions", None) is not None:
            exp["cross_attentions"] = [a.tolist() for a in out.cross_attentions]
    cache = getattr(out, "past_key_values", None)
    if cache is not None:
        exp["past_key_values"] = legacy_cache(cache)
    return exp


def legacy_cache(cache):
    """Per layer (self k, self v[, cross k, cross v]), each [batch, heads, length, head_size]."""
    legacy = cache.to_legacy_cache() if hasattr(cache, "to_legacy_cache") else cache
    return [[t.tolist() for t in layer if t is not None] for layer in legacy]


def write_case(name, model, head, inputs, save="safetensors", with_states=True, note=""):
    d = OUT / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    if save == "safetensors":
        model.save_pretrained(d, safe_serialization=True)
    elif save == "bin":
        model.save_pretrained(d, safe_serialization=False)
    elif save == "sharded":
        model.save_pretrained(d, safe_serialization=True, max_shard_size="20KB")
    elif save == "sharded-bin":
        model.save_pretrained(d, safe_serialization=False, max_shard_size="20KB")
    elif save in ("bf16", "fp16"):
        dtype = torch.bfloat16 if save == "bf16" else torch.float16
        model.to(dtype).save_pretrained(d, safe_serialization=True)
        # What the reference computes after loading the half-precision file into float32.
        model = type(model).from_pretrained(d, torch_dtype=torch.float32)
    # Serialised before running: a cache passed in is extended in place by the pass.
    (d / "inputs.json").write_text(json.dumps({k: to_json(v) for k, v in inputs.items()}))
    expected = run(model, inputs, with_states)
    meta = {"head": head, "note": note, "transformers": transformers.__version__, "torch": torch.__version__}
    (d / "expected.json").write_text(json.dumps({"meta": meta, **expected}))
    print(f"{name}: {sorted(p.name for p in d.iterdir())}")


def build(head, seed, bert=False, **overrides):
    """A randomized RoCBert model of `head`, or with bert=True the BERT one."""
    cfg = (BertConfig if bert else RoCBertConfig)(**{**(BERT_BASE if bert else BASE), **overrides})
    torch.manual_seed(seed)
    model = (BERT_HEADS if bert else HEADS)[head](cfg)
    randomize(model, seed)
    return cfg, model


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    g = torch.Generator().manual_seed(1234)

    # Embedding variants × base model (hidden states and attentions of every layer).
    variants = {
        "concat": dict(concat_input=True),
        "concat-no-shape": dict(concat_input=True, enable_shape=False),
        "concat-no-pronunciation": dict(concat_input=True, enable_pronunciation=False),
        "concat-neither": dict(concat_input=True, enable_shape=False, enable_pronunciation=False),
        "average": dict(concat_input=False, shape_embed_dim=24, pronunciation_embed_dim=24),
        "average-no-shape": dict(concat_input=False, enable_shape=False, shape_embed_dim=24, pronunciation_embed_dim=24),
        "average-neither": dict(concat_input=False, enable_shape=False, enable_pronunciation=False,
                                shape_embed_dim=24, pronunciation_embed_dim=24),
        "relative-key": dict(position_embedding_type="relative_key"),
        "relative-key-query": dict(position_embedding_type="relative_key_query"),
        "gelu-new": dict(hidden_act="gelu_new"),
        "relu": dict(hidden_act="relu"),
    }
    for i, (name, over) in enumerate(variants.items()):
        cfg, model = build("base", 100 + i, **over)
        write_case(f"base-{name}", model, "base", encoder_inputs(cfg, g), note=str(over))

    # Averaging path without the side ids: the reference divides by fewer terms.
    cfg, model = build("base", 150, concat_input=False, shape_embed_dim=24, pronunciation_embed_dim=24)
    x = encoder_inputs(cfg, g)
    del x["input_shape_ids"]
    write_case("base-average-missing-shape-ids", model, "base", x)
    # Concatenation path without side ids: they count as id 0. No mask, no token types either.
    cfg, model = build("base", 151)
    x = encoder_inputs(cfg, g)
    for k in ("input_shape_ids", "input_pronunciation_ids", "attention_mask", "token_type_ids"):
        del x[k]
    write_case("base-concat-defaults", model, "base", x)
    # Explicit position ids and a head mask.
    cfg, model = build("base", 152)
    x = encoder_inputs(cfg, g)
    x["position_ids"] = torch.stack([torch.randperm(9, generator=g) for _ in range(3)])
    x["head_mask"] = torch.tensor([[1.0, 0.0, 0.5], [0.25, 1.0, 1.0]])
    write_case("base-position-ids-head-mask", model, "base", x)

    # Storage formats of one model.
    for save in ("bin", "sharded", "sharded-bin", "bf16", "fp16"):
        cfg, model = build("base", 160)
        write_case(f"format-{save}", model, "base", encoder_inputs(cfg, g), save=save, with_states=False)

    # Heads, with and without labels.
    cfg, model = build("masked-lm", 200)
    x = encoder_inputs(cfg, g)
    write_case("masked-lm", model, "masked-lm", dict(x))
    labels = torch.full((3, 9), -100)
    labels[0, 2], labels[1, 4], labels[2, 1], labels[0, 7] = 5, 17, 63, 1
    write_case("masked-lm-labels", model, "masked-lm", {**x, "labels": labels})
    cfg, model = build("masked-lm", 201, tie_word_embeddings=False, hidden_act="gelu_new")
    write_case("masked-lm-untied", model, "masked-lm", {**encoder_inputs(cfg, g), "labels": labels})

    cfg, model = build("pretraining", 210)
    x = encoder_inputs(cfg, g)
    write_case("pretraining", model, "pretraining", dict(x))
    lab = {f"labels_{k}": v.clone() for k, v in x.items()}
    lab["labels_input_ids"][:, 5:] = -100
    write_case("pretraining-mlm-loss", model, "pretraining", {**x, **lab})
    att = {f"attack_{k}": v.clone() for k, v in x.items()}
    att["attack_input_ids"][:, 1] = ids(g, (3,), cfg.vocab_size)
    att["attack_input_shape_ids"][:, 2] = ids(g, (3,), cfg.shape_vocab_size)
    write_case("pretraining-contrastive", model, "pretraining", {**x, **lab, **att})

    for problem, num_labels, lab_fn in (
        ("single", 3, lambda: torch.tensor([2, 0, 1])),
        ("multi", 3, lambda: torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])),
        ("regression", 1, lambda: torch.tensor([0.5, -1.25, 2.0])),
    ):
        cfg, model = build("sequence-classification", 220, num_labels=num_labels)
        x = encoder_inputs(cfg, g)
        if problem == "single":
            write_case("sequence-classification", model, "sequence-classification", dict(x))
        write_case(f"sequence-classification-{problem}", model, "sequence-classification", {**x, "labels": lab_fn()})
    cfg, model = build("sequence-classification", 221, num_labels=2, problem_type="regression")
    write_case("sequence-classification-regression-2", model, "sequence-classification",
               {**encoder_inputs(cfg, g), "labels": torch.tensor([[0.5, 1.0], [-1.0, 0.0], [2.0, 3.0]])})

    cfg, model = build("multiple-choice", 230)
    choices = {k: v.view(2, 3, 6) for k, v in encoder_inputs(cfg, g, batch=6, seq=6, pad_rows=False).items()}
    choices["attention_mask"][1, 2, 4:] = 0
    write_case("multiple-choice", model, "multiple-choice", dict(choices))
    write_case("multiple-choice-labels", model, "multiple-choice", {**choices, "labels": torch.tensor([2, 0])})

    cfg, model = build("token-classification", 240, num_labels=5)
    x = encoder_inputs(cfg, g)
    write_case("token-classification", model, "token-classification", dict(x))
    tl = torch.randint(0, 5, (3, 9), generator=g)
    tl[x["attention_mask"] == 0] = -100
    write_case("token-classification-labels", model, "token-classification", {**x, "labels": tl})

    cfg, model = build("question-answering", 250)
    x = encoder_inputs(cfg, g)
    write_case("question-answering", model, "question-answering", dict(x))
    # 40 lies beyond the sequence: clamped to 9 and ignored; −3 clamps to 0.
    write_case("question-answering-labels", model, "question-answering",
               {**x, "start_positions": torch.tensor([1, 40, -3]), "end_positions": torch.tensor([3, 8, 2])})

    decoder_cases(g)
    bert_cases(torch.Generator().manual_seed(4321))


def bert_cases(g):
    """model_type "bert" (issue 23): every head, both relative position types, safetensors and
    pytorch_model.bin, and the next-sentence head of BertForPreTraining."""
    for i, over in enumerate(({}, dict(position_embedding_type="relative_key"),
                              dict(position_embedding_type="relative_key_query"))):
        cfg, model = build("base", 400 + i, bert=True, **over)
        suffix = "-" + over["position_embedding_type"].replace("_", "-") if over else ""
        write_case(f"bert-base{suffix}", model, "base", encoder_inputs(cfg, g), note=str(over))
    cfg, model = build("base", 403, bert=True)
    write_case("bert-format-bin", model, "base", encoder_inputs(cfg, g), save="bin", with_states=False)

    cfg, model = build("masked-lm", 410, bert=True)
    x = encoder_inputs(cfg, g)
    labels = torch.full((3, 9), -100)
    labels[0, 2], labels[1, 4], labels[2, 1] = 5, 17, 63
    write_case("bert-masked-lm", model, "masked-lm", dict(x))
    write_case("bert-masked-lm-labels", model, "masked-lm", {**x, "labels": labels})

    cfg, model = build("pretraining", 420, bert=True)
    x = encoder_inputs(cfg, g)
    write_case("bert-pretraining", model, "pretraining", dict(x))
    write_case("bert-pretraining-labels", model, "pretraining",
               {**x, "labels": labels, "next_sentence_label": torch.tensor([1, 0, 1])})

    cfg, model = build("causal-lm", 430, bert=True, is_decoder=True, position_embedding_type="relative_key")
    x = encoder_inputs(cfg, g, pairs=False)
    causal = x["input_ids"].clone()
    causal[x["attention_mask"] == 0] = -100
    write_case("bert-causal-lm-labels", model, "causal-lm", {**x, "labels": causal})

    cfg, model = build("sequence-classification", 440, bert=True, num_labels=3)
    x = encoder_inputs(cfg, g)
    write_case("bert-sequence-classification", model, "sequence-classification", dict(x))
    write_case("bert-sequence-classification-labels-bin", model, "sequence-classification",
               {**x, "labels": torch.tensor([2, 0, 1])}, save="bin")

    cfg, model = build("multiple-choice", 450, bert=True, position_embedding_type="relative_key_query")
    choices = {k: v.view(2, 3, 6) for k, v in encoder_inputs(cfg, g, batch=6, seq=6, pad_rows=False).items()}
    choices["attention_mask"][1, 2, 4:] = 0
    write_case("bert-multiple-choice-labels", model, "multiple-choice", {**choices, "labels": torch.tensor([2, 0])})

    cfg, model = build("token-classification", 460, bert=True, num_labels=5)
    x = encoder_inputs(cfg, g)
    tl = torch.randint(0, 5, (3, 9), generator=g)
    tl[x["attention_mask"] == 0] = -100
    write_case("bert-token-classification-labels", model, "token-classification", {**x, "labels": tl})

    cfg, model = build("question-answering", 470, bert=True)
    write_case("bert-question-answering-labels", model, "question-answering",
               {**encoder_inputs(cfg, g), "start_positions": torch.tensor([1, 4, 0]), "end_positions": torch.tensor([3, 8, 2])})


def decoder_cases(g):
    """Decoders (issue 8): causal mask, cross-attention, the causal-LM loss, and a second pass fed the cache."""
    cfg, model = build("base", 300, is_decoder=True)
    write_case("decoder-base-no-cache", model, "base", {**encoder_inputs(cfg, g), "use_cache": False})

    cfg, model = build("causal-lm", 310, is_decoder=True)
    x = encoder_inputs(cfg, g, pairs=False)
    labels = x["input_ids"].clone()
    labels[x["attention_mask"] == 0] = -100
    write_case("causal-lm", model, "causal-lm", dict(x))
    write_case("causal-lm-labels", model, "causal-lm", {**x, "labels": labels})
    # A second pass fed the first pass's cache: two new tokens per row.
    model.eval()
    with torch.no_grad():
        first = model(**x, use_cache=True)
    step = {
        "input_ids": ids(g, (3, 2), cfg.vocab_size),
        "input_shape_ids": ids(g, (3, 2), cfg.shape_vocab_size),
        "input_pronunciation_ids": ids(g, (3, 2), cfg.pronunciation_vocab_size),
        "attention_mask": torch.cat([x["attention_mask"], torch.ones(3, 2, dtype=torch.long)], dim=1),
        "past_key_values": first.past_key_values,
    }
    write_case("causal-lm-second-step", model, "causal-lm", step)

    cfg, model = build("causal-lm", 320, is_decoder=True, add_cross_attention=True)
    x = encoder_inputs(cfg, g, pairs=False)
    x["encoder_hidden_states"] = torch.randn(3, 5, cfg.hidden_size, generator=g)
    x["encoder_attention_mask"] = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 1, 1, 1, 0]])
    labels = x["input_ids"].clone()
    labels[:, :2] = -100
    write_case("causal-lm-cross-attention", model, "causal-lm", {**x, "labels": labels})
    model.eval()
    with torch.no_grad():
        first = model(**x, use_cache=True)
    step = {
        "input_ids": ids(g, (3, 1), cfg.vocab_size),
        "attention_mask": torch.cat([x["attention_mask"], torch.ones(3, 1, dtype=torch.long)], dim=1),
        "encoder_hidden_states": x["encoder_hidden_states"],
        "encoder_attention_mask": x["encoder_attention_mask"],
        "past_key_values": first.past_key_values,
    }
    write_case("causal-lm-cross-attention-second-step", model, "causal-lm", step)

    # Relative positions in a decoder: with a cache the reference puts every query at the last position.
    for use_cache in (True, False):
        cfg, model = build("causal-lm", 330, is_decoder=True, position_embedding_type="relative_key_query")
        x = encoder_inputs(cfg, g, pairs=False)
        write_case(f"causal-lm-relative-cache-{str(use_cache).lower()}", model, "causal-lm", {**x, "use_cache": use_cache})


if __name__ == "__main__":
    main()
