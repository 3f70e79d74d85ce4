"""bot.sentence_features: count featurizers that add only the sentence features give the same parse as
Rasa's, for every training example, the held-out sets, the benchmark's letters and (where the
workspace has it) the dev set; and a model with a component that may read per-token features is
left to Rasa."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List

import pytest
import yaml
from rasa.core.agent import Agent
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.feature_extraction.text import CountVectorizer

from bot import sentence_features

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev-questions.yml"


def texts() -> List[str]:
    from bench.latency import LETTERS, QUESTIONS

    found = [*QUESTIONS, *LETTERS, "", "   ", "👍", "/greet", "sdkjfh qwpoe"]
    for path in [*sorted((ROOT / "data" / "nlu").glob("*.yml")), *sorted((ROOT / "tests" / "nlu").glob("*.yml"))]:
        found += [str(m.get("text")) for m in load_data(str(path)).training_examples if m.get("text")]
    if DEV_SET.exists():
        found += [str(item["text"]) for item in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["items"]]
    return found


def parses(agent: Agent, all_texts: List[str]) -> List[Dict[str, Any]]:
    async def parse() -> List[Dict[str, Any]]:
        return [await agent.parse_message(text) for text in all_texts]

    return asyncio.run(parse())


def test_the_same_parse_as_rasa_with_half_the_counting(trained_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.engine.runner.dask import DaskGraphRunner

    # As bot.speedups.install does, before the model is loaded (a graph node keeps the function it was built with).
    monkeypatch.setattr(DaskGraphRunner, "__init__", sentence_features.marked_when_built(DaskGraphRunner.__init__))
    monkeypatch.setattr(CountVectorsFeaturizer, "process",
                        sentence_features.sentence_features_only(CountVectorsFeaturizer.process))
    agent = Agent.load(str(trained_model))
    featurizers = [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()  # type: ignore
                   if isinstance(node._component, CountVectorsFeaturizer)]
    assert len(featurizers) == 2 and all(getattr(f, sentence_features.MARK) for f in featurizers)

    counted: List[int] = []
    transform = CountVectorizer.transform

    def counting(self: CountVectorizer, raw_documents: Any) -> Any:
        counted.append(len(raw_documents))
        return transform(self, raw_documents)

    monkeypatch.setattr(CountVectorizer, "transform", counting)
    question = ["wie moet mijn lekkende kraan repareren?"]
    parses(agent, question)
    assert counted == [1]  # one row: the whole text (the char_wb featurizer adds up its words: bot/count_rows.py)

    all_texts = texts()
    assert len(all_texts) > 1000
    got = parses(agent, all_texts)
    for featurizer in featurizers:  # Rasa's own process again: a row per token too
        setattr(featurizer, sentence_features.MARK, False)
    counted.clear()
    parses(agent, question)
    assert len(counted) == 4
    assert got == parses(agent, all_texts)


def _schema(*classes: type) -> Any:
    return SimpleNamespace(nodes={c.__name__: SimpleNamespace(uses=c) for c in classes})


def test_a_model_that_may_read_token_features_is_left_to_rasa() -> None:
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier

    from bot.nlu.classifier import SafeLogisticRegressionClassifier

    assert sentence_features.only_sentence_features_read(
        _schema(CountVectorsFeaturizer, SafeLogisticRegressionClassifier, RulePolicy))
    assert not sentence_features.only_sentence_features_read(
        _schema(CountVectorsFeaturizer, DIETClassifier, RulePolicy))
    runner = SimpleNamespace(_graph_schema=_schema(CountVectorsFeaturizer, DIETClassifier),
                             _instantiated_nodes={"f": SimpleNamespace(_component=object())})
    assert sentence_features.mark(runner) == 0
