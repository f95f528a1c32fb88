"""Abuse, insult and hatred in every edition's language: a comment is read with its edition's
watched words and model (French, Spanish, Russian, Arabic, German, Portuguese, Chinese).

The sentences are written for these tests (none comes from the labelled data sets).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from masthead.moderation import app_settings
from masthead.moderation.classifiers.datasets_multilingual import MULTILINGUAL_SETS
from masthead.moderation.classifiers.linear import MODELS_DIR
from masthead.moderation.classifiers.multilingual import EDITION_LANGUAGES, edition_language
from masthead.moderation.classifiers.train_multilingual import CIVIL_SETS
from masthead.moderation.pipeline import (
    ConfiguredRule,
    rule_build,
    rules_build,
    submission_moderate,
)
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules._languages import NEVER
from masthead.moderation.rules.hatred import HatredRule
from masthead.moderation.rules.insults import InsultRule
from masthead.moderation.rules.profanity import ProfanityRule
from masthead.moderation.submission import ArticleContext
from masthead.moderation.text import text_normalise
from masthead.moderation.wordlists import WatchedWords, watched_words_load

from ..conftest import make_submission, prepared

ABUSE = {ReasonCode.PROFANITY, ReasonCode.HATRED, ReasonCode.INSULT, ReasonCode.TROLLING}

INSULTING = {
    "fr": "Tu es un pauvre con, ferme ta gueule.",
    "es": "Eres un imbécil y un hijo de puta.",
    "ru": "Ты тупой дебил, иди нахуй.",
    "ar": "يا حمار يا ابن الكلب",
    "de": "Du bist ein Vollidiot, halt die Fresse.",
    "pt": "Seu otário, vai tomar no cu.",
    "zh": "你这个傻逼，去死吧",
}
CIVIL = {
    "fr": "Je ne suis pas d'accord avec le maire sur le budget du port, il faut plus de ferries.",
    "es": "No estoy de acuerdo con el alcalde sobre el presupuesto del puerto.",
    "ru": "Я не согласен с мэром по поводу бюджета порта, нужно больше паромов.",
    "ar": "لا أتفق مع رئيس البلدية بشأن ميزانية الميناء، نحتاج إلى المزيد من العبارات.",
    "de": "Ich stimme dem Bürgermeister beim Hafenbudget nicht zu, wir brauchen mehr Fähren.",
    "pt": "Não concordo com o prefeito sobre o orçamento do porto, precisamos de mais balsas.",
    "zh": "我不同意市长关于港口预算的看法，我们需要更多的渡轮。",
}


@pytest.fixture(scope="module")
def default_rules() -> list[ConfiguredRule]:
    """The default rules, built and prepared once (no database: no moderators' overrides)."""
    config = [
        entry
        for entry in app_settings.default_rules()
        if not entry["NAME"].endswith(("PremoderationRule", "OffTopicRule"))
    ]
    rules = rules_build(config)
    for configured in rules:
        configured.rule.prepare()
    return rules


def edition_submission(text: str, language: str):
    return make_submission(
        text, edition_language=language, article=ArticleContext(title="", language=language)
    )


@pytest.mark.parametrize("language", EDITION_LANGUAGES)
def test_a_clearly_insulting_comment_is_held_on_its_edition(language, default_rules):
    """Profanity and an insult aimed at a reader, in the edition's language: not published."""
    decision = submission_moderate(
        edition_submission(INSULTING[language], language), rules=default_rules
    )
    assert decision.verdict >= Verdict.HOLD, decision
    assert set(decision.reasons) & ABUSE, decision.reasons


@pytest.mark.parametrize("language", EDITION_LANGUAGES)
def test_a_civil_comment_is_published_on_its_edition(language, default_rules):
    """Disagreement about the harbour budget, in the edition's language: published."""
    decision = submission_moderate(
        edition_submission(CIVIL[language], language), rules=default_rules
    )
    assert decision.verdict is Verdict.PASS, decision


@pytest.mark.parametrize("language", ["fr", "ar", "de", "pt", "zh"])
def test_the_insult_rule_reads_the_model_of_the_comments_edition(language):
    """The French edition's comments are scored by the French model, not the English one."""
    hit = prepared(InsultRule).evaluate(edition_submission(INSULTING[language], language))
    assert hit is not None and hit.verdict >= Verdict.HOLD
    assert hit.evidence.details["model"] == f"abuse_{language}"


def test_an_edition_without_a_model_reads_its_list_alone():
    """Russian has no permissively licensed set: no model, the list holds on its own."""
    rule = prepared(InsultRule)
    submission = edition_submission("Ну ты и дебил", "ru")
    assert rule.model_for(submission) is None
    hit = rule.evaluate(submission)
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert hit.evidence.words == ("дебил*",)


def test_the_hatred_rule_reads_the_abuse_model_only_for_context():
    """No French hate model yet: the French abuse model says whether a flagged word is abusive
    here, but never holds a comment alone under the hatred standard."""
    model = prepared(HatredRule).model_for(edition_submission("texte", "fr"))
    assert model is not None and model.name == "abuse_fr"
    assert (model.hold_at, model.reject_at) == (NEVER, NEVER)


def test_english_and_other_editions_read_the_base_list_and_model():
    """An edition without lists of its own (Italian) reads the shipped base, as before."""
    rule = prepared(InsultRule)
    submission = edition_submission("you are an idiot", "it")
    assert rule.model_for(submission) is rule.model
    assert rule.words_for(submission) is rule.words


def test_an_edition_language_code_is_read_by_its_primary_subtag():
    """'pt-BR' is the Portuguese edition, 'zh_Hans' the Chinese one."""
    assert edition_language("pt-BR") == "pt"
    assert edition_language("zh_Hans") == "zh"
    hit = prepared(ProfanityRule).evaluate(edition_submission("Vai tomar no cu", "pt-BR"))
    assert hit is not None and hit.verdict is Verdict.HOLD


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Это просто пиздец какой-то", "пизд*"),
        ("Всё хуево в этом городе", "xye*"),
        ("Какой хуевый паром", "хуе*"),
        ("Он меня заебал", "заеб*"),
        ("Вот сука", "сука"),
        ("Ну и говнюк", "говню*"),
    ],
)
def test_russian_derived_forms_are_found(text, entry):
    """Russian obscenities are found in their derived forms, including the words the
    normaliser folds to Latin because every letter has a Latin look-alike."""
    words = watched_words_load("profanity.ru")
    assert entry in [match.entry for match in words.find(text_normalise(text))]


def test_a_chinese_entry_is_found_inside_a_clause():
    """Chinese is written without spaces: an entry is found anywhere in the text, with its span."""
    words = WatchedWords([("傻逼", Verdict.HOLD)])
    (match,) = words.find(text_normalise("你这个傻逼，去死吧"))
    assert match.entry == "傻逼"
    assert match.span is not None and match.span.text == "傻逼"


def test_a_moderators_entry_in_an_edition_list_applies_to_that_edition_only():
    """An entry added to 'threats.fr' in the admin holds French comments, not German ones."""
    rule = InsultRule(edition_overrides={"threats.fr": (("gougnafier", Verdict.HOLD),)})
    rule.prepare()
    french = rule.evaluate(edition_submission("Quel gougnafier, celui-là", "fr"))
    assert french is not None and french.verdict is Verdict.HOLD
    german = rule.evaluate(edition_submission("Quel gougnafier, celui-là", "de"))
    assert german is None or "gougnafier" not in german.evidence.words


@pytest.mark.parametrize("language", ["fr", "ar", "de", "pt", "zh"])
def test_an_edition_model_learnt_only_from_permissive_sets(language):
    """A shipped model's sources are named, and each is permissively licensed (the labelled
    sets it may learn from, Tatoeba's sentences, Django's and Wagtail's interface translations);
    the file stays small."""
    path = MODELS_DIR / f"abuse_{language}.npz"
    assert path.stat().st_size < 600_000
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
    for name in meta["trained_on"]:
        if name in CIVIL_SETS:
            continue
        assert MULTILINGUAL_SETS[name].is_permissive, name
        assert MULTILINGUAL_SETS[name].language == language, name


def test_the_pipeline_hands_an_edition_lists_admin_entries_to_its_rule():
    """The admin's entries for 'threats.fr' reach the insult rule, not the hatred rule."""
    overrides = {"threats.fr": (("gougnafier", Verdict.HOLD),)}
    insult = rule_build({"NAME": InsultRule.path()}, word_overrides=overrides).rule
    hatred = rule_build({"NAME": HatredRule.path()}, word_overrides=overrides).rule
    assert isinstance(insult, InsultRule) and isinstance(hatred, HatredRule)
    assert insult.edition_overrides == overrides
    assert hatred.edition_overrides == {}
