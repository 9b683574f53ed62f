"""Learn from the knowledge base's example questions which words lead to which entry.

Keywords say what a question is about when fans use the words a keeper foresaw; example
questions (each entry's `phrasings`, and the messages in knowledge/not_ours.yaml) teach the
matcher the words around them: "how much longer do we have to wait for the next chapter" shares no
keyword with the release entry, but most of its words with examples that lead there. A
naive Bayes model over words and word pairs is counted once, when the knowledge base loads,
so keepers teach the bot by adding examples to the YAML, with nothing to train or ship.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

NOT_OURS = ""  # the label of messages no entry answers
EVERYDAY = "(everyday)"  # ...and of everyday questions (knowledge/everyday.yaml)
OURS = "(ours)"  # every fan question, whatever it asks, against the everyday ones
SMOOTHING = 0.1  # additive smoothing of word counts: an unseen pairing is unlikely, not impossible
SHARPNESS = 3.0  # how far apart the averaged log-likelihoods are spread before normalizing


def features(words: Sequence[str]) -> set[str]:
    """Return the words of a message and its adjacent word pairs."""
    return {*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))}


class ExampleModel:
    """A multinomial naive Bayes model over the features of labelled example messages."""

    def __init__(self, examples: Iterable[tuple[Sequence[str], str]]) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for words, label in examples:
            counts[label].update(features(words))
        vocabulary = {f for c in counts.values() for f in c}
        self.vocabulary = frozenset(vocabulary)
        # log P(feature | label), and the log weight of a feature the label never saw.
        self._log: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        for label, c in counts.items():
            total = sum(c.values()) + SMOOTHING * len(vocabulary)
            self._log[label] = {f: math.log((n + SMOOTHING) / total) for f, n in c.items()}
            self._unseen[label] = math.log(SMOOTHING / total)

    def probabilities(self, words: Sequence[str], among: Iterable[str]) -> dict[str, float]:
        """Return P(label | words) over the labels `among` and NOT_OURS (uniform priors);
        empty when no word is known.

        Only the matcher's candidates are weighed, so the cost does not grow with the
        knowledge base. Log-likelihoods are averaged over the known features rather than
        summed, so a long message is no more certain than a short one: naive Bayes otherwise
        grows wildly overconfident as independent-looking evidence piles up.
        """
        known = features(words) & self.vocabulary
        if not known:
            return {}
        labels = {label for label in among if label in self._log}
        if NOT_OURS in self._log:
            labels.add(NOT_OURS)
        logs = {
            label: SHARPNESS
            * sum(self._log[label].get(f, self._unseen[label]) for f in known)
            / len(known)
            for label in labels
        }
        top = max(logs.values(), default=0.0)
        exps = {label: math.exp(v - top) for label, v in logs.items()}
        total = sum(exps.values())
        return {label: e / total for label, e in exps.items()}
