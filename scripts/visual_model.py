"""The visual-confusability score of scripts/build_tables.py: which characters people write for one
another because they look alike, fitted on people's confusions and checked on held-out characters.

People's data is pycorrector's same_stroke.txt (human-confusion.tsv, kind `visual`). Its groups are
mostly families sharing a component (昔 猎 借 错 蜡 惜 腊 鹊 措; 马 驼 驮 驱 驰 妈 吗 骂), turned into
every pair of the group, so a pair of one group may share nothing but the group's theme. It covers
2,506 standard characters and leaves out many near-identical glyphs (日曰, 人入, 候侯 are absent).

Candidates of a character: its glyph neighbours (shape.tsv top 20, either direction), the characters
sharing a top-level component with it (decomposition.tsv or char-similar's component lists), the
characters containing it and its own components. Each candidate pair gets FEATURES, RANK_FEATURES
(where the candidate stands among the char's candidates, since the table offers each char its top K)
and the score of a stage-1 logistic regression on FEATURES with its rank among the char's candidates;
gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, TREES) on all of these give the
score, the probability that people list the pair, fitted on the training characters' pairs.

Split: by character, a seeded hash (held_out) puts a fifth of the characters in the held-out part.
Training pairs have both characters in the training part, so no held-out character is seen in
fitting, threshold or model choice; the held-out figures are over held-out characters' candidates.

Figures, per character of the part that people's data covers, over what the table offers it
(at most K = 20, the attack's default candidate count, and only pairs at or above the threshold):
recall = people's pairs offered / people's pairs; precision = people's pairs offered / pairs offered;
both pooled over the part's characters. Plain python3 (check_tables.py imports held_out and figures);
fit needs numpy, scikit-learn and threadpoolctl (scripts/requirements-stats.txt).

Threshold: the lowest (in steps of 0.005) whose precision of the two tiers together (visual.tsv, then
the fitted pairs) reaches TARGET_PRECISION in 5-fold cross-validation over the training characters
(folds by a second byte of the hash; held-out characters left out of candidates and labels alike).

How the model was chosen, by that cross-validation alone (CV = recall / precision of the two tiers at
the CV threshold for 50 %, in steps of 0.01 but the last row; held-out figures were printed for the
record, not used to choose):
  logistic regression, FEATURES                         CV 65.9 / 50.2   held-out 63.9 / 51.2
  logistic regression, + RANK_FEATURES + stage-1 ranks  CV 68.7 / 50.5   held-out 66.5 / 51.2
  trees, FEATURES                                       CV 71.6 / 50.2   held-out 70.9 / 49.5
  trees, + RANK_FEATURES                                CV 72.8 / 50.5   held-out 71.8 / 49.4
  trees, + RANK_FEATURES + stage-1 ranks                CV 73.2 / 50.2   held-out 72.8 / 50.5
  the same, 63 leaves of at least 100 pairs (TREES)     CV 74.6 / 50.2   held-out 74.6 / 49.5
(other settings: learning rate 0.1, 600 rounds, 15 leaves, 200 pairs a leaf, L2 10: CV 72.5 to 74.5;
a second, per-char threshold relative to the char's best score: at most 1 point of CV recall.) The CV
folds' precision at one threshold spreads by 1.2 to 1.5 points (standard deviation), so the threshold
targets 52 % on CV for the held-out precision to stay at 50 % or above: CV 73.4 / 52.2.
"""
import hashlib
import math

SPLIT_SEED = "visual-confusability-1"
HELD_OUT_SHARE = 5  # one character in 5
FOLDS = 5
K = 20
COMPONENT_PRIOR_WEIGHT = 20.0
L2 = 1.0
# 50 % precision, the aim, plus the spread of the CV folds' precision (see the docstring).
TARGET_PRECISION = 0.52
TREES = dict(max_iter=300, learning_rate=0.05, max_leaf_nodes=63, min_samples_leaf=100, l2_regularization=1.0,
             early_stopping=False, random_state=0)

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

RANK_FEATURES = [
    ("log_candidates", "log of the char's number of candidates"),
    ("log_glyph_rank", "log of the candidate's rank among the char's candidates by glyph cosine"),
    ("glyph_below_best", "glyph cosine minus the best among the char's candidates"),
    ("log_glyph_rank_back", "log of the char's rank among the candidate's glyph neighbours (21 when absent)"),
    ("log_other_candidates", "log(1 + the candidate's number of candidates)"),
    ("log_freq_rank", "log of the candidate's rank among the char's candidates by frequency"),
    ("freq_below_best", "other_logfreq minus the best among the char's candidates"),
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


def _group_rank(values, group, tie):
    """1-based rank of each row's value (highest first) among its char's candidates, ties by code point."""
    import numpy as np

    order = np.lexsort((tie, -values, group))
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values)) - np.searchsorted(group[order], group[order])
    return rank + 1


def _group_max(values, group):
    import numpy as np

    best = np.full(group.max() + 1, -np.inf)
    np.maximum.at(best, group, values)
    return best[group]


def _glyph_rank(signals: Signals, x: str, of: str) -> int:
    """x's rank among `of`'s glyph neighbours (best first, ties by code point); 21 when not among them."""
    near = signals.glyph.get(of, {})
    if x not in near:
        return K + 1
    g = near[x]
    return 1 + sum(1 for z, h in near.items() if h > g or (h == g and ord(z) < ord(x)))


class _Pairs:
    """Every standard char's candidate pairs as arrays: the features that need no label, the pair's
    shared components and its label, the char's fold and part."""

    def __init__(self, signals: Signals, people: dict):
        import numpy as np

        standard = signals.standard
        cands = {a: signals.candidates(a) for a in standard}
        self.a = [a for a in standard for _ in cands[a]]
        self.b = [b for a in standard for b in cands[a]]
        self.starts = {}
        for i, a in enumerate(self.a):
            self.starts.setdefault(a, i)
        self.count = {a: len(cands[a]) for a in standard}
        n = len(self.a)
        self.features = np.array([signals.features(a, b, 0.0) for a, b in zip(self.a, self.b)])
        self.y = np.array([float(b in people.get(a, ())) for a, b in zip(self.a, self.b)])
        self.a_held = np.array([held_out(a) for a in self.a])
        self.b_held = np.array([held_out(b) for b in self.b])
        self.a_fold = np.array([fold(a) for a in self.a])
        self.b_fold = np.array([fold(b) for b in self.b])
        self.a_people = np.array([a in people for a in self.a])
        self.group = np.repeat(np.arange(len(standard)), [len(cands[a]) for a in standard])
        self.b_code = np.array([ord(b) for b in self.b])
        comp_id = {}
        rows, comps = [], []
        for i, (a, b) in enumerate(zip(self.a, self.b)):
            for p in sorted(signals.shared(a, b), key=ord):
                rows.append(i)
                comps.append(comp_id.setdefault(p, len(comp_id)))
        self.comp_rows, self.comp_ids, self.n_comps = np.array(rows), np.array(comps), len(comp_id)
        glyph = self.features[:, 0]
        freq = self.features[:, len(FEATURES) - 1]
        self.ranks = np.column_stack([
            np.log([self.count[a] for a in self.a]),
            np.log(_group_rank(glyph, self.group, self.b_code)),
            glyph - _group_max(glyph, self.group),
            np.log([_glyph_rank(signals, a, b) for a, b in zip(self.a, self.b)]),
            np.log1p([self.count[b] for b in self.b]),
            np.log(_group_rank(freq, self.group, self.b_code)),
            freq - _group_max(freq, self.group),
        ])
        self.n = n

    def component_logit(self, pairs, prior):
        """Each row's logit of the highest people's-pair rate among its shared components, the rates
        counted over the rows of `pairs` (a mask) and shrunk towards `prior`; `prior` when none."""
        import numpy as np

        inside = pairs[self.comp_rows].astype(float)
        positive = np.bincount(self.comp_ids, weights=self.y[self.comp_rows] * inside, minlength=self.n_comps)
        counted = np.bincount(self.comp_ids, weights=inside, minlength=self.n_comps)
        w = COMPONENT_PRIOR_WEIGHT
        rates = (positive + w * prior) / (counted + w)
        best = np.full(self.n, -np.inf)
        np.maximum.at(best, self.comp_rows, rates[self.comp_ids])
        best[np.isinf(best)] = prior
        return np.log(best / (1 - best))

    def design(self, fit_rows, skip_folds=()):
        """The design matrix when fitting on `fit_rows` (a mask of training pairs): FEATURES, with the
        component rate of a fitting row from the other folds' pairs (neither char in the row's fold, nor
        in `skip_folds`) so that the fit cannot read the row's own label through it, and of every other
        row from all of `fit_rows`; RANK_FEATURES; and the
        stage-1 logistic regression (fitted on `fit_rows`) with its rank among the char's candidates.
        Returns (matrix, stage-1 weights)."""
        import numpy as np

        prior = self.y[fit_rows].mean()
        logit = self.component_logit(fit_rows, prior)
        for f in range(FOLDS):
            if f in skip_folds:
                continue
            rows = fit_rows & (self.a_fold == f)
            logit[rows] = self.component_logit(fit_rows & (self.a_fold != f) & (self.b_fold != f), prior)[rows]
        X = self.features.copy()
        X[:, [n for n, _ in FEATURES].index("component_rate")] = logit
        w = _logistic(X[fit_rows], self.y[fit_rows])
        z = w[0] + X @ w[1:]
        stage1 = np.column_stack([np.log(_group_rank(z, self.group, self.b_code)), z - _group_max(z, self.group), z])
        return np.hstack([X, self.ranks, stage1]), w

    def ranked(self, scores, a, allowed=None):
        """a's candidates as [(score, b)], best first (ties by code point), `allowed` (a mask) only."""
        s = self.starts.get(a)
        if s is None:
            return []
        rows = range(s, s + self.count[a])
        if allowed is not None:
            rows = [i for i in rows if allowed[i]]
        return sorted(((float(scores[i]), self.b[i]) for i in rows), key=lambda t: (-t[0], ord(t[1])))


def _logistic(X, y):
    """Newton's method on the L2-penalised log-likelihood; weights with the bias first."""
    import numpy as np

    Z = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Z.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-Z @ w))
        step = np.linalg.solve((Z * (p * (1 - p))[:, None]).T @ Z + L2 * np.eye(len(w)), Z.T @ (p - y) + L2 * w)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def _trees(X, y):
    """The gradient-boosted trees, fitted on one thread so that a rebuild gives the same scores."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        model = HistGradientBoostingClassifier(**TREES).fit(X, y)

    def predict(Z):
        with threadpool_limits(1):
            return model.predict_proba(Z)[:, 1]
    return predict


def slip_pairs(ranked, near, threshold):
    """A char's fitted tier as [(p, b)]: the pairs among its top K at or above the threshold that
    visual.tsv's `near` lacks, as many as fit beside `near` in K. The table and the figures use it."""
    room = max(K - len(near), 0)
    return [(p, b) for p, b in ranked[:K] if p >= threshold and b not in near][:room]


def _slips(ranked, near, threshold):
    """The two-tier list of a char: visual.tsv's `near`, then its fitted tier."""
    return list(near) + [b for _, b in slip_pairs(ranked, near, threshold)]


def fit(signals: Signals, people: dict, near: dict) -> dict:
    """Fits the score on the training characters and scores every standard char's candidates; `near`
    is visual.tsv (char → its near-identical look-alikes), the first tier of the table.
    Returns the stage-1 weights, the threshold, the held-out and cross-validated figures and
    char → [(p, b)] best first."""
    import numpy as np

    standard = signals.standard
    pairs = _Pairs(signals, people)
    train = pairs.a_people & ~pairs.a_held & ~pairs.b_held
    train_chars = [c for c in standard if not held_out(c)]
    held_chars = [c for c in standard if held_out(c)]

    # The threshold comes from cross-validation over the training chars' folds, with held-out chars
    # taken out of the candidates, people's pairs and visual.tsv alike: the trees fit their training
    # pairs closely, so their in-sample precision would set it too low.
    people_train = {a: {b for b in bs if not held_out(b)} for a, bs in people.items() if not held_out(a)}
    people_train = {a: bs for a, bs in people_train.items() if bs}
    near_train = {a: [b for b in bs if not held_out(b)] for a, bs in near.items()}
    cv_scored = {}
    for f in range(FOLDS):
        fit_rows = train & (pairs.a_fold != f) & (pairs.b_fold != f)
        X, _ = pairs.design(fit_rows, skip_folds={f})
        predict = _trees(X[fit_rows], pairs.y[fit_rows])
        rows = pairs.a_people & ~pairs.a_held & (pairs.a_fold == f) & ~pairs.b_held
        p = np.zeros(pairs.n)
        p[rows] = predict(X[rows])
        for a in train_chars:
            if fold(a) == f and a in people_train:
                cv_scored[a] = pairs.ranked(p, a, rows)

    def two_tier(scored, near_lists, threshold):
        return {a: _slips(ranked, near_lists.get(a, []), threshold) for a, ranked in scored.items()}

    steps = [t / 1000 for t in range(5, 1000, 5)]
    threshold = next(t for t in steps
                     if figures(two_tier(cv_scored, near_train, t), people_train, cv_scored)[1] >= TARGET_PRECISION)

    X, weights = pairs.design(train)
    predict = _trees(X[train], pairs.y[train])
    p = predict(X)
    scored = {a: pairs.ranked(p, a) for a in standard if pairs.count[a]}
    alone = {a: [b for s, b in ranked[:K] if s >= threshold] for a, ranked in scored.items()}
    return {
        "weights": dict(zip(["bias"] + [n for n, _ in FEATURES], weights.tolist())),
        "threshold": threshold,
        "train_pairs": int(train.sum()),
        "cv": figures(two_tier(cv_scored, near_train, threshold), people_train, cv_scored),
        "held_at_k": figures({a: [b for _, b in r[:K]] for a, r in scored.items()}, people, held_chars),
        "held": figures(alone, people, held_chars),
        "scored": scored,
    }
