"""No conversation gets stuck, and a tenant is told only what was stored. Installed by
`python -m bot.server` (never on import).

Every message gets a non-empty answer:
- The action server down or slow: the Dutch apology with the phone and emergency numbers within
  ACTION_TIMEOUT seconds, once per turn, and then the assistant listens, or in a form asks the
  form's question again (a failing action is never followed by other predictions, and the action
  server is not called again in that turn).
- A form never keeps an answer that was not checked: when its validator cannot be reached, the
  answers of this turn are taken out again, and after the apology the same question is asked again
  (rendered here from knowledge/replies.yml, as the action server is not there to ask it).
- A conversation stored in a broken state (earlier versions could store ten predictions without
  listening, after which Rasa's circuit breaker refused every later message) is answered normally
  on the next message: a missing action_listen is put back before the message, and only the
  actions since the tenant's latest message count towards the limit.
- A turn that ends without any text (whatever the reason) gets the apology.

Conversation stores (tracker store database, Redis lock store):
- The turn's replies are held back until the turn is stored, then sent. When the conversation
  cannot be read, locked or stored, the tenant gets only the apology and nothing of the turn is
  stored (a REST caller, the widget and WhatsApp see the same). When the turn was stored but Redis
  went away before its lock could be released, the tenant gets the answer (it was stored); the
  lock is released as soon as Redis answers again.
- A lock lives LOCK_SECONDS and is renewed every LOCK_RENEW_SECONDS while its message is
  handled, so the lock of a server that died (kill -9) holds the conversation for a few seconds at
  most, not a minute (Rasa's default).
- A message carrying the channel's own message id (WhatsApp, Twilio, the widget, a REST caller's
  `message_id`) that is already stored is not handled again: a retry after a crash gets the
  stored answer and stores nothing twice.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from typing import Any, Dict, List, Optional, Set, Tuple

logger = logging.getLogger(__name__)

# Rasa waits up to five minutes for an action by default. A tenant should hear something within
# three seconds; a normal action call takes tens of milliseconds (docs/performance.md).
ACTION_TIMEOUT = 2.5
REPLY = "action_server_down"
TOPIC = "human_handover"
LOCK_SECONDS = 2.0
LOCK_RENEW_SECONDS = 0.5
RELEASE_RETRY_SECONDS = 0.2

# Moves the expiry of one ticket of a Rasa ticket lock (JSON with tickets as JSON strings) in one
# step, so a renewal never overwrites a ticket another server issued meanwhile.
_RENEW_SCRIPT = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local lock = cjson.decode(raw)
for i, text in ipairs(lock.tickets) do
  local ticket = cjson.decode(text)
  if ticket.number == tonumber(ARGV[1]) then
    ticket.expires = tonumber(ARGV[2])
    lock.tickets[i] = cjson.encode(ticket)
    redis.call('SET', KEYS[1], cjson.encode(lock))
    return 1
  end
end
return 0
"""


def apology_events() -> List[Any]:
    """The apology from knowledge/replies.yml, filled from the corporation profile, plus the
    turn's metadata message."""
    from rasa.shared.core.events import BotUttered

    metadata = {"topic": TOPIC, "confidence": 0.0, "knowledge_id": None, "responsible_party": None}
    return [BotUttered(apology_text()), BotUttered(data={"custom": metadata})]


_apology: Tuple[float, str] = (0.0, "")


def apology_text() -> str:
    """The apology's text, read again at most once a second (staff may edit it live; every
    remote action asks whether this turn has already apologised)."""
    global _apology
    if time.monotonic() - _apology[0] > 1.0:
        _apology = (time.monotonic(), _read_apology())
    return _apology[1]


def _read_apology() -> str:
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.profile import load_profile
    from huurwijzer.content.replies import load_replies
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        return render(load_replies(folder / "replies.yml")[REPLY].text,
                      load_profile(folder / "corporation.yml").variables)
    except Exception:  # noqa: BLE001 - a broken file must not silence the apology too
        from bot.channels.rest import channel_messages

        return channel_messages()["assistant_unavailable"]


def question_events(action_name: str) -> List[Any]:
    """What `action_ask_<slot>` says, rendered here because the action server is not there."""
    from rasa.shared.core.events import BotUttered

    from actions.personal_actions import ASK_REPLIES
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.profile import load_profile
    from huurwijzer.content.replies import load_replies
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        reply = load_replies(folder / "replies.yml")[ASK_REPLIES[action_name[len("action_ask_"):]]]
        text = render(reply.text, load_profile(folder / "corporation.yml").variables)
    except Exception:  # noqa: BLE001 - the apology has been said; the form still waits for the answer
        logger.error("action.question_unavailable name=%s", action_name)
        return []
    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    return [BotUttered(text, data={"buttons": buttons} if buttons else {})]


def _this_turn(tracker: Any) -> List[Any]:
    """The events since the tenant's latest message."""
    from rasa.shared.core.events import UserUttered

    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index + 1:]
    return events


def apologised(tracker: Any) -> bool:
    """Whether this turn already failed on the action server (and the tenant heard the apology)."""
    from rasa.shared.core.events import BotUttered

    text = apology_text()
    return any(isinstance(e, BotUttered) and e.text == text for e in _this_turn(tracker))


def failure_events(name: str, tracker: Any, domain: Any) -> List[Any]:
    """What stands in for the events of a remote action that failed: one apology per turn, and
    then the conversation waits for the tenant (a form: at the same question)."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
    from rasa.shared.core.events import FollowupAction, SlotSet

    apology = [] if apologised(tracker) else apology_events()
    if name.startswith("validate_"):
        form_slots = set(domain.required_slots_for_form(name[len("validate_"):]))
        unchecked = {e.key for e in _this_turn(tracker) if isinstance(e, SlotSet) and e.key in form_slots}
        requested = tracker.get_slot(REQUESTED_SLOT)
        again = [SlotSet(REQUESTED_SLOT, requested)] if requested else []
        logger.error("form.answer_not_checked form=%s slots=%s: taken out again", name[len("validate_"):],
                     ",".join(sorted(unchecked)) or "-")
        return [*apology, *(SlotSet(slot, None) for slot in sorted(unchecked)), *again]
    if name.startswith("action_ask_"):
        return [*apology, *question_events(name)]
    # In a form, the form asks its question again (an action that ran in between would otherwise
    # leave the form interrupted, and the tenant's next answer would not reach it).
    return [*apology, FollowupAction(tracker.active_loop_name or ACTION_LISTEN_NAME)]


class TrackerStoreUnavailable(Exception):
    """The tracker store database failed. Rasa would carry on with an empty in-memory conversation
    (the tenant loses the thread, e.g. halfway through verification, and turns are lost when the
    database returns); we answer with the apology instead and keep the stored conversation intact."""


def raise_store_error(self: Any, error: Exception) -> None:
    # The error's own text holds the SQL parameters (conversation contents): log only its class.
    raise TrackerStoreUnavailable(error.__class__.__name__) from error


def failed_store(exc: BaseException) -> str:
    """Which conversation store an exception from handling a message points at, for the log."""
    from rasa.core.lock_store import LockError

    chain = [exc, *([exc.__cause__] if exc.__cause__ else []), *([exc.__context__] if exc.__context__ else [])]
    modules = " ".join(e.__class__.__module__ for e in chain)
    if isinstance(exc, LockError) or "redis" in modules:
        return "lock store (Redis)"
    if isinstance(exc, TrackerStoreUnavailable) or any(db in modules for db in ("sqlalchemy", "psycopg2", "sqlite3")):
        return "tracker store (database)"
    return "message handling"


def _log_not_stored(exc: BaseException) -> None:
    cause = exc.__cause__ or exc.__context__ or exc
    logger.error("conversation.store_unavailable store=%s error=%s: the message was answered with the apology "
                 "and not stored", failed_store(exc), cause.__class__.__name__)


class HeldBackOutput:
    """Holds a turn's replies until the turn is stored; `send` passes them on, `discard` drops them."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self.messages: List[Tuple[str, Dict[str, Any]]] = []

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.channel, attribute)

    def name(self) -> str:
        return str(self.channel.name())

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append((recipient_id, copy.deepcopy(message)))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text, **kwargs})

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"custom": json_message, **kwargs})

    def has_text(self) -> bool:
        return any(str(m.get("text") or "").strip() for _, m in self.messages)

    def discard(self) -> None:
        self.messages.clear()

    async def apologise(self, recipient_id: str) -> None:
        for event in apology_events():
            await self.send_response(recipient_id, event.message())

    async def send(self) -> None:
        for recipient_id, message in self.messages:
            await self.channel.send_response(recipient_id, message)
        self.messages.clear()


def renew_ticket(store: Any, conversation_id: str, ticket: int) -> None:
    from rasa.core.lock_store import RedisLockStore

    expires = time.time() + LOCK_SECONDS
    if isinstance(store, RedisLockStore):
        store.red.eval(_RENEW_SCRIPT, 1, store.key_prefix + conversation_id, ticket, repr(expires))
        return
    lock = store.get_lock(conversation_id)
    if lock is not None:
        for held in lock.tickets:
            if held.number == ticket:
                held.expires = expires
        store.save_lock(lock)


async def _keep_ticket(store: Any, conversation_id: str, ticket: int) -> None:
    """Renews the ticket while its message waits and is handled (cancelled afterwards)."""
    from rasa.core.lock_store import RedisLockStore

    while True:
        await asyncio.sleep(LOCK_RENEW_SECONDS)
        try:
            if isinstance(store, RedisLockStore):  # a network call: off the event loop
                await asyncio.to_thread(renew_ticket, store, conversation_id, ticket)
            else:  # the in-memory lock is shared with the event loop: renewed on it
                renew_ticket(store, conversation_id, ticket)
        except Exception as exc:  # noqa: BLE001 - Redis away: the ticket expires by itself
            logger.warning("conversation.lock_not_renewed error=%s", exc.__class__.__name__)


async def _release_when_back(store: Any, conversation_id: str, ticket: int) -> None:
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(RELEASE_RETRY_SECONDS)
        try:
            await asyncio.to_thread(store.cleanup, conversation_id, ticket)
            logger.info("conversation.lock_released_late")
            return
        except Exception:  # noqa: BLE001 - still away; the ticket expires at the deadline anyway
            continue


_background: Set[asyncio.Future[Any]] = set()


def _in_background(coroutine: Any) -> None:
    task = asyncio.ensure_future(coroutine)
    _background.add(task)
    task.add_done_callback(_background.discard)


async def _replay_if_stored(agent: Any, message: Any, output: HeldBackOutput) -> bool:
    """A message the conversation already holds (same channel message id) is not handled again;
    the replies stored after it are sent instead."""
    from rasa.shared.core.events import BotUttered, UserUttered

    tracker = await agent.tracker_store.retrieve(message.sender_id)
    if tracker is None:
        return False
    events = list(tracker.events)
    for index, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message.message_id:
            logger.info("conversation.duplicate_message: already stored, its answer is sent again")
            for later in events[index + 1:]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    await output.send_response(message.sender_id, later.message())
            return True
    return False


async def handle_message(agent: Any, message: Any) -> Optional[List[Dict[str, Any]]]:
    """Agent.handle_message: the conversation's lock, the turn, and an answer whatever failed."""
    from rasa.core.channels.channel import CollectingOutputChannel

    from bot.speedups import LOCK_POLL_SECONDS

    if not agent.is_ready():
        logger.info("Ignoring message as there is no agent to handle it.")
        return None
    channel, store, sender = message.output_channel, agent.lock_store, message.sender_id
    output = HeldBackOutput(channel)
    message.output_channel = output
    try:
        try:
            ticket = store.issue_ticket(sender, LOCK_SECONDS)
        except Exception as exc:  # noqa: BLE001 - Redis away: nothing handled, nothing stored
            _log_not_stored(exc)
            await output.apologise(sender)
            return None
        renewal = asyncio.ensure_future(_keep_ticket(store, sender, ticket))
        try:
            await store._acquire_lock(sender, ticket, LOCK_POLL_SECONDS)
            if not await _replay_if_stored(agent, message, output):
                await agent.processor.handle_message(message)
        except Exception as exc:  # noqa: BLE001 - the tenant gets an answer whatever failed
            _log_not_stored(exc)
            output.discard()
            await output.apologise(sender)
        finally:
            renewal.cancel()
            try:
                store.cleanup(sender, ticket)
            except Exception as exc:  # noqa: BLE001 - the turn is stored; its answer is sent
                logger.error("conversation.lock_not_released store=lock store (Redis) error=%s: the answer was "
                             "stored and is sent; the lock is released when Redis is back (at the latest in "
                             "%.0f s)", exc.__class__.__name__, LOCK_SECONDS)
                _in_background(_release_when_back(store, sender, ticket))
        if not output.has_text():
            logger.error("conversation.silent_turn: answered with the apology")
            await output.apologise(sender)
    finally:
        message.output_channel = channel
        await output.send()
    return channel.messages if isinstance(channel, CollectingOutputChannel) else None


def is_action_limit_reached(self: Any, tracker: Any, should_predict_another_action: bool) -> bool:
    """Rasa's circuit breaker, counting only the actions since the tenant's latest message: Rasa
    counts back to the latest action_listen, so a conversation stored without one refused every
    later message."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
    from rasa.shared.core.events import ActionExecuted, UserUttered

    predicted = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted):
            if event.action_name in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
                break
            predicted += 1
    return bool(predicted >= self.max_number_of_predictions and should_predict_another_action)


def install() -> None:
    """Its Rasa targets are listed in bot/rasa_patches.py and checked before it runs."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
    from rasa.shared.core.events import ActionExecuted

    FailSafeTrackerStore.on_tracker_store_error = raise_store_error  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = raise_store_error  # type: ignore[method-assign]
    Agent.handle_message = handle_message  # type: ignore[method-assign,assignment]
    MessageProcessor.is_action_limit_reached = is_action_limit_reached  # type: ignore[method-assign]

    prediction_loop = MessageProcessor._run_prediction_loop

    async def prediction_loop_ending_in_listen(self: MessageProcessor, output_channel: Any, tracker: Any) -> None:
        await prediction_loop(self, output_channel, tracker)
        if tracker.latest_action_name not in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
            logger.error("conversation.prediction_stopped last_action=%s: listening", tracker.latest_action_name)
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))

    MessageProcessor._run_prediction_loop = prediction_loop_ending_in_listen  # type: ignore[method-assign]

    log_user_message = MessageProcessor._handle_message_with_tracker

    async def log_after_listen(self: MessageProcessor, message: Any, tracker: Any) -> None:
        # A conversation stored without the final action_listen (by earlier versions) would read
        # the new message as an answer to whatever ran last; it is repaired first.
        if tracker.events and tracker.latest_action_name not in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
            logger.error("conversation.repaired last_action=%s: listening before the new message",
                         tracker.latest_action_name)
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        await log_user_message(self, message, tracker)

    MessageProcessor._handle_message_with_tracker = log_after_listen  # type: ignore[method-assign]

    original = RemoteAction.run

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        name = self.name()
        if name != ACTION_SESSION_START_NAME and apologised(tracker):
            logger.error("action.skipped name=%s: the action server failed earlier in this turn", name)
        else:
            try:
                return list(await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain),
                                                   timeout=ACTION_TIMEOUT))
            except asyncio.TimeoutError:
                logger.error("action.timeout name=%s after %.1f s", name, ACTION_TIMEOUT)
            except ActionExecutionRejection:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure of the call gets the same apology
                logger.error("action.failed name=%s error=%s", name, exc.__class__.__name__)
        if name == ACTION_SESSION_START_NAME:  # the conversation must still start properly
            from rasa.core.actions.action import ActionSessionStart

            return list(await ActionSessionStart().run(output_channel, nlg, tracker, domain))
        return failure_events(name, tracker, domain)

    RemoteAction.run = run  # type: ignore[method-assign]
