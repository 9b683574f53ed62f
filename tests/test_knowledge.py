"""The knowledge base loads, holds what the spec requires, and rejects bad files by file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import EMBED_DESCRIPTION_MAX, KnowledgeError, load_knowledge
from bot.settings import default_knowledge_dir

TOPICS = [
    "show",
    "premiere",
    "setting",
    "viewership",
    "renewal",
    "release",
    "filming",
    "episodes",
    "cast",
    "recap",
    "plot",
    "director",
    "halfbies",
    "where-to-watch",
    "trailer",
]
CHARACTERS = [
    "on-jo",
    "su-hyeok",
    "hyo-ryeong",
    "dae-su",
    "ha-ri",
    "mi-jin",
    "nam-ra",
    "cheong-san",
    "gwi-nam",
    "wu-jin",
    "lee-byeong-chan",
]
HANGUL = {"nam-ra": "남라", "cheong-san": "청산", "on-jo": "온조", "su-hyeok": "수혁",
          "hyo-ryeong": "효령", "dae-su": "대수", "ha-ri": "하리", "mi-jin": "미진",
          "gwi-nam": "귀남", "wu-jin": "우진", "lee-byeong-chan": "이병찬"}  # fmt: skip


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """Return a writable copy of the shipped knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a knowledge file with `new`."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(directory)
    return info.value.problems


def test_shipped_knowledge_base_is_valid_and_has_every_required_id() -> None:
    """The required topic and character ids exist exactly so."""
    kb = load_knowledge(default_knowledge_dir())
    assert set(TOPICS + CHARACTERS) <= set(kb.entries)
    assert {e.id for e in kb if e.kind == "character"} == set(CHARACTERS)


def test_every_character_has_its_hangul_name_and_romanizations() -> None:
    """Fans find characters by Hangul and by romanization variants."""
    kb = load_knowledge(default_knowledge_dir())
    for entry_id, hangul in HANGUL.items():
        assert hangul in kb[entry_id].aliases, entry_id
    assert {"Namra", "Nam ra"} <= set(kb["nam-ra"].aliases)
    assert {"Cheongsan", "Chung-san"} <= set(kb["cheong-san"].aliases)
    assert "Su-hyuk" in kb["su-hyeok"].aliases


def test_dated_answers_say_they_are_as_of_the_article() -> None:
    """Projections are never presented as current news."""
    kb = load_knowledge(default_knowledge_dir())
    assert kb.meta.date == "2023"
    for entry_id in ("release", "filming", "episodes"):
        assert kb[entry_id].dated
        assert "as of the article (2023)" in kb[entry_id].answer.casefold()


def test_season_one_plot_is_flagged_and_wrapped() -> None:
    """Entries revealing Season 1 plot carry spoiler markup."""
    kb = load_knowledge(default_knowledge_dir())
    for entry_id in ("recap", "cheong-san", "wu-jin"):
        assert kb[entry_id].spoiler
        assert kb[entry_id].answer.count("||") >= 2


def test_actors_are_sourced() -> None:
    """An actor is named only with where that comes from."""
    kb = load_knowledge(default_knowledge_dir())
    assert kb["cheong-san"].actor_source == "common knowledge"
    assert kb["nam-ra"].actor == "Cho Yi-hyun" and kb["nam-ra"].actor_source == "article"


def test_unknown_field_is_named_with_file_and_line(kb_copy: Path) -> None:
    """A mistyped field is reported at its line."""
    path = kb_copy / "topics.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    seasons: [2]\n", "    seasons: [2]\n    colour: red\n", 1))
    line = path.read_text(encoding="utf-8").splitlines().index("    colour: red") + 1
    assert f"{path}:{line}: entry 'renewal': unknown field 'colour'" in _problems(kb_copy)


def test_missing_field_is_an_error(kb_copy: Path) -> None:
    """An entry without an answer is rejected."""
    (kb_copy / "extra.yaml").write_text("entries:\n  - id: oops\n    kind: topic\n    title: x\n")
    problems = _problems(kb_copy)
    assert any("extra.yaml:2:" in p and "missing field 'answer'" in p for p in problems)


def test_duplicate_id_is_an_error(kb_copy: Path) -> None:
    """Two entries cannot share an id."""
    (kb_copy / "extra.yaml").write_text(
        "entries:\n  - id: trailer\n    kind: topic\n    title: t\n    answer: a\n"
        "    section: s\n    keywords: [teaser clip]\n"
    )
    assert any("extra.yaml:2" in p and "duplicate id 'trailer'" in p for p in _problems(kb_copy))


def test_alias_claimed_twice_is_an_error(kb_copy: Path) -> None:
    """One alias cannot lead to two characters, however it is spelled."""
    (kb_copy / "extra.yaml").write_text(
        "entries:\n  - id: someone\n    kind: character\n    title: Someone\n    answer: a\n"
        "    section: s\n    aliases: [NAM RA]\n"
    )
    problems = _problems(kb_copy)
    assert any("extra.yaml:" in p and "'NAM RA'" in p and "'nam-ra'" in p for p in problems)


def test_answer_longer_than_discord_allows_is_an_error(kb_copy: Path) -> None:
    """An answer over the embed description limit is rejected before Discord rejects it."""
    long_answer = "x" * (EMBED_DESCRIPTION_MAX + 1)
    (kb_copy / "extra.yaml").write_text(
        "entries:\n  - id: long\n    kind: topic\n    title: t\n    section: s\n"
        f"    keywords: [long]\n    answer: {long_answer}\n"
    )
    assert any("extra.yaml:7:" in p and "4096" in p for p in _problems(kb_copy))


def test_invalid_yaml_names_its_line(kb_copy: Path) -> None:
    """A syntax error points at the broken line."""
    (kb_copy / "extra.yaml").write_text("entries:\n  - id: a\n    title: [unclosed\n")
    assert any(
        p.startswith(f"{kb_copy / 'extra.yaml'}:") and "invalid YAML" in p
        for p in _problems(kb_copy)
    )


def test_unbalanced_spoiler_markup_is_an_error(kb_copy: Path) -> None:
    """A lone || would leak the rest of a spoiler."""
    path = kb_copy / "topics.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("||The deputy", "The deputy", 1))
    assert any("entry 'recap'" in p and "spoiler" in p for p in _problems(kb_copy))


def test_a_bad_pronoun_or_a_described_topic_is_an_error(kb_copy: Path) -> None:
    """Only a character is described, and "him"/"her" can only mean "he" or "she"."""
    _edit(kb_copy / "characters.yaml", "pronoun: she", "pronoun: it")
    _edit(
        kb_copy / "topics.yaml",
        "  - id: show\n",
        "  - id: show\n    described_as: [the zombie one]\n",
    )
    problems = _problems(kb_copy)
    assert any("characters.yaml:" in p and "pronoun must be one of he, she" in p for p in problems)
    assert any("topics.yaml:" in p and "entry 'show'" in p and "described" in p for p in problems)


@pytest.mark.parametrize("listed", ["keywords: [plot, story,", 'tied_keywords: ["go next",'])
def test_a_keyword_that_is_only_a_season_is_an_error(kb_copy: Path, listed: str) -> None:
    """ "next chapter" reads as Season 2, so as a keyword (tied or not) it would answer every
    mention of it."""
    _edit(kb_copy / "topics.yaml", listed, listed.replace("[", "[next chapter, ", 1))
    problem = "keyword 'next chapter' reads as just 'season2'"
    assert any(
        "topics.yaml:" in p and "entry 'plot'" in p and problem in p for p in _problems(kb_copy)
    )


def test_check_command_exits_non_zero_on_errors(kb_copy: Path, capsys) -> None:
    """`aoad-bot check DIR` prints each problem and fails."""
    from bot.__main__ import main

    assert main(["check", str(kb_copy)]) == 0
    (kb_copy / "extra.yaml").write_text("entries:\n  - id: Bad Id\n")
    assert main(["check", str(kb_copy)]) == 1
    assert "extra.yaml:2:" in capsys.readouterr().err
