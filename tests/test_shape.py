"""Question shape: what reads as a question in chat, and what asks outright."""

from __future__ import annotations

import pytest

from bot.knowledge import load_knowledge
from bot.matching import Matcher
from bot.settings import default_knowledge_dir
from bot.shape import QuestionShape
from bot.text import fold


@pytest.fixture(scope="module")
def shape() -> QuestionShape:
    """Return the question-shape tests over the shipped lexicon."""
    return Matcher(load_knowledge(default_knowledge_dir())).shape


@pytest.mark.parametrize(
    "text",
    ["ngl need the new szn asap when is it dropping", "ok so is it out", "namra is she back",
     "wu-jin died in yangdong or hyosan", "filming yet or nah", "시즌2 언제 나와요", "trailer?",
     "mijin made it out didnt she", "hyosan is that a real place in korea",
     "halfbie is that like a real thing in the show",
     "namra jumping off the roof at the end wtf happened there", "ha-ri 😭 alive or 💀"],
)  # fmt: skip
def test_questions_fans_type_have_question_shape(shape: QuestionShape, text: str) -> None:
    """Unpunctuated, small-talk-first, option-offering and Korean questions are questions."""
    assert shape.is_question(fold(text))


def test_an_emoji_ends_a_sentence() -> None:
    """Chat ends sentences with emoji: the question after one starts a sentence of its own."""
    folded = fold("cheongsan deserved better 😭😭 any chance he comes back")
    assert [c.tokens[0] for c in folded.clauses] == ["cheongsan", "any"]


@pytest.mark.parametrize(
    "text",
    [
        "namra is my comfort character",
        "halfbies are so cool",
        "cheongsan deserved better",
        "brb dinner",
        "you guys are honestly the best",
        "the best part is that they survive",
    ],
)
def test_remarks_have_no_question_shape(shape: QuestionShape, text: str) -> None:
    """A name followed by a verb, a prediction or chatter is no question."""
    assert not shape.is_question(fold(text))


@pytest.mark.parametrize(
    ("text", "asks"),
    [("lowkey who directed this", True), ("i wonder who directed it", True),
     ("감독 누구야", True), ("trailer drop when", True), ("the one who plays her is so good", False),
     ("i love when the director does cameos", False), ("mine is 90% ost", False),
     ("s2 trailer out yet", True), ("on-jo in s2 or nah", True), ("good show tho", False),
     ("idk if anyone said it but when does it drop", True), ("out of curiosity who plays onjo", True),
     ("it was good but the ending was sad", False),
     ("s2 gonna be 10 eps again or they making it longer", True)],
)  # fmt: skip
def test_asking_outright(shape: QuestionShape, text: str, asks: bool) -> None:
    """A sentence asks outright when it opens (after small talk, or a lead-in ending in "but")
    asking, or ends asking: a question word, a Korean ending, "yet" or "or nah" (not "tho"); or
    offers two options ("...again or they making it longer")."""
    assert shape.plainly_asks(fold(text)) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [("the part where they go to yangdong", False), ("that scene when namra jumps", False),
     ("where do they go after hyosan", True), ("so where is the school", True),
     ("just needed to share with people who get it", False),
     ("anyone who has seen it, is it good", True)],
)  # fmt: skip
def test_a_question_word_after_a_noun_relates(shape: QuestionShape, text: str, asks: bool) -> None:
    """Choosing the sentence that asks, "the part where..." is a remark; in chat's first
    test it still counts, so a fan who relates and asks in one breath is not missed."""
    assert shape.is_question(fold(text), relatives=False) is asks
    assert shape.is_question(fold(text))
