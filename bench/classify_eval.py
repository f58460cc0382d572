"""Leave-one-source-out figures for the classifier, side by side with a naive baseline.

    .venv/bin/python -m bench.classify_eval

Every labelled file in data/classification is one source. For each source the classifier is
fitted on all the other sources and scored on the one left out, with the baseline of four title
regexes in the same run. The classifier is a fixed rule set: it learns nothing from the training
sources, so its figure for a source is honest only for a source its rules were not revised after
(data/classification/README.md says which). Per source: track macro-F1 and F1 per
class, credential-level and delivery-mode accuracy (on the rows whose source states them), how
often a confident answer is right, and the errors grouped by what was expected and what was said.
Then throughput of the full classify() on one core. It prints figures; it asserts nothing.

Macro-F1 is lenient: a track that a source neither has nor is given for it is left out of that
source's average (a source of programs with no HIM program cannot score on HIM).
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter, defaultdict
from typing import Callable, NamedTuple

from bench.classify_data import Example, load_examples
from crawler.classification import TRACKS, Classification, Listing, classify

_BASELINE_RULES = (
    (re.compile(r"billing|coding|coder", re.I), "billing_coding"),
    (re.compile(r"health information management", re.I), "him"),
    (re.compile(r"health information|medical records", re.I), "hit"),
)
CONFIDENT = 0.9  # the confidence at or above which answers should be right 97 % of the time
ERRORS_SHOWN = 4  # titles printed per kind of error


def baseline_track(listing: Listing) -> str:
    """The naive baseline: four title keyword rules, first match wins."""
    return next((track for regex, track in _BASELINE_RULES if regex.search(listing.title)), "other")


Classifier = Callable[[Listing], Classification]
# Given the training examples (every source but one), return the classifier to score.
Fit = Callable[[list[Example]], Classifier]


def fit_rules(training: list[Example]) -> Classifier:
    """The classifier as shipped: rules, so the training sources change nothing."""
    return classify


def per_class(expected: list[str], predicted: list[str]) -> dict[str, tuple[float, float, float]]:
    """{class: (precision, recall, F1)} for the tracks present in either list."""
    pairs = Counter(zip(expected, predicted))
    scores = {}
    for track in TRACKS:
        right = pairs[(track, track)]
        called = sum(count for (_, got), count in pairs.items() if got == track)
        actual = sum(count for (want, _), count in pairs.items() if want == track)
        if not called and not actual:
            continue
        precision = right / called if called else 0.0
        recall = right / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[track] = (precision, recall, f1)
    return scores


def macro_f1(scores: dict[str, tuple[float, float, float]]) -> float:
    return sum(f1 for _, _, f1 in scores.values()) / len(scores)


class SourceResult(NamedTuple):
    source: str
    examples: list[Example]
    results: list[Classification]
    naive: list[str]


def leave_one_source_out(examples: list[Example], fit: Fit) -> list[SourceResult]:
    by_source: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_source[example.source].append(example)
    outcome = []
    for source, held_out in by_source.items():
        classifier = fit([example for example in examples if example.source != source])
        outcome.append(SourceResult(source, held_out,
                                    [classifier(example.listing) for example in held_out],
                                    [baseline_track(example.listing) for example in held_out]))
    return outcome


def _accuracy(pairs: list[tuple[str, str]]) -> str:
    labelled = [(want, got) for want, got in pairs if want]
    if not labelled:
        return f"{'-':>14}"
    return f"{sum(w == g for w, g in labelled) / len(labelled):>7.3f} ({len(labelled):>4})"


def print_table(outcome: list[SourceResult]) -> None:
    print(f"{'source':<22}{'rows':>6}{'ours':>6}  {'baseline':>8}{'classifier':>11}  "
          f"{'F1 hit':>7}{'bill/cod':>9}{'him':>7}{'other':>7}  {'credential acc':>14}  "
          f"{'delivery acc':>14}")
    for item in outcome:
        expected = [example.track for example in item.examples]
        ours = [result.track for result in item.results]
        scores, naive_scores = per_class(expected, ours), per_class(expected, item.naive)
        f1s = "".join(f"{scores[t][2]:>{w}.3f}" if t in scores else f"{'-':>{w}}"
                      for t, w in zip(TRACKS, (7, 9, 7, 7)))
        in_tracks = sum(track != "other" for track in expected)
        credential = _accuracy([(e.credential_level, r.credential_level)
                                for e, r in zip(item.examples, item.results)])
        delivery = _accuracy([(e.delivery_mode, r.delivery_mode)
                              for e, r in zip(item.examples, item.results)])
        print(f"{item.source:<22}{len(expected):>6}{in_tracks:>6}  {macro_f1(naive_scores):>8.3f}"
              f"{macro_f1(scores):>11.3f}  {f1s}  {credential}  {delivery}")


CONFIDENCE_BANDS = (0.0, 0.7, 0.8, 0.9, 0.95)


def print_confidence(outcome: list[SourceResult]) -> None:
    """How often the track is right at each confidence, over every left-out listing."""
    pairs = [(result.track_confidence, example.track == result.track)
             for item in outcome for example, result in zip(item.examples, item.results)]
    print("\ntrack confidence   listings   right")
    for low, high in zip(CONFIDENCE_BANDS, CONFIDENCE_BANDS[1:] + (1.01,)):
        band = [right for confidence, right in pairs if low <= confidence < high]
        if band:
            print(f"  [{low:.2f}, {min(high, 1):.2f}{']' if high > 1 else ')'}{len(band):>10,}"
                  f"{sum(band) / len(band):>9.3%}")
    confident = [(example.track == result.track)
                 for item in outcome for example, result in zip(item.examples, item.results)
                 if result.track_confidence >= CONFIDENT]
    total = sum(len(item.examples) for item in outcome)
    right = sum(confident)
    share = right / len(confident) if confident else 0.0
    print(f"\nconfidence >= {CONFIDENT}: {len(confident):,} of {total:,} left-out listings, "
          f"{share:.3%} right ({len(confident) - right} wrong)")
    in_track = [(example.track == result.track)
                for item in outcome for example, result in zip(item.examples, item.results)
                if result.track_confidence >= CONFIDENT and
                (example.track != "other" or result.track != "other")]
    if in_track:
        print(f"  of which naming or being a track: {len(in_track):,}, "
              f"{sum(in_track) / len(in_track):.3%} right")


def print_errors(outcome: list[SourceResult]) -> None:
    errors: dict[tuple[str, str], list[tuple[str, Example, Classification]]] = defaultdict(list)
    for item in outcome:
        for example, result in zip(item.examples, item.results):
            if example.track != result.track:
                errors[(example.track, result.track)].append((item.source, example, result))
    print("\ntrack errors by kind (expected -> given), left-out sources:")
    for (want, got), cases in sorted(errors.items(), key=lambda kv: -len(kv[1])):
        print(f"  {want} -> {got}: {len(cases)}")
        for source, example, result in cases[:ERRORS_SHOWN]:
            print(f"      [{source}] {example.listing.title[:70]!r} ({result.track_evidence[:90]})")


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
    outcome = leave_one_source_out(examples, fit_rules)
    print(f"leave-one-source-out, {len(examples):,} labelled listings "
          f"(ours = rows in our three tracks; accuracies with the number of labelled rows)\n")
    print_table(outcome)
    print_confidence(outcome)
    print_errors(outcome)
    rates = listings_per_second([example.listing for example in examples])
    print(f"\nthroughput: {statistics.median(rates):,.0f} listings/s on one core, median of "
          f"{len(rates)} runs (best {rates[-1]:,.0f}); full classify() of the {len(examples):,} "
          f"labelled listings, CPU time")


if __name__ == "__main__":
    main()
