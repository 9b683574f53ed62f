"""Matching: fans' wording leads to the right entry, and chatter and other shows get silence."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge import load_knowledge
from bot.matching import Matcher
from bot.settings import default_knowledge_dir
from bot.text import fold


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """Return a matcher over the shipped knowledge base."""
    return Matcher(load_knowledge(default_knowledge_dir()))


def chat(matcher: Matcher, text: str) -> str | None:
    """Return the entry id the chat policy answers with, or None for silence."""
    match = matcher.match(text, "chat")
    return match.entry.id if match else None


def ask(matcher: Matcher, text: str) -> str | None:
    """Return the entry id /ask answers with, or None for "the article doesn't say"."""
    match = matcher.match(text, "ask")
    return match.entry.id if match else None


@pytest.mark.parametrize(
    ("text", "season"),
    [("szn 2 when", "season2"), ("S2?", "season2"), ("the second season", "season2"),
     ("season two", "season2"), ("시즌2 언제", "season2"), ("2nd season", "season2"),
     ("season 1 ending", "season1"), ("season 4", "season4"), ("시즌투 언제", "season2"),
     ("지우학2 언제 나와", "season2"), ("wen is seasin 2 comming", "season2"),
     ("sesson two trailer", "season2"), ("la segunda temporada", "season2"),
     ("when does the next season drop", "season2"), ("new szn when", "season2"),
     ("the next batch of episodes", "season2"), ("when did the first batch drop", "season1"),
     ("wen the nxt seasn arives", "season2"), ("a second go-round", "season2"),
     ("la primera temporada", "season1"), ("la nueva temporada", "season2"),
     ("a próxima temporada", "season2"), ("is the sequel out yet", "season2"),
     ("the secon season", "season2"), ("frist season ending", "season1")],
)  # fmt: skip
def test_fold_writes_every_spelling_of_a_season_alike(text: str, season: str) -> None:
    """Fans' many ways to say "season 2" become one token."""
    assert season in fold(text).tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [("감독 누구야", "director"), ("배경이 어디야", "setting"), ("처음 한 달 동안 몇 시간 봤대?", "viewership"),
     ("촬영 들어갔는지 아시는 분", "filming"), ("마지막에 누구누구 살아남았죠", "recap"),
     ("러닝타임 얼마나 될까요 시즌2는", "episodes")],
)  # fmt: skip
def test_korean_asks_at_the_end_of_the_sentence(matcher: Matcher, text: str, expected: str) -> None:
    """A Korean question ends in its question word or ending, and is asked outright."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("할머니가 시즌2 언제 나오냐고 물어보셔 ㅋㅋ", "release"), ("약한영웅 시즌2 언제 나와", None)],
)  # fmt: skip
def test_a_korean_subject_before_the_season_is_no_title(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """Grandma (할머니가, marked as the subject) asking when season 2 comes out names no other
    show; a bare unknown word before the season still does (Weak Hero)."""
    assert chat(matcher, text) == expected


def test_a_word_one_letter_from_season_is_no_season() -> None:
    """ "for reason 2" is no typo for "season 2": a typo keeps the first letter."""
    assert "season2" not in fold("for reason 2 i left early").tokens


def test_a_date_after_the_korean_title_is_no_season() -> None:
    """ "지우학 1월 28일" is January 28th, not season 1."""
    assert "season1" not in fold("지우학 1월 28일에 나왔지").tokens


def test_a_hashtag_keeps_its_mark() -> None:
    """ "#alive" is a film's title, not the word "alive"; a lone or trailing "#" is dropped."""
    assert fold("is #alive on netflix? c# ##").tokens == ("is", "#alive", "on", "netflix", "c")


def test_fold_drops_mentions_emoji_and_links() -> None:
    """Discord markup never reaches the matcher."""
    folded = fold("<@123> @everyone when is s2 😭😭 https://x.y/z <:pog:42>")
    assert folded.tokens == ("when", "is", "season2")
    assert fold("@mod what did the jump at the end mean").tokens[:2] == ("what", "did")


def test_fold_marks_the_lines_a_reply_quotes() -> None:
    """Discord quotes a line with "> "; the reply after it is the writer's own."""
    folded = fold("> s2 when\nnever at this rate")
    assert folded.said == 1
    assert folded.reply.tokens == ("never", "at", "this", "rate")
    assert not folded.reply.question_mark


def test_fold_reads_when_d_as_when_did() -> None:
    """ "When'd it drop" asks when it did, not when it will."""
    assert fold("when'd it drop again").tokens == ("when", "did", "it", "drop", "again")


def test_fold_reads_the_new_episodes_as_season_2s() -> None:
    """ "The new ones" and "new eps" are the next season's episodes, whatever season the
    sentence before compared them with."""
    assert fold("are the new ones gonna be that long").tokens[2:4] == ("season2", "ones")
    assert fold("how many new eps").tokens == ("how", "many", "season2", "eps")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("when does season 2 come out?", "release"), ("is there a trailer yet", "trailer"),
     ("yo is the show actually good or mid", "show"), ("지금 우리 학교 재밌어요?", "show"),
     ("tell me about on-jo", "on-jo"), ("someone link the season 1 trailer", "trailer"),
     ("how many episodes will s2 have", "episodes"), ("where can i stream all of us are dead", "where-to-watch"),
     ("has aouad been renewed", "renewal"), ("who directed all of us are dead", "director"),
     ("will the new eps run as long as the first batch? how many will there be", "episodes")],
)  # fmt: skip
def test_plain_questions_are_answered_in_chat(matcher: Matcher, text: str, expected: str) -> None:
    """Ordinary fan questions get their entry."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("wen is szn 2 relese", "release"), ("any s2 trailor??", "trailer"),
     ("how many episdoes in season 2", "episodes")],
)  # fmt: skip
def test_typos_and_slang_are_understood(matcher: Matcher, text: str, expected: str) -> None:
    """Misspelled keywords are read as the word meant."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("who plays namra", "nam-ra"), ("is chungsan alive", "cheong-san"),
     ("who is 온조", "on-jo"), ("who does lomon play", "su-hyeok"), ("남라 누구야?", "nam-ra"),
     ("who plays #namra", "nam-ra"), ("mee jin who is she again", "mi-jin"),
     ("is ha ree in season 2?", "ha-ri")],
)  # fmt: skip
def test_characters_by_any_name(matcher: Matcher, text: str, expected: str) -> None:
    """Romanizations (even "ee" for "i"), Hangul and actor names lead to the character."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("kailan lalabas ang season 2", "release"), ("quando sai a segunda temporada?", "release"),
     ("trailer s2 udah keluar belum", "trailer"), ("sino ang gumanap kay namra", "nam-ra"),
     ("cuándo sale la segunda temporada de elite", None), ("kapan makan siang", None),
     ("cuándo sale la nueva temporada de all of us are dead??", "release"),
     ("cuándo sale la nueva temporada de elite", None),
     ("gais s2 kapan??", "release"), ("sino director nito", "director"),
     ("dónde puedo ver all of us are dead en español", "where-to-watch"),
     ("dónde puedo ver la casa de papel", None),
     ("hola, cuando sale la temporada 2?", "release"),
     ("cuándo sale la temporada 2 de el juego del calamar", None),
     ("resumen de la temporada 1 pls, short", "recap"),
     ("how much chapters will have the season 2?", "episodes"),
     ("they already begin to record the season 2?", "filming"),
     ("a segunda temporada vai ter quantos episódios?", "episodes"),
     ("when will be the second season?", "release"),
     ("the new season will be in netflix too?", "where-to-watch"),
     ("aoad vai ter segunda temporada?", "renewal"),
     ("en que ciudad pasa all of us are dead?", "setting")],
)  # fmt: skip
def test_international_fans_mixing_their_languages(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """Filipino, Indonesian, Spanish and Portuguese question words, particles and 'temporada'
    are understood, and another show's season is still not ours."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("the vampire one on viki, when does season 2 drop", None),
     ("that kdrama hulu just put out, who's in the cast?", None),
     ("is it on disney plus or only netflix", "where-to-watch"),
     ("aoad rode the kdrama wave after squid game. how many hours did it rack up in its first"
      " month?", "viewership")],
)  # fmt: skip
def test_another_streaming_service_is_another_show(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """The show streams only on Netflix: what drops on another service is another show, but a
    fan may still ask whether ours is there. A "wave" is no Wavve."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("was yoon chan-young in the announcement video", "renewal"),
     ("did cho yi-hyun show up in the geeked week video", "renewal"),
     ("is park ji-hu coming back", "on-jo"), ("who does lomon play", "su-hyeok"),
     ("loved the netflix announcement video, so cute. was lomon in it?", "renewal"),
     ("which actors were in the s2 announcement video? was lomon there", "renewal"),
     ("lomon was so good. is he in s2? i saw him in it", "su-hyeok")],
)  # fmt: skip
def test_an_actor_in_a_topic_that_names_the_actor(
    matcher: Matcher, text: str, expected: str
) -> None:
    """The renewal video is the article's word on the actors themselves: asked whether an
    actor was in it, the bot answers about the video; asked about the part, about the part."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("who plays the class president", "nam-ra"), ("wait so is the bully guy back or not", "gwi-nam"),
     ("the bully who bit cheongsan, whats his name", "gwi-nam"),
     ("loved su-hyeok's scenes with the class president. is he in season 2?", "su-hyeok"),
     ("loved su-hyeok's scenes with the class president. who plays her?", "nam-ra"),
     ("wait which one was mi-jin again i genuinely forgot she existed", "mi-jin"),
     ("hyoryeong from aoad, whos the actress", "hyo-ryeong"),
     ("who plays the main girl in extraordinary attorney woo", None),
     ("the young lad and the bully went down the lift shaft. any chance he survived?", "cheong-san"),
     ("cheong-san fell down the shaft with gwi-nam right? is he coming back?", "cheong-san"),
     ("who's the guy that started the infection", "lee-byeong-chan")],
)  # fmt: skip
def test_characters_described_instead_of_named(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """Fans describe the one whose name they forgot; "he" or "she" says which of two is meant;
    another show has its own main girl."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    ["when does sweet home season 3 come out", "the cast of stranger things is so good",
     "my cast comes off on friday", "new patch release notes are up", "hi everyone!",
     "when is the dune trailer coming", "i'm dead lol", "whats the release date for gta 6",
     "약한영웅 시즌2 출연진 누구야", "when is the bot update releasing, the music bot is broken",
     "how long do u have to wear a cast for a broken wrist", "롤 패치 언제 나옴",
     "who's in the cast of #alive", "my arm cast comes off next week, how long did yours take to heal",
     "anyone else cramming for finals rn", "달빛소년 감독 누구예요",
     "is moving getting a season 2 on disney plus", "who made the server icon?",
     "yall are way too mean to gwi-nam", "whos everyones fav character, mine is dae-su",
     "what would your halfbie name be", "who else is rewatching while waiting for s2",
     "anyone up for a watch party of s1 tonight?", "who else cried at the end 😭",
     "what's the korean herald saying about the election?", "is 60 min enough for the exam?",
     "did the army really do that in the news?", "what's on tv", "my dryer is not turning, help?",
     "is that new cafe worth a try?", "i missed the meeting, can someone tell me what happened?",
     "taylor's new album, when is it out?", "my cat got out, will she return on her own?"],
)  # fmt: skip
def test_chatter_and_other_shows_get_silence(matcher: Matcher, text: str) -> None:
    """Words shared with entries do not make chatter a question about the show."""
    assert chat(matcher, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("train to busan got a sequel faster than this lol. when does s2 come out?", "release"),
     ("kingdom only had 6 a season. how many episodes will s2 have?", "episodes"),
     ("happiness the kdrama, how many episodes is it", None),
     ("showing the show to my dad, he loves train to busan. who directed it?", "director"),
     ("my mate says it was bigger than squid game. how many hours did people watch it?", "viewership"),
     ("i loved squid game. will there be a season 3?", None),
     ("finished mask girl last night. does it get a season 2?", None),
     ("the last of us finale wrecked me. when does the next season of that come out?", None),
     ("kingdom has the best costumes, aoad has the best cast. are they all coming back for s2?",
      "cast"),
     ("the walking dead has the best cast", None),
     ("sweet home s3 was mid. which netflix event announced aoad s2?", "renewal"),
     ("what's the director's name again? i keep mixing him up with the train to busan guy",
      "director"),
     ("the show is so similar to the last of us. how many episodes are there", "episodes"),
     ("it reminds me of train to busan. who directed it?", "director"),
     ("who directed happiness? i keep mixing it up with sweet home", None)],
)  # fmt: skip
def test_another_show_in_a_remark_is_a_comparison(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """Fans compare: another show named in a remark, beside a question tied to ours, is not
    what is asked; a question that only says "it" asks about the show just named."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("where can i watch the match tonight", None), ("where can i watch it", "where-to-watch"),
     ("rewatched season 1 for the third time. who from the cast is coming back?", "cast"),
     ("if s2 moved to disney plus where would i watch it", "where-to-watch"),
     ("will s2 episodes be long like movies", "episodes"), ("is the movie out yet", None),
     ("who directed the dark knight", None), ("who directed this masterpiece", "director"),
     ("which streaming service carries it", "where-to-watch")],
)  # fmt: skip
def test_an_unknown_object_of_an_untied_question_is_something_else(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """With no tie to the show, a word we cannot place after the keyword names what is asked."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("how long do u microwave ramen", None), ("how long do the s2 eps run", "episodes"),
     ("햄버거 새 메뉴 언제 출시됨?", None), ("지우학 시즌2 언제 출시됨?", "release"),
     ("하이브리드 차 연비 진짜 좋아요?", None)],
)  # fmt: skip
def test_an_everyday_question_with_no_tie_to_the_show_stays_unanswered(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """A question that reads like everyone's everyday questions (knowledge/everyday.yaml), and
    names nothing of the show, is not a fan's, though it holds a keyword ("how long",
    "출시", "hybrid")."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("mcdonalds removed the snack wrap, will they ever bring it back?", None),
     ("aoad was so good, will they ever bring it back?", "renewal"),
     ("is that new cafe worth a try?", None), ("is aoad worth a try?", "show"),
     ("is it on google maps?", None), ("is hyosan on google maps?", "setting"),
     ("how many installments will the new tax plan have?", None),
     ("how many installments does s2 have?", "episodes"),
     ("what's the exact date of the chem exam?", None),
     ("what was the exact date they gave for s2 at tudum", "release"),
     ("aoad s2 premiere day, did netflix say it yet", "release"),
     ("should i bother going to the gym today?", None),
     ("should i bother starting aoad? is it watchable", "show"),
     ("did my manager sign off on the budget?", None),
     ("did netflix sign off on aoad s2?", "renewal")],
)  # fmt: skip
def test_an_everyday_phrase_asks_about_the_show_only_when_tied_to_it(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """A tied keyword ("bring it back", "worth a try") says what is asked only in a message
    that names the show, a character or a place of its story."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    ["will there be a season 3", "how many episodes did season 1 have",
     "where was all of us are dead filmed", "who plays gwi-nam", "what else has lomon been in",
     "will s2 drop weekly or all at once", "is yoon chan-young doing military service",
     "whats the exact release date in 2025", "does su-hyeok end up dating nam-ra",
     "is there an english dub", "are lomon and park ji-hu really dating",
     "who even plays gwi-nam", "who played the teacher that made the virus", "is lomon dating park ji-hu",
     "will season 2 be the final season or are they planning more",
     "where did they film it? like which school was it", "what hour does s2 drop, midnight?",
     "what's the name of the zombie virus", "is it streaming in 4k", "what's gwi-nam's surname",
     "quién canta la canción del final de all of us are dead",
     "my friend said there's a comic version and the ending is totally different, is that true",
     "does lomon have a twitter account", "what music plays at the end of ep 12",
     "how much did the actors get paid"],
)  # fmt: skip
def test_questions_the_article_does_not_answer(matcher: Matcher, text: str) -> None:
    """Unanswerable questions get silence in chat and "doesn't say" under /ask."""
    assert chat(matcher, text) is None
    assert ask(matcher, text) is None


def test_ask_answers_without_question_shape(matcher: Matcher) -> None:
    """/ask was asked for, so a remark is enough; chat needs a question."""
    remark = "i keep rewatching the season 1 trailer lol"
    assert chat(matcher, remark) is None
    assert ask(matcher, remark) == "trailer"


def test_short_query_counts_as_a_question(matcher: Matcher) -> None:
    """Fans type search-style queries ("s2 trailer"); short and fully understood, they ask."""
    assert chat(matcher, "s2 trailer") == "trailer"
    assert chat(matcher, "dae soo actor") == "dae-su"
    assert chat(matcher, "park ji hu role in aoad") == "on-jo"  # a name is one word
    assert chat(matcher, "all of us are dead 2 episode count") == "episodes"  # so is the show's


@pytest.mark.parametrize(
    "text",
    [
        "namra!!!",
        "i love namra",
        "lomon",
        "namra so pretty",
        "남라 최애임",
        "im a halfbie before coffee",
    ],
)
def test_a_name_alone_or_with_feelings_is_not_a_question(matcher: Matcher, text: str) -> None:
    """Fans say names all the time; only a name that is asked about gets an answer."""
    assert chat(matcher, text) is None
    assert chat(matcher, "namra?") == "nam-ra"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("i wonder who directed it", "director"), ("ok so who directed it", "director"),
     ("i love when the director does cameos", None), ("mine is 90% ost, spotify wrapped is out!!", None)],
)  # fmt: skip
def test_a_subject_starts_a_statement_not_small_talk(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """Small talk before a question word still asks; a sentence's subject says something."""
    assert chat(matcher, text) == expected


def test_statement_in_chat_is_not_answered(matcher: Matcher) -> None:
    """A fan saying something is not asking something."""
    assert chat(matcher, "season 2 is going to be amazing") is None


def test_scores_are_bounded_for_any_input(matcher: Matcher) -> None:
    """Odd input never breaks the contract: a score in 0-100 or None."""
    for text in ["", "?", "😭" * 500, "a" * 5000, "Z̷̢͉a̵l̸g̶o̷?", "```when is s2```", "\x00\n\t"]:
        for policy in ("chat", "ask"):
            result = matcher.match(text, policy)
            assert result is None or 0 <= result.score <= 100


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=3000))
def test_any_text_keeps_the_contract(matcher: Matcher, text: str) -> None:
    """Arbitrary text never raises: the result is None or a known entry with a 0-100 score."""
    for policy in ("chat", "ask"):
        result = matcher.match(text, policy)
        assert result is None or (
            result.entry.id in matcher.kb.entries and 0 <= result.score <= 100
        )
    assert len(matcher.suggest(matcher.analyze(text))) <= 3


@pytest.mark.parametrize(
    "text",
    ["have you guys seen 'Black Summer'? when does season 2 come out",
     "is \"Unlocked\" on netflix or prime",
     "when is the new galaxy phone coming out",
     "Have a great weekend everyone, rewatching the zombie show tonight",
     "it is so cold here, perfect weather to watch the zombie show again",
     "who made the nam-ra fanart in the art channel?",
     "does lomon have a new drama coming? what's it called"],
)  # fmt: skip
def test_other_things_named_in_passing_get_silence(matcher: Matcher, text: str) -> None:
    """A quoted title, 'the new' something we don't know, wishes and statements, fan art, and
    the actors' next work are not questions this bot answers."""
    assert chat(matcher, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("who bit cheong san in the end", "gwi-nam"),
     ("is the core cast returning for the forthcoming season", "cast"),
     ("are they moving it to another platform for s2", "where-to-watch"),
     ("did they greenlight a second instalment", "renewal"),
     ("in which town does the story unfold?", "setting"),
     ("who started the whole virus thing", "lee-byeong-chan"),
     ("is hyosan an actual place you can visit or did they make it up", "setting"),
     ("when can i finally watch the new part", "release"),
     ("when did they say yes to a part 2", "renewal"),
     ("is this the korean one with the undead kids at school", "show"),
     ("s1 ending confused me, where do they end up after they leave yangdong", "recap"),
     ("was there an official announcement for the second season and when was it?", "renewal"),
     ("my gf keeps telling me to watch it. what even is it, like is it a movie or a series",
      "show"),
     ("have the cameras started rolling on the new one", "filming"),
     ("what service is it on, the new season will be same place?", "where-to-watch"),
     ("i thought it was dead. then my friend said its coming back?? was there ever an actual"
      " announcement or is she making it up", "renewal"),
     ("the girl who jumped off the roof at the very end, who plays her", "nam-ra"),
     ("the ending jumps forward a few months, how much time passed exactly?", "recap"),
     ("someone on twitter said s2 comes mid 2024, is that real?", "release"),
     ("which of the students are expected to be back next time?", "cast"),
     ("who is the mastermind behind all of us are dead", "director"),
     ("has s2 been pushed back?", "release"), ("any tv spot for s2 yet", "trailer"),
     ("did they start the table read for s2", "filming"),
     ("any aoad s2 stills yet", "trailer"), ("was aoad early 2022 or late 2021", "premiere"),
     ("whens it out, aoad s2", "release"), ("which kid died at the library in aoad", "recap"),
     ("the zombie school show is so good, where's it streaming tho", "where-to-watch"),
     ("my tv has like 5 apps and i have no idea where it's streaming. which one is it on",
      "where-to-watch")],
)  # fmt: skip
def test_fans_own_words_find_the_entry(matcher: Matcher, text: str, expected: str) -> None:
    """Descriptions, Season 2 by other names, and verbs that are also titles ('Moving')."""
    assert chat(matcher, text) == expected


def test_a_misspelled_name_holds_no_stopword(matcher: Matcher) -> None:
    """'a lot on' is one edit from 'lomon' when joined, but names nobody."""
    assert not matcher.analyze("it was a lot on a school night").entities


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ha Seung-ri confirmed for s2 or just rumor", "ha-ri"), ("is namra confirmed?", "nam-ra"),
     ("is hari in s2?? please say yes", "ha-ri")],
)  # fmt: skip
def test_a_named_person_confirmed_is_asked_about_not_the_renewal(
    matcher: Matcher, text: str, expected: str
) -> None:
    """The example questions re-rank entries, but never lift a topic that does not speak of
    the person named over that person's own entry."""
    assert chat(matcher, text) == expected


def test_a_fully_understood_question_need_not_ask_outright(matcher: Matcher) -> None:
    """With no tie to the show, a question that does not open with a question word or end in
    "?" is still answered when every word is understood and the examples say it is ours."""
    assert chat(matcher, "trailer out yet or we still waiting") == "trailer"
    assert chat(matcher, "trailer for the new marvel movie out yet or we still waiting") is None


def test_a_new_one_is_the_thing_named_before(matcher: Matcher) -> None:
    """ "An official one" asks about what an earlier sentence named, here a trailer; "the new
    one" is the new season."""
    text = "someone posted a fake trailer for s2 on tiktok, just s1 clips. is there an official one out yet?"
    assert chat(matcher, text) == "trailer"
    # ...however far back, past a remark that names something else ("like s1 clips").
    text = (
        "saw a 'season 2 trailer' for aoad but it looked fan made, like s1 clips with music over"
        " them. is there an actual official one out?"
    )
    assert chat(matcher, text) == "trailer"
    # The music over a fan-made trailer is no question about the show's music.
    text = "saw a 'season 2 trailer' on youtube, just s1 clips with dramatic music. is there a real one out?"
    assert chat(matcher, text) == "trailer"


def test_a_question_read_alone_when_the_sentence_before_says_less(matcher: Matcher) -> None:
    """A question is read with the sentence before it only if that says more: "the person who
    made it" names nobody ("who made it" is as often "who made it out alive"), so "who was
    behind aoad" is read on its own, and asks for the director."""
    text = "i loved the camera work. i want to see more from the person who made it. who was behind aoad?"
    assert chat(matcher, text) == "director"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("the one with the bakery couple, when is season 2 out", None),
     ("that spanish heist show with the masks, who directed it?", None),
     ("the one where the whole school turns into zombies, when is season 2 out", "release"),
     ("where can i stream the one with the zombie classrooms", "where-to-watch"),
     ("the one with nam-ra on the roof, is there a trailer yet?", "trailer"),
     ("the anime where the high school gets overrun by zombies, is it on netflix", None),
     ("that movie with the zombies at the high school, is it worth watching", None),
     ("the show where the high school gets overrun by zombies, is it on netflix",
      "where-to-watch")],
)  # fmt: skip
def test_a_show_described_by_nothing_of_our_story_is_another(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """Fans describe the show whose name they forgot; only our story's words make it ours,
    and never when they call it a film or an anime."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("who is yoo in-soo in all of us are dead", None),
     ("does Lee You-mi come back in s2?", None),
     ("kim byung-chul's character in aoad?", None),
     ("what happened to hyeon-ju at the end?", None),
     ("what happened to gui-nam at the end?", ["gwi-nam", "recap"]),
     ("is lee jae-gyu directing season 2?", "director"),
     ("does Kim Bo-yoon come back in s2?", "hyo-ryeong"),
     ("i love lee you-mi's acting. anyway when is s2 out?", "release")],
)  # fmt: skip
def test_a_person_the_article_never_names_is_not_answered(
    matcher: Matcher, text: str, expected: str | list[str] | None
) -> None:
    """A Korean name that is no character, actor or keyword of ours is someone the article
    never names: the cast list does not answer for them; in a remark it does not matter."""
    assert chat(matcher, text) in (expected if isinstance(expected, list) else [expected])
    if expected is None:
        assert ask(matcher, text) is None


def test_the_sentence_that_asks_is_not_one_that_relates(matcher: Matcher) -> None:
    """ "The scene where gwinam bites cheongsan" describes a moment; the question is the next
    sentence, about Cheong-san."""
    text = (
        "rewatching ep 5. the scene where gwinam bites cheongsan, does that mean cheongsan turns?"
    )
    assert chat(matcher, text) in ("cheong-san", "recap")


def test_each_pronoun_is_the_one_named_it_can_mean(matcher: Matcher) -> None:
    """ "She" is the sister and "he" the boy she loves: a second pronoun does not keep the
    question from being about the one named."""
    text = (
        "my little sister is obsessed with dae-su lol. she wants to know if he's gonna be back"
        " in the new season, can anyone confirm"
    )
    assert chat(matcher, text) in ("dae-su", "cast")


def test_an_option_the_article_never_covers_is_the_question(matcher: Matcher) -> None:
    """The options of one question ask of one thing: "...or in the webtoon" asks of the
    webtoon, which the article never covers."""
    text = (
        "i shipped on-jo and cheong-san so hard. does she ever say she liked him back, or does"
        " she end up with su-hyeok in the webtoon?"
    )
    assert chat(matcher, text) is None
    alone = text.removesuffix(", or does she end up with su-hyeok in the webtoon?") + "?"
    assert chat(matcher, alone) == "on-jo"


def test_a_word_like_whenever_before_a_season_is_no_title(matcher: Matcher) -> None:
    """An unknown word before "season 2" is read as another show's title ("Kaiju No 8 s2");
    "whenever" is no title."""
    text = "planning a watch party for whenever s2 drops. how many episodes are they expecting"
    assert chat(matcher, text) == "episodes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ok but why does every zombie show have a supermarket scene", None),
     ("how long is a normal kdrama episode usually, like an hour?", None),
     ("which zombie show has the best first episode", None),
     ("im new to kdramas and my friend told me to start with this one. where do i watch it",
      "where-to-watch"),
     ("is aoad one of the most popular kdramas?", "viewership")],
)  # fmt: skip
def test_shows_in_general_are_not_ours(matcher: Matcher, text: str, expected: str | None) -> None:
    """ "Every zombie show" and "a normal kdrama" speak of shows in general; a remark about
    kdramas beside a question about this one, or ours among them, is still ours."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("wat even is aoad about i keep seeing edits of it on my fyp", "show"),
     ("what is the show about", "show"),
     ("anyone watching all of us are dead tonight? 👀", None)],
)  # fmt: skip
def test_a_phrase_naming_the_show_holds_for_each_of_its_names(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """A keyword written with one of the show's names matches every other name; wanting to
    watch the show is no question of where it streams."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("can someone tell me how it actually ended before i start s2", "recap"),
     ("where can i watch season 1 before s2 comes out", "where-to-watch"),
     ("how many episodes will s2 have", "episodes")],
)  # fmt: skip
def test_a_season_that_says_when_is_not_the_one_asked_about(
    matcher: Matcher, text: str, expected: str
) -> None:
    """ "Before I start s2" times the question; the season asked about is the first."""
    assert chat(matcher, text) == expected


def test_a_season_named_in_another_sentence_weighs_less(matcher: Matcher) -> None:
    """A sentence naming no season speaks of the one the message names, but less surely than
    one that names it itself: the finale asked of here is Season 1's."""
    text = "before i get into the season 2 hype i need a refresher. what happened in the finale?"
    assert chat(matcher, text) == "recap"
    assert chat(matcher, "how many episodes did season 1 have") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("my sister says s1 came out in january 2022, i say 2021. who's right", "premiere"),
     ("a friend told me the army bombed the whole city at the end. is that true?", "recap"),
     ("someone said 12 eps is the estimate for s2. is that right or could it be more?",
      "episodes")],
)  # fmt: skip
def test_a_question_whether_a_claim_holds_asks_of_the_claim(
    matcher: Matcher, text: str, expected: str
) -> None:
    """ "Who's right?", "is that true?" ask about what the sentence before says."""
    assert chat(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("> s2 when\nnever at this rate 💀", None),
     ("> where can i watch it\nare you talking about the anime from yesterday? pretty sure that"
      " one's on crunchyroll", None),
     ("> s2 is confirmed btw\nwait since when?? i thought it was just rumors", "renewal"),
     ("> when is s2 coming out\nthis, someone answer pls", "release")],
)  # fmt: skip
def test_a_reply_asks_not_the_line_it_quotes(
    matcher: Matcher, text: str, expected: str | None
) -> None:
    """A quoted line ("> ...") says what the reply is about; the reply is what asks."""
    assert chat(matcher, text) == expected
