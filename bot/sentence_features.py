"""Count features of a message at inference without the rows nothing reads (installed by
bot/speedups.py; never on import).

Rasa's CountVectorsFeaturizer.process counts every message twice: one row per token (sequence
features, for DIET and end-to-end policies) and one row for the whole text (sentence features). The
components of our model read only the sentence features (bot.nlu.classifier reads
`get_sparse_features(TEXT)[1]`), so half of the counting was thrown away: the character n-grams of a
110-word letter twice, 2 ms (docs/performance.md, "Questions and letters, session 12"). The row itself
is counted word by word with each word's counts kept, and each token cleaned up once (bot/count_rows.py).

A model runner is marked when it is built, and only when every component of its graph is one that
reads no sequence features (ONLY_SENTENCE_FEATURES_READ): then its count featurizers add the same
sentence features as Rasa's and no sequence features. A model with any other component (DIET, TED,
a response selector, a component we do not know) is left to Rasa's process, as are training graphs.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional, cast

from bot import count_rows

# Components (module.Class) that read no sparse sequence features of a message at inference: our
# inference graph (config.yml) and what Rasa adds around it.
ONLY_SENTENCE_FEATURES_READ = frozenset({
    "rasa.graph_components.converters.nlu_message_converter.NLUMessageConverter",
    "bot.nlu.focus_tokenizer.FocusTokenizer",
    "rasa.nlu.tokenizers.whitespace_tokenizer.WhitespaceTokenizer",
    "rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer.CountVectorsFeaturizer",
    "bot.nlu.sentence_encoder.SentenceEncoderFeaturizer",
    "bot.nlu.classifier.SafeLogisticRegressionClassifier",
    "bot.nlu.gate.UnderstandingGate",
    "bot.nlu.language.LanguageDetector",
    "rasa.nlu.classifiers.regex_message_handler.RegexMessageHandler",
    "rasa.graph_components.providers.domain_provider.DomainProvider",
    "rasa.core.policies.memoization.MemoizationPolicy",
    "rasa.core.policies.rule_policy.RulePolicy",
    "rasa.graph_components.providers.rule_only_provider.RuleOnlyDataProvider",
    "rasa.core.policies.ensemble.DefaultPolicyPredictionEnsemble",
})
MARK = "huurwijzer_sentence_features_only"


def only_sentence_features_read(graph_schema: Any) -> bool:
    return all(f"{node.uses.__module__}.{node.uses.__name__}" in ONLY_SENTENCE_FEATURES_READ
               for node in graph_schema.nodes.values())


def mark(runner: Any) -> int:
    """Marks the count featurizers of a built runner whose graph reads only sentence features; how many."""
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

    if not only_sentence_features_read(runner._graph_schema):
        return 0
    marked = 0
    for node in runner._instantiated_nodes.values():
        component = getattr(node, "_component", None)
        if isinstance(component, CountVectorsFeaturizer):
            setattr(component, MARK, True)
            marked += 1
    return marked


def marked_when_built(init: Callable[..., None]) -> Callable[..., None]:
    """DaskGraphRunner.__init__ (`init`), then `mark`."""

    def init_and_mark(self: Any, graph_schema: Any, model_storage: Any, execution_context: Any,
                      hooks: Optional[List[Any]] = None) -> None:
        init(self, graph_schema, model_storage, execution_context, hooks)
        mark(self)

    return init_and_mark


def sentence_row(featurizer: Any, attribute: str, tokens: List[str]) -> Any:
    """The sentence row of Rasa's `_create_features` for one message (None where it gives none)."""
    from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES

    if not featurizer.vectorizers.get(attribute) or not tokens or attribute not in DENSE_FEATURIZABLE_ATTRIBUTES:
        return None
    row = count_rows.row(featurizer.vectorizers[attribute], " ".join(tokens))
    row.sort_indices()
    return row.tocoo()


def processed_tokens(featurizer: Any, message: Any, attribute: str) -> List[str]:
    """Rasa's `_get_processed_message_tokens_by_attribute`, the text's tokens cleaned up once per token."""
    from rasa.shared.nlu.constants import TEXT

    if attribute != TEXT or message.get(attribute) is None:
        return cast(List[str], featurizer._get_processed_message_tokens_by_attribute(message, attribute))
    tokens = count_rows.processed_tokens(featurizer, featurizer._get_message_tokens_by_attribute(message, attribute))
    return cast(List[str], featurizer._replace_with_oov_token(tokens, attribute))


def sentence_features_only(process: Callable[..., Any]) -> Callable[..., Any]:
    """CountVectorsFeaturizer.process (`process`, Rasa's); a marked featurizer adds only the sentence features."""

    def process_sentences(self: Any, messages: List[Any]) -> List[Any]:
        if not getattr(self, MARK, False) or self.vectorizers is None:
            return cast(List[Any], process(self, messages))
        for message in messages:
            for attribute in self._attributes:
                tokens = processed_tokens(self, message, attribute)
                self.add_features_to_message(None, sentence_row(self, attribute, tokens), attribute, message)
        return messages

    return process_sentences
