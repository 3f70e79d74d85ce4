"""The classifier's weights are laid out for the per-message product without changing a number."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from bot.nlu.classifier import SafeLogisticRegressionClassifier


def test_same_probabilities_and_no_copy_of_the_weights() -> None:
    rng = np.random.default_rng(7)
    X = sp.random(300, 2000, density=0.01, format="csr", random_state=7)
    y = rng.integers(0, 5, 300)
    clf = LogisticRegression(max_iter=200).fit(X, y)
    before = clf.predict_proba(X[:20])
    holder = SafeLogisticRegressionClassifier.__new__(SafeLogisticRegressionClassifier)
    holder.clf = clf
    assert not clf.coef_.T.flags.c_contiguous
    holder.lay_out_weights()
    assert clf.coef_.T.flags.c_contiguous
    assert np.array_equal(clf.predict_proba(X[:20]), before)
