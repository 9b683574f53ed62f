"""The example model: words of example questions point to their entry, chatter to "not ours"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.examples import NOT_OURS, ExampleModel
from bot.knowledge import KnowledgeError, load_knowledge
from bot.matching import Matcher
from bot.settings import default_knowledge_dir

MODEL = ExampleModel(
    [
        (["when", "doe", "it", "drop"], "release"),
        (["how", "much", "longer", "wait"], "release"),
        (["who", "is", "in", "the", "cast"], "cast"),
        (["my", "cast", "itch"], NOT_OURS),
        (["the", "cast", "on", "my", "arm"], NOT_OURS),
    ]
)


def test_words_of_an_example_point_to_its_entry() -> None:
    """A message sharing an example's words leans to that example's entry."""
    p = MODEL.probabilities(["how", "much", "longer", "do", "we", "wait"], ["release", "cast"])
    assert max(p, key=p.__getitem__) == "release"


def test_not_ours_examples_weigh_against_an_entry() -> None:
    """Chatter like the "not ours" examples is more likely not ours than the entry it names."""
    p = MODEL.probabilities(["my", "cast", "on", "my", "arm", "itch"], ["cast"])
    assert p[NOT_OURS] > p["cast"]


def test_only_the_candidates_are_weighed() -> None:
    """Labels the matcher did not propose get no probability, whatever the words."""
    assert set(MODEL.probabilities(["when", "drop"], ["cast"])) == {"cast", NOT_OURS}


def test_unknown_words_give_no_opinion() -> None:
    """Words no example has say nothing either way."""
    assert MODEL.probabilities(["valorant", "ranked", "tonight"], ["release"]) == {}


def test_a_keeper_teaches_the_bot_with_an_example(tmp_path: Path) -> None:
    """Adding a chatter message to not_ours.yaml makes the bot quieter on messages like it."""
    texts = ["is the new banner out yet", "trailer for the new banner out yet?"]
    copy = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), copy)
    before = Matcher(load_knowledge(copy))
    with (copy / "not_ours.yaml").open("a", encoding="utf-8") as f:
        f.write('  - "when does the new banner drop in this gacha game"\n')
        f.write('  - "is the limited banner out yet"\n')
    after = Matcher(load_knowledge(copy))
    for text in texts:
        assert after.analyze(text).doubt > before.analyze(text).doubt


@pytest.mark.parametrize("key", ["not_ours", "everyday"])
def test_example_messages_must_be_a_list_of_messages(tmp_path: Path, key: str) -> None:
    """A malformed list of example messages is named by file and line, like any knowledge
    error."""
    copy = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), copy)
    (copy / "extra.yaml").write_text(f"{key}:\n  chatter: hi\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(copy)
    assert any("extra.yaml:2:" in p and key in p for p in error.value.problems)
