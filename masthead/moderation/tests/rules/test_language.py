"""Language rule: another language than the edition's is held; short texts get no verdict."""

from __future__ import annotations

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
    """'Bravo !' could be many languages: no verdict at all."""
    rule = prepared(LanguageRule)
    assert rule.detect("Bravo !") is None
    assert rule.evaluate(make_submission("Merci beaucoup")) is None


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


def test_language_rule_gives_no_verdict_on_a_short_galician_text():
    """'Moitas grazas!' is too short to tell from Portuguese: no verdict, no hold."""
    rule = prepared(LanguageRule)
    assert rule.detect("Moitas grazas!") is None
    assert rule.evaluate(make_submission("Moitas grazas, Ana")) is None
