"""Tell whether a message is shaped like a question, and whether it asks outright.

Shape is the chat gate's first, cheapest test: most chatter stops here, before any fuzzy
work. Fans rarely punctuate ("ngl when is it dropping"), put small talk first ("ok but is it
out"), offer options ("yangdong or hyosan"), and in Korean ask at the end of the sentence
("감독 누구야"); a name with a verb after it is more often a remark ("namra is my comfort
character") than a question.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.text import Folded, is_hangul, jamo, stem

KOREAN_QUESTION_ENDINGS = tuple(
    jamo(e) for e in ("까", "냐", "나요", "니", "나", "어", "요", "음", "지", "죠", "래", "대")
)
# Words that start a statement: pronouns and determiners, never small talk before a question.
SUBJECT_WORDS = {stem(w) for w in (
    "i", "im", "ive", "me", "my", "mine", "we", "us", "our", "you", "your", "ur", "u", "yall", "he",
    "him", "his", "she", "her", "they", "them", "their", "it", "its", "this", "that", "these",
    "those", "there", "here", "the", "a", "an", "everyone", "everybody", "someone", "somebody",
)}  # fmt: skip
# What an opener asks about when it comes later in a sentence ("namra is she back").
ASKED_SUBJECTS = {stem(w) for w in ("they", "it", "she", "he", "there", "we", "you", "season2")}
TRAILING_ENDINGS = {("tho",), ("though",)}  # endings that may end a remark ("good show tho")
LEAD_FILLERS = 3  # small-talk words before a question's first word ("ok but so is it out")
# A subject before an opener states: "it is raining", "we have a trailer".
STATING_SUBJECTS = {
    stem(w) for w in ("i", "mine", "we", "you", "u", "yall", "he", "she", "they", "it")
}
# ...and so does a subject of two words: "you guys are the best", "you all are".
STATING_PAIRS = {(stem("you"), stem("guys")), ("u", stem("guys")), (stem("you"), "all")}
# "Have a nice day", "have an amazing weekend": a wish, though "have" can ask.
WISHES = {(stem("have"), "a"), (stem("have"), "an")}
# Words after which a sentence starts over: "not sure if this was said but how many eps",
# "out of curiosity who directed it".
RESTARTS = {stem(w) for w in ("but", "curious", "curiosity", "wondering")}
THAT_AS = {stem(w) for w in ("a", "an", "like", "real", "true", "right", "the", "actually")}
# "the part where...", "that scene when...": after these and a noun, a question word relates.
RELATIVE_AFTER = {stem(w) for w in ("the", "that", "this")}
# People a question word tells more about: "share with people who get it", "to anyone lurking
# who hasn't watched" relate, they do not ask.
RELATED_PEOPLE = {stem(w) for w in ("people", "anyone", "anybody", "everyone", "those", "fans")}
NEAR_START = 3  # an opener among the first words asks ("whr is the show set")


class QuestionShape:
    """The question-shape tests, over the lexicon's question words, openers and endings."""

    def __init__(
        self,
        stopwords: set[str],
        question_words: set[str],
        openers: set[str],
        endings: Iterable[tuple[str, ...]],
        name_parts: set[str],
        abbreviations: Mapping[str, str],
    ) -> None:
        self.stopwords = stopwords
        self.question_words = question_words
        self.openers = openers
        self.endings = list(endings)
        # "trailer yet", "on-jo in s2 or nah", "아시는 분" ask outright; "tho" may only trail off.
        self.asking_endings = [e for e in self.endings if e not in TRAILING_ENDINGS]
        self.name_parts = name_parts
        self.abbreviations = abbreviations
        self.korean_question_words = tuple(q for q in question_words if is_hangul(q))
        # One-word prefixes, so "starts with an opener" is a set lookup, not a scan.
        self.opener_starts = {(w,) for w in openers}
        self.question_starts = {(w,) for w in question_words}

    def words(self, folded: Folded) -> tuple[str, ...]:
        """Return a folded message's words as the tests compare them: long forms, stems."""
        return tuple(stem(self.abbreviations.get(w, w)) for w in folded.tokens)

    def is_question(self, folded: Folded, relatives: bool = True) -> bool:
        """Tell whether a message is shaped like a question (cheap: no fuzzy work); without
        `relatives`, a question word after a noun ("the part where they go to yangdong")
        relates rather than asks."""
        words = self.words(folded)
        opening = self.opening(words)
        return (
            bool(words)
            and (
                folded.question_mark
                # "is there...", "ok so is it out", "whr is the show set": an opener near the
                # start, unless a name comes first ("namra is my comfort character").
                or any(
                    w in self.openers
                    and not self.name_parts.intersection(words[:i])
                    and not (i and words[i - 1] in STATING_SUBJECTS)
                    and words[max(i - 2, 0) : i] not in STATING_PAIRS
                    and words[i : i + 2] not in WISHES
                    for i, w in enumerate(words[:NEAR_START])
                )
                or (opening[:1] in self.opener_starts and opening[:2] not in WISHES)
                # "namra is she coming back", "... so have they even started filming": an
                # opener before a pronoun, anywhere.
                or any(
                    a in self.openers and b in ASKED_SUBJECTS
                    for a, b in zip(words, words[1:], strict=False)
                )
                # "hyosan is that a real place", "halfbie is that like a real thing": "that"
                # and what it is asked to be (but "the best part is that they live" states).
                or any(
                    a in self.openers and b == "that" and c in THAT_AS
                    for a, b, c in zip(words, words[1:], words[2:], strict=False)
                )
                # Two options offered: "wu-jin died in yangdong or hyosan", "filming yet or nah".
                or "or" in words[1:-1]
                # Fans rarely punctuate: "ngl need the new szn asap when is it dropping".
                or any(
                    (w in self.question_words and (relatives or not self._relates(words, i)))
                    or self.korean_question(w)
                    for i, w in enumerate(words)
                )
                or any(words[-len(end) :] == end for end in self.endings)
            )
        )

    def opening(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """Return `words` from the first that is not small talk ("ok but", "lowkey", "yo so").

        A sentence's subject is no small talk: "mine is 90% ost" and "i love when..." say
        something rather than ask it.
        """
        for start, word in enumerate(words[:LEAD_FILLERS]):
            small_talk = word in self.stopwords and word not in SUBJECT_WORDS
            if not small_talk or word in self.question_words or word in self.openers:
                return words[start:]
        return words[LEAD_FILLERS:]

    def plainly_asks(self, folded: Folded) -> bool:
        """Tell whether a message asks outright: a "?" or a sentence opening with a question
        word ("who plays her", not "the one who plays her is so good")."""
        if folded.question_mark:
            return True
        for clause in folded.clauses or (folded,):
            words = self.words(clause)
            starts = [0, *(i + 1 for i, w in enumerate(words[:-1]) if w in RESTARTS)]
            if any(self._opens_a_question(self.opening(words[i:])) for i in starts):
                return True
            words = self.opening(words)
            # "i wonder who directed it", "u know when it drops": a subject that asks.
            if words[:1] and words[0] in SUBJECT_WORDS and words[1:2] in self.question_starts:
                return True
            # "trailer drop when"; Korean asks at the end of the sentence ("감독 누구야").
            if words and (words[-1] in self.question_words or self.korean_question(words[-1])):
                return True
            if any(words[-len(end) :] == end for end in self.asking_endings):
                return True
            # Two options offered: "eps gonna be 50 min again or they cookin longer ones".
            if "or" in words[1:-1]:
                return True
            # A Korean sentence asks wherever its question word sits ("마지막에 누가 살았죠").
            if words and is_hangul(words[-1]) and any(map(self.korean_question, words)):
                return True
        return False

    def _relates(self, words: tuple[str, ...], i: int) -> bool:
        """Tell whether the question word at `i` follows a noun after "the", "that" or "this"
        ("the part where", "that scene when"), or people ("people who get it"): it relates, it
        does not ask."""
        after_the = i >= 2 and words[i - 2] in RELATIVE_AFTER and words[i - 1] not in self.stopwords
        of_people = words[i] not in RELATED_PEOPLE and bool(
            RELATED_PEOPLE.intersection(words[max(i - 2, 0) : i])
        )
        return after_the or of_people

    def _opens_a_question(self, words: tuple[str, ...]) -> bool:
        """Tell whether words open with a question word or an opener ("how many eps...")."""
        return bool(words) and (words[0] in self.question_words or words[0] in self.openers)

    def korean_question(self, word: str) -> bool:
        """Tell whether a Korean word asks: a question word inside it, or a question ending."""
        if not is_hangul(word):
            return False
        return word.endswith(KOREAN_QUESTION_ENDINGS) or word.startswith(self.korean_question_words)
