"""The visual-confusability score of scripts/build_tables.py: which characters people write for one
another because they look alike, fitted on people's confusions and checked on held-out characters.

People's data is pycorrector's same_stroke.txt (human-confusion.tsv, kind `visual`). Its groups are
mostly families sharing a component (昔 猎 借 错 蜡 惜 腊 鹊 措; 马 驼 驮 驱 驰 妈 吗 骂), turned into
every pair of the group, so a pair of one group may share nothing but the group's theme. It covers
2,506 standard characters and leaves out many near-identical glyphs (日曰, 人入, 候侯 are absent).

Candidates of a character: its glyph neighbours (shape.tsv top 20, either direction), the characters
sharing a top-level component with it (decomposition.tsv or char-similar's component lists), the
characters containing it and its own components. Each candidate pair gets FEATURES; a logistic
regression is fitted on the training characters' pairs (label: people list the pair).

Split: by character, a seeded hash (held_out) puts a fifth of the characters in the held-out part.
Training pairs have both characters in the training part, so no held-out character is seen in
fitting; the held-out figures are over held-out characters' candidates.

Figures, per character of the part that people's data covers, over what the table offers it
(at most K = 20, the attack's default candidate count, and only pairs at or above the threshold):
recall = people's pairs offered / people's pairs; precision = people's pairs offered / pairs offered;
both pooled over the part's characters. Plain python3 (check_tables.py imports held_out and figures).
"""
import hashlib
import math

SPLIT_SEED = "visual-confusability-1"
HELD_OUT_SHARE = 5  # one character in 5
FOLDS = 5
K = 20
COMPONENT_PRIOR_WEIGHT = 20.0
L2 = 1.0
TARGET_PRECISION = 0.5

FEATURES = [
    ("glyph", "glyph cosine (shape.tsv), 0 when not among either char's top 20"),
    ("glyph_missing", "1 when not among either char's top 20 glyph neighbours"),
    ("corner_digits", "Four-Corner digits that agree / 4"),
    ("corner_missing", "1 when either char has no Four-Corner code"),
    ("stroke_diff", "|stroke count difference| / 8, capped at 1"),
    ("stroke_ratio", "|stroke count difference| / the larger count: a stroke more changes 二 more than 镇"),
    ("char_strokes", "stroke count of the char / 12, capped at 1: people's data pairs few simple chars"),
    ("share_first", "same first component (the radical side)"),
    ("share_last", "same last component (usually the phonetic side)"),
    ("contains", "one char is a top-level component of the other (马 in 妈)"),
    ("contains_beside", "one char is a side of the other's left-right layout (妈 = ⿰女马), not one above or across"),
    ("jaccard", "shared / all top-level components"),
    ("rare_shared", "1 / log2(1 + chars having it) for the rarest shared component"),
    ("same_layout", "same top-level layout (IDC, else char-similar's structure class)"),
    ("order_prefix", "common stroke-order prefix / longer stroke order"),
    ("order_suffix", "common stroke-order suffix / longer stroke order"),
    ("order_overlap", "min(prefix + suffix, shorter) / longer: 1 for identical stroke orders"),
    ("same_parts", "the same set of top-level components (未 末)"),
    ("component_rate", "logit of people's pair rate among training pairs sharing the component (out of fold)"),
    ("other_level1", "the candidate is a level-1 standard char (index <= 3500)"),
    ("other_level12", "the candidate is a level-1 or level-2 standard char (index <= 6500)"),
    ("other_logfreq", "log10(1 + jieba frequency of the candidate) / 8"),
]


def _digest(ch: str) -> bytes:
    return hashlib.sha256(f"{SPLIT_SEED}:{ch}".encode("utf-8")).digest()


def held_out(ch: str) -> bool:
    return _digest(ch)[0] % HELD_OUT_SHARE == 0


def fold(ch: str) -> int:
    return _digest(ch)[1] % FOLDS


def figures(offered: dict, people: dict, chars) -> tuple:
    """(recall, precision, hits, offered, people's pairs) of `offered` (char → list, best first) over
    the chars of `chars` that people's data covers, each char's list cut at K."""
    hits = n_offered = n_people = 0
    for c in chars:
        if c not in people:
            continue
        got = offered.get(c, [])[:K]
        hits += len(set(got) & people[c])
        n_offered += len(got)
        n_people += len(people[c])
    return hits / max(n_people, 1), hits / max(n_offered, 1), hits, n_offered, n_people


def _common_prefix(x: str, y: str) -> int:
    n = 0
    for u, v in zip(x, y):
        if u != v:
            break
        n += 1
    return n


class Signals:
    """The per-character inputs of the features."""

    def __init__(self, standard, glyph, strokes, corners, decomposition, parts, orders, structure, rank, freq):
        self.standard = standard
        self.in_standard = set(standard)
        self.glyph, self.strokes, self.corners, self.rank, self.freq = glyph, strokes, corners, rank, freq
        self.parts, self.ends, self.layout, self.top = {}, {}, {}, {}
        for c in standard:
            top = decomposition.get(c, (None, []))
            self.top[c] = set(top[1])
            listed = parts.get(c, [])
            self.parts[c] = set(top[1]) | set(listed)
            ends = set()
            for comps in (top[1], listed):
                if comps:
                    ends |= {("first", comps[0]), ("last", comps[-1])}
            self.ends[c] = ends
            self.layout[c] = top[0] or (f"class {structure[c]}" if c in structure else None)
        self.orders = orders
        self.having = {}
        for c in standard:
            for p in self.parts[c]:
                self.having.setdefault(p, set()).add(c)

    def candidates(self, a: str) -> list:
        found = {b for b in self.glyph.get(a, {}) if b in self.in_standard}
        for p in self.parts[a]:
            found |= self.having[p]
        found |= self.having.get(a, set())
        found |= self.parts[a] & self.in_standard
        found.discard(a)
        return sorted(found)

    def shared(self, a: str, b: str) -> set:
        s = self.parts[a] & self.parts[b]
        if b in self.parts[a]:
            s.add(b)
        if a in self.parts[b]:
            s.add(a)
        return s

    def beside(self, part: str, whole: str) -> bool:
        return self.layout[whole] in ("⿰", "⿲") and part in self.top[whole]

    def features(self, a: str, b: str, component_logit: float) -> list:
        g = self.glyph.get(a, {}).get(b)
        fa, fb = self.corners.get(a), self.corners.get(b)
        agree = sum(x == y for x, y in zip(fa, fb)) if fa and fb else 0
        sa, sb = self.strokes.get(a), self.strokes.get(b)
        diff = abs(sa - sb) if sa and sb else 8
        ratio = diff / max(sa, sb) if sa and sb else 1.0
        ea, eb = self.ends[a], self.ends[b]
        pa, pb = self.parts[a], self.parts[b]
        shared = pa & pb
        union = pa | pb
        rare = max((1 / math.log2(1 + len(self.having.get(p, ())) ) for p in self.shared(a, b)), default=0.0)
        oa, ob = self.orders.get(a, ""), self.orders.get(b, "")
        longer = max(len(oa), len(ob), 1)
        pre = _common_prefix(oa, ob)
        suf = _common_prefix(oa[::-1], ob[::-1])
        return [
            g or 0.0, float(g is None), agree / 4, float(not (fa and fb)), min(diff, 8) / 8, ratio, min(sa or 12, 12) / 12,
            float(any(k == "first" and (k, v) in eb for k, v in ea)),
            float(any(k == "last" and (k, v) in eb for k, v in ea)),
            float(a in pb or b in pa), float(self.beside(a, b) or self.beside(b, a)), len(shared) / len(union) if union else 0.0, rare,
            float(self.layout[a] is not None and self.layout[a] == self.layout[b]),
            pre / longer, suf / longer, (min(pre + suf, len(oa), len(ob)) / longer) if oa and ob else 0.0,
            float(bool(pa) and pa == pb), component_logit,
            float(self.rank[b] <= 3500), float(self.rank[b] <= 6500), math.log10(1 + self.freq.get(b, 0)) / 8,
        ]


def _component_rates(pairs, signals, people, prior):
    """component → (people's pairs + prior weight × prior) / (pairs + prior weight) over `pairs`."""
    pos, n = {}, {}
    for a, b in pairs:
        y = b in people.get(a, ())
        for p in signals.shared(a, b):
            pos[p] = pos.get(p, 0) + y
            n[p] = n.get(p, 0) + 1
    w = COMPONENT_PRIOR_WEIGHT
    return {p: (pos[p] + w * prior) / (n[p] + w) for p in n}


def _logit_of(rates, shared, prior):
    r = max((rates.get(p, prior) for p in shared), default=prior)
    return math.log(r / (1 - r))


def fit(signals: Signals, people: dict) -> dict:
    """Fits the score on the training characters and scores every standard char's candidates.
    Returns the weights, the threshold, the held-out / training figures and char → [(p, b)] best first."""
    import numpy as np

    standard = signals.standard
    cands = {a: signals.candidates(a) for a in standard}
    train_pairs = [(a, b) for a in standard if a in people and not held_out(a)
                   for b in cands[a] if not held_out(b)]
    prior = sum(b in people[a] for a, b in train_pairs) / len(train_pairs)
    # The component rate of a training pair comes from the other folds' pairs (neither char in its
    # fold), so the fit cannot read the pair's own label through it.
    fold_rates = [_component_rates([(a, b) for a, b in train_pairs if fold(a) != f and fold(b) != f],
                                   signals, people, prior) for f in range(FOLDS)]
    rates = _component_rates(train_pairs, signals, people, prior)
    X = np.array([signals.features(a, b, _logit_of(fold_rates[fold(a)], signals.shared(a, b), prior))
                  for a, b in train_pairs])
    y = np.array([float(b in people[a]) for a, b in train_pairs])
    Z = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Z.shape[1])
    for _ in range(100):  # Newton's method on the L2-penalised log-likelihood
        p = 1 / (1 + np.exp(-Z @ w))
        step = np.linalg.solve((Z * (p * (1 - p))[:, None]).T @ Z + L2 * np.eye(len(w)), Z.T @ (p - y) + L2 * w)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    scored = {}
    for a in standard:
        if not cands[a]:
            continue
        F = np.array([signals.features(a, b, _logit_of(rates, signals.shared(a, b), prior)) for b in cands[a]])
        p = 1 / (1 + np.exp(-(w[0] + F @ w[1:])))
        scored[a] = sorted(zip(p.tolist(), cands[a]), key=lambda t: (-t[0], ord(t[1])))
    train_chars = [c for c in standard if not held_out(c)]
    held_chars = [c for c in standard if held_out(c)]

    def offered(threshold):
        return {a: [b for s, b in ranked[:K] if s >= threshold] for a, ranked in scored.items()}

    # The threshold: the lowest (in steps of 0.01) whose training precision reaches the target.
    threshold = next(t / 100 for t in range(1, 100) if figures(offered(t / 100), people, train_chars)[1] >= TARGET_PRECISION)
    return {
        "weights": dict(zip(["bias"] + [n for n, _ in FEATURES], w.tolist())),
        "threshold": threshold,
        "prior": prior,
        "train_pairs": len(train_pairs),
        "held_at_k": figures(offered(0.0), people, held_chars),
        "held": figures(offered(threshold), people, held_chars),
        "train": figures(offered(threshold), people, train_chars),
        "scored": scored,
    }
