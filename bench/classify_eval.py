"""Figures for the classifier on the labelled data, side by side with a naive baseline.

    .venv/bin/python -m bench.classify_eval

Per split (dev: rules were tuned on it; heldout: only measured, data/classification/README.md):
track precision, recall, F1 per class, macro-F1 and the confusion matrix, for the classifier and
for the baseline of four title keyword rules; credential-level and delivery-mode accuracy; the
titles named in issue #3. Then throughput of the full classify() (track, credential, delivery) on
one core. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import re
import time
from collections import Counter

from bench.classify_data import Example, load_examples
from crawler.classification import TRACKS, Classification, Listing, classify

SPLITS = ("dev", "heldout")
_BASELINE_RULES = (
    (re.compile(r"billing|coding|coder", re.I), "billing_coding"),
    (re.compile(r"health information management", re.I), "him"),
    (re.compile(r"health information|medical records", re.I), "hit"),
)


def baseline_track(listing: Listing) -> str:
    """The naive baseline: four title keyword rules, first match wins."""
    return next((track for regex, track in _BASELINE_RULES if regex.search(listing.title)), "other")


def per_class(expected: list[str], predicted: list[str]) -> dict[str, tuple[float, float, float]]:
    """{class: (precision, recall, F1)}; a ratio with nothing to divide by is 0."""
    pairs = Counter(zip(expected, predicted))
    scores = {}
    for track in TRACKS:
        right = pairs[(track, track)]
        called = sum(count for (_, got), count in pairs.items() if got == track)
        actual = sum(count for (want, _), count in pairs.items() if want == track)
        precision = right / called if called else 0.0
        recall = right / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[track] = (precision, recall, f1)
    return scores


def macro_f1(scores: dict[str, tuple[float, float, float]]) -> float:
    return sum(f1 for _, _, f1 in scores.values()) / len(scores)


def confusion_lines(expected: list[str], predicted: list[str]) -> list[str]:
    pairs = Counter(zip(expected, predicted))
    width = max(len(track) for track in TRACKS) + 2
    lines = [" " * width + "".join(f"{track:>{width}}" for track in TRACKS)]
    for want in TRACKS:
        lines.append(f"{want:<{width}}" + "".join(f"{pairs[(want, got)]:>{width}}" for got in TRACKS))
    return lines


def accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(want == got for want, got in pairs) / len(pairs)


def report_split(name: str, examples: list[Example]) -> None:
    results = [classify(example.listing) for example in examples]
    expected = [example.track for example in examples]
    ours = [result.track for result in results]
    naive = [baseline_track(example.listing) for example in examples]
    by_file = Counter(example.source for example in examples)
    print(f"\n=== {name} split: {len(examples)} listings "
          f"({', '.join(f'{count} from {source}' for source, count in sorted(by_file.items()))}) ===")
    print("support: " + ", ".join(f"{track} {expected.count(track)}" for track in TRACKS))
    print_track_scores(expected, ours, naive)
    for label, predicted in (("classifier", ours), ("baseline", naive)):
        print(f"\nconfusion, {label} (rows expected, columns predicted)")
        print("\n".join(confusion_lines(expected, predicted)))
    print_other_figures(examples, results, naive)


def print_track_scores(expected: list[str], ours: list[str], naive: list[str]) -> None:
    ours_scores, naive_scores = per_class(expected, ours), per_class(expected, naive)
    print(f"\n{'track':<16}{'classifier P / R / F1':>26}{'baseline P / R / F1':>26}")
    for track in TRACKS:
        print(f"{track:<16}" + "".join(f"{'%.3f / %.3f / %.3f' % scores[track]:>26}"
                                       for scores in (ours_scores, naive_scores)))
    print(f"{'macro-F1':<16}{macro_f1(ours_scores):>26.3f}{macro_f1(naive_scores):>26.3f}")


def print_other_figures(examples: list[Example], results: list[Classification],
                        naive: list[str]) -> None:
    """Credential and delivery accuracy, hard negatives, issue titles, and the track errors."""
    credential = [(example.credential_level, result.credential_level)
                  for example, result in zip(examples, results)]
    delivery = [(example.delivery_mode, result.delivery_mode)
                for example, result in zip(examples, results)]
    print(f"\ncredential_level accuracy {accuracy(credential):.3f}   "
          f"delivery_mode accuracy {accuracy(delivery):.3f}")
    hard = [result.track for example, result, guess in zip(examples, results, naive)
            if example.track == "other" and guess != "other"]
    print(f"hard negatives (other, though the title has a baseline keyword): "
          f"{hard.count('other')}/{len(hard)} right")
    named = [example.track == result.track for example, result in zip(examples, results)
             if example.origin == "issue"]
    if named:
        print(f"titles named in issue #3: {sum(named)}/{len(named)} tracks right")
    wrong = [(example, result) for example, result in zip(examples, results)
             if example.track != result.track]
    for example, result in wrong[:10]:
        print(f"  wrong: {example.listing.title!r} expected {example.track}, got {result.track} "
              f"({result.track_evidence})")


def listings_per_second(listings: list[Listing], runs: int = 5,
                        seconds: float = 0.5) -> list[float]:
    """Listings classified per second of CPU time (one process, one core), one rate per run."""
    rates = []
    for _ in range(runs):
        done, start = 0, time.process_time()
        while time.process_time() - start < seconds:
            for listing in listings:
                classify(listing)
            done += len(listings)
        rates.append(done / (time.process_time() - start))
    return sorted(rates)


def main() -> None:
    examples = load_examples()
    for split in SPLITS:
        report_split(split, [example for example in examples if example.split == split])
    rates = listings_per_second([example.listing for example in examples])
    # Best run: the one least disturbed by other work on the machine; the median shows the spread.
    print(f"\nthroughput: {rates[-1]:,.0f} listings/s on one core, best of {len(rates)} runs "
          f"(median {rates[len(rates) // 2]:,.0f}); full classify (track, credential, delivery) "
          f"of the {len(examples)} labelled listings, CPU time")


if __name__ == "__main__":
    main()
