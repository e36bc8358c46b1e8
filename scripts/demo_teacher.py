"""The character n-gram teacher the demo checkpoints may be distilled from (train_demo.py --teacher-weight).

Trained on the training reviews alone: TF-IDF over character 1–3-grams and logistic regression, which on this
data holds out better than a small transformer trained from scratch (86.1% against 83%). Each training review's
soft label comes from the model of the fold that did not see its label (out-of-fold), so the target carries the
teacher's doubt about that review instead of its memory of the label. An attacked copy is given its review's soft
label: the student should answer the same on both, and the teacher's own view of attacked text is the brittle one.
The TF-IDF vocabulary and weights are fitted once on all training texts: they use no labels.
"""
import random

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def out_of_fold_soft_labels(train_rows, label_index, folds=5, seed=13):
    """{review id: [p(label 0), p(label 1)]} from the fold model that did not train on that review."""
    order = list(range(len(train_rows)))
    random.Random(seed).shuffle(order)
    fold_of = {j: k % folds for k, j in enumerate(order)}
    x = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2).fit_transform(
        [r["text"] for r in train_rows])
    labels = [label_index(r["label"]) for r in train_rows]
    soft = {}
    for fold in range(folds):
        seen = [i for i in range(len(train_rows)) if fold_of[i] != fold]
        held = [i for i in range(len(train_rows)) if fold_of[i] == fold]
        model = LogisticRegression(C=10, solver="liblinear").fit(x[seen], [labels[i] for i in seen])
        for i, p in zip(held, model.predict_proba(x[held]).tolist()):
            soft[train_rows[i]["id"]] = p
    return soft
