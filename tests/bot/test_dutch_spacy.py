"""The offline Dutch spaCy fallback (used by the spaCy pipeline variant in bench/pipelines)."""

from bot.nlu.dutch_spacy import FALLBACK_NAME, active_pipeline_name, build_fallback, load_dutch


def test_fallback_lemmatises_dutch_without_a_download() -> None:
    nlp = build_fallback()
    lemmas = [t.lemma_ for t in nlp("de kranen druppelden en de radiatoren")]
    assert lemmas == ["de", "kraan", "druppelen", "en", "de", "radiator"]


def test_missing_model_falls_back_and_says_so(caplog) -> None:  # type: ignore[no-untyped-def]
    assert active_pipeline_name("nl_model_that_is_not_installed") == FALLBACK_NAME
    model = load_dutch("nl_model_that_is_not_installed")
    assert model.model_name == FALLBACK_NAME
    assert "offline fallback" in caplog.text
