"""Language identification: our n-gram model names Galician, which lingua cannot.

The sentences here were written for these tests (none comes from Tatoeba's files).
"""

from __future__ import annotations

from collections import Counter

import pytest

from masthead.moderation.classifiers.language import (
    language_candidates,
    language_choose,
    language_sample,
    main_script,
    ngram_model_load,
    ngrams,
)
from masthead.moderation.classifiers.train_language import MODEL_LANGUAGES, Sentence, model_build

GALICIAN = "Onte pola tarde fomos á praia coa miña familia e non había moita xente."
PORTUGUESE = "Ontem à tarde fomos à praia com a minha família e não havia muita gente."
SPANISH = "Ayer por la tarde fuimos a la playa con mi familia y no había mucha gente."
CATALAN = "Ahir a la tarda vam anar a la platja amb la meva família i no hi havia gaire gent."


def test_the_shipped_model_loads_with_its_languages_and_provenance():
    """Galician and its Latin-script neighbours, settings chosen on held-out folds, provenance."""
    model = ngram_model_load()
    assert {"gl", "pt", "es", "ca"} <= set(model.languages)
    assert model.stand_ins == {"gl": ("pt", "es", "ca")}
    assert model.weight > 0 and 0 < model.min_share <= 1
    assert "Tatoeba" in model.meta["trained_on"]


# lingua's confidences as it gives them for such sentences: it cannot say Galician.
LINGUA_SPLIT = {"pt": 0.5, "es": 0.4, "it": 0.06, "ca": 0.04}


@pytest.mark.parametrize(
    "text",
    [
        GALICIAN,
        "Non sei se o concello vai arranxar a estrada antes do inverno, pero oxalá.",
        "Grazas pola noticia, xa era hora de que alguén falase disto no xornal.",
    ],
)
def test_galician_is_named_where_lingua_splits_between_its_neighbours(text):
    """lingua's Portuguese-or-Spanish, with the n-grams of Galician, makes Galician."""
    found = language_choose(LINGUA_SPLIT, text, model=ngram_model_load(), min_confidence=0.2)
    assert found == "gl"


@pytest.mark.parametrize(
    ("text", "language"), [(PORTUGUESE, "pt"), (SPANISH, "es"), (CATALAN, "ca")]
)
def test_galicias_neighbours_keep_their_own_names(text, language):
    """The same sentence in Portuguese, Spanish or Catalan is not taken for Galician."""
    confidences = {language: 0.7, **{k: 0.1 for k in ("pt", "es", "ca") if k != language}}
    found = language_choose(confidences, text, model=ngram_model_load(), min_confidence=0.2)
    assert found == language


def test_the_model_is_not_asked_when_lingua_sees_another_script():
    """A text lingua finds Chinese is Chinese: the model knows no Chinese n-gram to object."""
    found = language_choose(
        {"zh": 0.97, "ja": 0.03}, "港口在暴风雨过后重新开放了，渔船都回来了。",
        model=ngram_model_load(), min_confidence=0.2,
    )  # fmt: skip
    assert found == "zh"


def test_no_verdict_when_lingua_is_unsure_and_the_model_knows_none_of_the_words():
    """Unsure lingua, nothing the model knows: no verdict at all."""
    unsure = {"de": 0.19, "nl": 0.18, "sv": 0.17}
    assert language_choose(unsure, "zzzz", model=ngram_model_load(), min_confidence=0.2) is None


def test_the_sample_drops_links_mentions_and_numbers_and_keeps_the_beginning():
    """What the language is judged on carries no URL, @name or digits, and is bounded."""
    sample = language_sample(
        "Vin https://example.org/x?y=1 @ana #porto 2026 " + "moi ben " * 100, max_characters=40
    )
    assert sample.startswith("Vin moi ben")
    assert len(sample) == 40


def test_ngrams_are_case_folded_and_word_bounded():
    """'Non' and 'non' count alike; digits and punctuation only separate words."""
    grams = ngrams("Non, non! 42", (1, 2, 3))
    assert Counter(grams)[" no"] == 2
    assert not any(ch.isdigit() or ch in ",!" for gram in grams for ch in gram)


def test_training_learns_a_language_from_its_own_sentences():
    """A model trained on a handful of sentences tells them apart (the trainer works)."""
    written = {
        "gl": ["A xente non quere ir ao mercado hoxe.", "Onde está a miña chaqueta vella?"],
        "pt": ["As pessoas não querem ir ao mercado hoje.", "Onde está o meu casaco velho?"],
        "es": ["La gente no quiere ir al mercado hoy.", "¿Dónde está mi chaqueta vieja?"],
        "ca": ["La gent no vol anar al mercat avui.", "On és la meva jaqueta vella?"],
    }
    sentences = [
        Sentence(f"{code}{n}", code, text)
        for code, texts in written.items()
        for n, text in enumerate(texts)
    ]
    model = model_build(sentences, alpha=0.1, orders=(1, 2, 3))
    assert model.log_probabilities.shape == (len(model.index), len(MODEL_LANGUAGES))
    scores = model.mean_log_likelihoods("A xente quere a chaqueta.")
    assert scores is not None
    assert model.languages[int(scores.argmax())] == "gl"
    scores = model.mean_log_likelihoods("A gente quer o casaco.")
    assert scores is not None
    assert model.languages[int(scores.argmax())] == "pt"


def test_a_missing_model_file_raises_so_the_pipeline_holds(tmp_path):
    """No silent fallback to lingua alone when the configured model is missing."""
    with pytest.raises(FileNotFoundError):
        ngram_model_load(str(tmp_path / "missing.npz"))


def test_the_sample_drops_emoji_placeholders_and_invalid_characters():
    """Emoji, placeholders of labelled data, e-mail addresses, bare links with a path, lone
    surrogates and format characters are not language: none is left in the sample."""
    text = (
        "<user> |LBR| @USER URL [NAME] {auteur} jean@lemonde.fr lemonde.fr/a/b "
        "Bon\u00adjour 👍🏽❤️ \ud800 à tous \u200d🇫🇷"
    )
    assert language_sample(text) == "Bonjour à tous"


def test_the_precise_candidates_follow_the_editions():
    """Each edition, its neighbours in its script, the common Latin-script languages; the
    neighbours in other scripts (Ukrainian, Persian) are left to the broad detector."""
    assert language_candidates(("en", "fr")).split() == [
        "en", "fr", "it", "ca", "es", "pt", "de", "zh", "ja", "ko",
    ]  # fmt: skip
    eight = language_candidates(("en", "fr", "es", "ru", "de", "pt", "ar", "zh")).split()
    assert {"ru", "ar", "nl", "ja"} <= set(eight)
    assert not {"uk", "be", "fa", "ur"} & set(eight)


@pytest.mark.parametrize(
    ("text", "script"),
    [("Bonjour", "latin"), ("Привет, Ana", "cyrillic"), ("مرحبا", "arabic"), ("こんにちは", "cjk")],
)
def test_the_main_script_is_the_script_of_most_letters(text, script):
    """What decides which detector judges a text."""
    assert main_script(text) == script


def test_the_model_shares_out_only_lingua_confidence_in_its_own_languages():
    """A German text lingua is 0.72 sure of stays German: the model knows no German, and
    shares out among its languages only the 0.15 lingua gave them (it gave English all)."""
    confidences = {"de": 0.72, "nl": 0.13, "en": 0.05, "fr": 0.04, "it": 0.03, "es": 0.03}
    text = "Tja, damit wird es hier im Winter kalt und dunkel!"
    found = language_choose(confidences, text, model=ngram_model_load(), min_confidence=0.2)
    assert found == "de"


def test_a_neighbour_is_named_only_with_a_letter_of_its_own():
    """Persian has a ی or a ک, Ukrainian an і; Arabic and Russian have none of them."""
    from masthead.moderation.classifiers.language import has_letters_of

    assert has_letters_of("fa", "این مقاله خوب است")
    assert not has_letters_of("fa", "يا قمر الليل يا نور العين")
    assert has_letters_of("uk", "Дуже дякую, це цікаво")
    assert not has_letters_of("uk", "Хорошая статья, спасибо")
    assert has_letters_of("bg", "Много хубава статия")  # no letter of its own: not required
