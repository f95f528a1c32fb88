"""Language rule: another language than the edition's is held; short texts get no verdict."""

from __future__ import annotations

import pytest

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.language import LanguageRule
from masthead.moderation.submission import ArticleContext

from ..conftest import TEST_LANGUAGES as LANGUAGES
from ..conftest import make_submission
from ..conftest import prepared as prepared_rule


def prepared(rule_class):
    return prepared_rule(rule_class, languages=LANGUAGES)


FRENCH = "Le port a rouvert lundi et les bateaux sont revenus, c'est une bonne nouvelle."
ENGLISH = "The port reopened on Monday and the boats came back, which is good news."


def test_language_rule_holds_a_comment_in_another_language():
    """A French comment under an English article is held, with the language found."""
    hit = prepared(LanguageRule).evaluate(make_submission(FRENCH))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.LANGUAGE, Verdict.HOLD)
    assert hit.evidence.details == {"language": "fr", "expected": "en"}


def test_language_rule_follows_the_articles_edition():
    """The same French comment is at home in the French edition."""
    article = ArticleContext(title="Le port rouvre", language="fr")
    submission = make_submission(FRENCH, article=article, edition_language="fr")
    assert prepared(LanguageRule).evaluate(submission) is None


def test_language_rule_passes_the_editions_language():
    """English under an English article passes."""
    assert prepared(LanguageRule).evaluate(make_submission(ENGLISH)) is None


def test_language_rule_gives_no_verdict_on_a_text_too_short_to_tell():
    """'Bravo !' could be many languages: below ten characters, no verdict at all."""
    rule = prepared(LanguageRule)
    assert rule.detect("Bravo !") is None
    assert rule.evaluate(make_submission("ok merci")) is None


def test_language_rule_skips_lingua_for_text_plainly_in_the_editions_language():
    """Common English words in most of the sentence: no model is asked, no verdict."""
    rule = prepared(LanguageRule)
    text = "I think that the council was right and it is good for all of us in the town"
    assert rule.evaluate(make_submission(text)) is None


def test_language_rule_still_holds_another_language_that_shares_a_few_words():
    """Spanish with the odd 'de' or 'a' is not taken for English or French."""
    text = "El puerto volvió a abrir el lunes y los barcos de pesca regresaron a casa"
    hit = prepared(LanguageRule).evaluate(make_submission(text))
    assert hit is not None and hit.evidence.details["language"] == "es"


GALICIAN = "Onte pola tarde fomos á praia coa miña familia e non había moita xente."


def test_language_rule_holds_a_galician_comment_and_names_galician():
    """lingua has no Galician; our n-gram model names it, and it is not the English edition's."""
    hit = prepared(LanguageRule).evaluate(make_submission(GALICIAN))
    assert hit is not None
    assert hit.evidence.details == {"language": "gl", "expected": "en"}


def test_language_rule_without_the_ngram_model_calls_galician_a_neighbour():
    """lingua alone takes the same comment for one of its neighbours (what the model fixes)."""
    rule = prepared_rule(LanguageRule, languages=LANGUAGES, model="")
    assert rule.detect(GALICIAN) in {"es", "pt", "it"}


def test_language_rule_follows_an_edition_in_any_language_it_can_name():
    """The rule compares with the edition's language, whatever it is: Galician passes there."""
    article = ArticleContext(title="O porto reabre", language="gl")
    submission = make_submission(GALICIAN, article=article, edition_language="gl")
    assert prepared(LanguageRule).evaluate(submission) is None


def test_language_rule_gives_no_verdict_on_a_very_short_galician_text():
    """'Grazas!' is too short to tell from Portuguese: no verdict, no hold."""
    rule = prepared(LanguageRule)
    assert rule.detect("Grazas!") is None
    assert rule.evaluate(make_submission("Grazas!")) is None


# Short comments in another script than the English edition's: a verdict however short.
SHORT_OTHER_SCRIPTS = [
    ("这篇报道写得很好", "zh"),
    ("今日の記事は面白い", "ja"),
    ("좋은 기사입니다", "ko"),
    ("Хорошая статья", "ru"),
    ("مقال جيد جدا", "ar"),
]


# A site with English, French, Russian, Arabic and Chinese editions: each edition's language
# among the precise detector's (as `language_candidates` makes them), the neighbours named by
# the broad one.
EDITIONS = "en fr ru ar zh ja ko"


def editions_rule() -> LanguageRule:
    return prepared_rule(LanguageRule, languages=EDITIONS)


@pytest.mark.parametrize(("text", "language"), SHORT_OTHER_SCRIPTS)
def test_language_rule_holds_a_short_comment_in_another_script(text, language):
    """Eight Chinese characters or a Russian pair of words is not English: held, named."""
    hit = editions_rule().evaluate(make_submission(text))
    assert hit is not None
    assert hit.verdict == Verdict.HOLD
    assert hit.evidence.details == {"language": language, "expected": "en"}


@pytest.mark.parametrize(("text", "language"), SHORT_OTHER_SCRIPTS)
def test_language_rule_passes_a_short_comment_in_its_own_editions_language(text, language):
    """The same short comments pass on the edition that publishes in their language."""
    article = ArticleContext(title="", language=language)
    submission = make_submission(text, article=article, edition_language=language)
    assert editions_rule().evaluate(submission) is None


def test_language_rule_holds_english_on_the_russian_edition():
    """The Russian edition holds an English comment, as the English one holds Russian."""
    article = ArticleContext(title="", language="ru")
    submission = make_submission(ENGLISH, article=article, edition_language="ru")
    hit = editions_rule().evaluate(submission)
    assert hit is not None and hit.evidence.details == {"language": "en", "expected": "ru"}


@pytest.mark.parametrize(
    ("text", "language", "edition"),
    [
        ("Дуже дякую за цю статтю, вона справді корисна для нас усіх.", "uk", "ru"),
        ("Вялікі дзякуй за гэты артыкул, ён вельмі карысны для ўсіх нас.", "be", "ru"),
        ("از این مقاله بسیار سپاسگزارم، برای همه ما واقعاً مفید است.", "fa", "ar"),
        ("この記事を書いてくれてありがとう、とても役に立ちました。", "ja", "zh"),
    ],
)
def test_language_rule_tells_an_editions_language_from_its_neighbours(text, language, edition):
    """Ukrainian is not Russian, Persian and Urdu are not Arabic, Japanese is not Chinese."""
    article = ArticleContext(title="", language=edition)
    submission = make_submission(text, article=article, edition_language=edition)
    hit = editions_rule().evaluate(submission)
    assert hit is not None
    assert hit.evidence.details == {"language": language, "expected": edition}


def test_language_rule_holds_urdu_on_the_arabic_edition():
    """Urdu is not Arabic: held. The broad detector's trigrams may call it Persian, its
    neighbour (Persian 0.95 for this one): named approximately, decided right."""
    text = "اس مضمون کا بہت شکریہ، یہ واقعی ہم سب کے لیے بہت مفید ہے۔"
    article = ArticleContext(title="", language="ar")
    hit = editions_rule().evaluate(make_submission(text, article=article, edition_language="ar"))
    assert hit is not None and hit.evidence.details["language"] in {"ur", "fa"}


@pytest.mark.parametrize(
    "text",
    [
        "Pure genius 🧠🧠🧠🧠🧠🧠🧠🧠",
        "Absolute legend 🐐🐐🐐🐐🐐🐐🐐",
        "Jacinda Ardern 👏👏👏👏👏👏👏👏👏",
        "ok thanks 👍",
        "Well done lads 👏👏👏",
        "So sad 😢😢😢😢😢😢😢😢😢😢😢😢😢",
    ],
)
def test_language_rule_does_not_misread_short_english_with_emoji(text):
    """Emoji say nothing of the language, and a pair of English words is not Italian."""
    assert prepared(LanguageRule).evaluate(make_submission(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "@MarieDupont @JeanMartin @PaulDurand @LucieBernard you are all so right",
        "<user> <user> <user> <user> <user> you are all so right",
        "@USER @USER @USER @USER @USER URL you are so right about this",
        "https://www.lemonde.fr/politique/article/2026/les-elections-municipales.html agreed",
        "lemonde.fr/politique/les-elections-municipales-a-marseille agreed",
        "Write to redaction.marseille@laprovence.fr 📧📧",
        "[PERSONNE] [LIEN] {auteur} yes, agreed",
    ],
)
def test_language_rule_ignores_mentions_placeholders_and_links(text):
    """French names, placeholders and a French URL do not make an English reply French."""
    assert prepared(LanguageRule).evaluate(make_submission(text)) is None


def test_language_rule_still_holds_french_between_mentions_and_emoji():
    """Stripping the noise leaves the words: a French comment among them is still French."""
    text = "@JohnSmith 👍👍 Merci pour cet article, très intéressant 👏 https://example.org/x"
    hit = prepared(LanguageRule).evaluate(make_submission(text))
    assert hit is not None and hit.evidence.details["language"] == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "\ud800",
        "Le port a rouvert lundi \ud800 et les bateaux sont revenus au port",
        "abc\udfffdef ghi jkl mno pqr stu vwx yz",
        "\x00\x07 control characters and \ue000 private use ones in an English comment",
    ],
)
def test_language_rule_never_raises_on_invalid_text(text):
    """A lone surrogate (as JSON can carry) or a control character is ignored, not a crash."""
    hit = prepared(LanguageRule).evaluate(make_submission(text))
    assert (hit.evidence.details["language"] if hit else None) == (
        "fr" if text.startswith("Le port") else None
    )


def test_language_rule_takes_its_precise_candidates_from_the_sites_editions(settings):
    """A site with a Russian edition judges Russian precisely; no model is loaded to know."""
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("ru", "Russian")]
    assert LanguageRule().languages.split()[:2] == ["en", "ru"]
    assert "uk" not in LanguageRule().languages.split()  # named by the broad detector
    assert LanguageRule(languages="en de").languages == "en de"


@pytest.mark.parametrize(
    "text",
    [
        "يا ﺎلله ما ﺎجمل هذﺎ ﺎلمقال يا ﺎصدقائي",  # presentation forms of alef
        "يا قمر ﺎلليل يا نور ﺎلعين يا فرحة ﺎلقلب",
    ],
)
def test_language_rule_passes_arabic_written_with_presentation_forms(text):
    """Arabic typed with presentation forms of its letters is Arabic, not Urdu or Persian."""
    article = ArticleContext(title="", language="ar")
    submission = make_submission(text, article=article, edition_language="ar")
    assert editions_rule().evaluate(submission) is None
