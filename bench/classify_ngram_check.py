"""Would a learned model generalize better than the rules? Leave-one-source-out, side by side.

    python -m venv /tmp/sk && /tmp/sk/bin/pip install scikit-learn
    /tmp/sk/bin/python -m bench.classify_ngram_check

scikit-learn is not a dependency of the project (the classifier is rules, see
data/classification/README.md); this check needs it in a separate environment. For every source,
a logistic regression over word 1-2-grams and character 3-5-grams of title and credential is
fitted on the other sources and scored on the one left out, once on the n-grams alone and once
with the rules' track as extra features, next to the rules themselves. It prints lenient
macro-F1 (bench/classify_eval.py) and how often answers given probability >= 0.9 are right.
"""

from __future__ import annotations

from bench.classify_data import Example, load_examples
from bench.classify_eval import CONFIDENT, macro_f1, per_class
from crawler.classification import TRACKS, classify

RULE_WEIGHT = 3.0  # the rules' track as a one-hot feature, scaled like a strong n-gram


def _text(example: Example) -> str:
    return f"{example.listing.title} | {example.listing.credential or ''}".lower()


def _features(examples: list[Example], vectorizers, fit: bool, with_rules: bool):
    from scipy.sparse import csr_matrix, hstack
    texts = [_text(example) for example in examples]
    blocks = [v.fit_transform(texts) if fit else v.transform(texts) for v in vectorizers]
    if with_rules:
        rule = [classify(example.listing).track for example in examples]
        blocks.append(csr_matrix([[RULE_WEIGHT * (track == t) for t in TRACKS] for track in rule]))
    return hstack(blocks).tocsr()


def score(examples: list[Example], source: str, with_rules: bool) -> tuple[float, int, float]:
    """(macro-F1, answers with p >= 0.9, share of them right) for the source left out."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    training = [example for example in examples if example.source != source]
    held_out = [example for example in examples if example.source == source]
    vectorizers = (TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                   sublinear_tf=True))
    model = LogisticRegression(C=10, max_iter=2000, class_weight="balanced").fit(
        _features(training, vectorizers, True, with_rules), [e.track for e in training])
    features = _features(held_out, vectorizers, False, with_rules)
    predicted = list(model.predict(features))
    confidence = model.predict_proba(features).max(axis=1)
    expected = [example.track for example in held_out]
    sure = [want == got for want, got, p in zip(expected, predicted, confidence) if p >= CONFIDENT]
    return (macro_f1(per_class(expected, predicted)), len(sure),
            sum(sure) / len(sure) if sure else 0.0)


def main() -> None:
    examples = load_examples()
    sources = sorted({example.source for example in examples})
    print(f"{'left out':<20}{'rules':>8}{'n-grams':>9}{'p>=0.9 right':>15}"
          f"{'n-grams+rules':>15}{'p>=0.9 right':>15}")
    for source in sources:
        held_out = [example for example in examples if example.source == source]
        rules = macro_f1(per_class([e.track for e in held_out],
                                   [classify(e.listing).track for e in held_out]))
        plain, plain_sure, plain_right = score(examples, source, with_rules=False)
        mixed, mixed_sure, mixed_right = score(examples, source, with_rules=True)
        print(f"{source:<20}{rules:>8.3f}{plain:>9.3f}{plain_right:>9.3f} ({plain_sure:>4})"
              f"{mixed:>15.3f}{mixed_right:>9.3f} ({mixed_sure:>4})")


if __name__ == "__main__":
    main()
