"""Rasa SDK actions for verification, personal answers and reporting a repair. Each one builds
a Turn from the tracker, makes one call into a flow of huurwijzer.conversation and translates the Step back."""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, TypeVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.sdk_turn import answered_in_form, choices_offered_in_form, personal_marker, send, turn_from
from huurwijzer.content.loader import Content, in_language, live_content
from huurwijzer.content.topics import topic_for_intent
from huurwijzer.conversation import (
    form_moves,
    kernel,
    personal_questions,
    repair_details,
    repair_flow,
    shared_names,
    verification_flow,
)
from huurwijzer.conversation.answer_language import answer_language
from huurwijzer.conversation.reply import AnswerMetadata, PersonalText, Reply, fixed_reply
from huurwijzer.conversation.shared_names import (
    ANSWERED_KEY,
    REPAIR_FORM,
    REQUESTED_SLOT,
    SECRET_ANSWER_KEY,
    VERIFICATION_FORM,
)

# The question each form slot asks (knowledge/replies.yml).
ASK_REPLIES: Mapping[str, str] = {
    "verification_contract": "verify_ask_contract",
    "verification_postcode": "verify_ask_postcode",
    "verification_birth_date": "verify_ask_birth_date",
    shared_names.CODE_SLOT: "verify_ask_code",
    "repair_object": "repair_ask_object",
    "repair_location": "repair_ask_location",
    "repair_description": "repair_ask_description",
    "repair_urgency": "repair_ask_urgency",
    "pref_channel": "onboarding_ask_channel",
    "pref_times": "onboarding_ask_times",
    "pref_language": "onboarding_ask_language",
    "pref_money": "onboarding_ask_money",
    "pref_care": "onboarding_ask_care",
    "feedback_score": "onboarding_ask_score",
    "feedback_comment": "onboarding_ask_comment",
}
SESSION_METADATA_SLOT = "session_started_metadata"
T = TypeVar("T")


async def in_thread(flow: Callable[..., T], turn: kernel.Turn, *args: Any) -> T:
    """Runs a flow (database and file access) on `turn` off the event loop, with the live content in
    the language to answer the turn in (read in the same thread hop: answer_language)."""
    def call() -> T:
        svc = kernel.services()
        return flow(svc, content_for(svc, turn), turn, *args)
    return await asyncio.to_thread(call)


def content_for(svc: kernel.Services, turn: kernel.Turn) -> Content:
    """The live content in the language to answer `turn` in."""
    return in_language(live_content(), answer_language(svc, turn))


def say(dispatcher: CollectingDispatcher, step: kernel.Step) -> None:
    """Intro texts first, then the reply with its metadata (one metadata message per turn)."""
    for text in step.intro:
        dispatcher.utter_message(text=str(text), **personal_marker(isinstance(text, PersonalText)))
    if step.reply is not None:
        send(dispatcher, step.reply)


def say_without_metadata(dispatcher: CollectingDispatcher, reply: Optional[Reply]) -> None:
    """Inside a form the question that follows carries the turn's metadata: an answer's, when this is one."""
    if reply is not None:
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        answered = {ANSWERED_KEY: reply.metadata.as_payload()} if reply.metadata.knowledge_id else {}
        dispatcher.utter_message(text=reply.text, buttons=buttons, **personal_marker(reply.personal), **answered)


def slot_events(step: kernel.Step) -> List[EventType]:
    events: List[EventType] = [SlotSet(name, value) for name, value in step.slots.items()]
    if step.end_form:
        events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
    if step.resume_form:  # the form goes on at once and asks its first empty question
        events.append(FollowupAction(step.resume_form))
    return events


class FlowAction(Action, ABC):
    """An action that is one call into a flow (huurwijzer.conversation): the turn in, a Step out. Abstract (so rasa_sdk
    registers no action of its own for it): a subclass sets `action_name` and `flow`."""

    action_name: str
    leaves_forms = True  # False: never touches the active form (log out outside a form)

    @staticmethod
    @abstractmethod
    def flow(*args: Any) -> kernel.Step:
        """The flow this action calls (services, content, turn)."""

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        step = await in_thread(type(self).flow, turn_from(tracker))
        say(dispatcher, step)
        if not self.leaves_forms:
            return [SlotSet(name, value) for name, value in step.slots.items()]
        return slot_events(step)


class ActionPersonal(FlowAction):
    """'Wat is mijn huur?', 'mijn reparaties', 'reparatie melden', 'ik wil inloggen'."""

    action_name = "action_personal"
    flow = staticmethod(personal_questions.personal_request)


class ActionVerificationResult(FlowAction):
    action_name = "action_verification_result"
    flow = staticmethod(verification_flow.verification_result)


class ActionLogOut(FlowAction):
    action_name = "action_log_out"
    flow = staticmethod(verification_flow.log_out)
    leaves_forms = False


class ActionStopForm(FlowAction):
    """'stop', 'log uit' or 'medewerker' while a form asks its questions."""

    action_name = "action_stop_form"
    flow = staticmethod(verification_flow.stop_form)


class ActionRepairResult(FlowAction):
    action_name = "action_repair_result"
    flow = staticmethod(repair_flow.repair_result)


class ActionSessionStart(Action):
    """A new session (first message, or after 30 minutes of silence) ends any verification; a
    tenant-portal token in the session metadata verifies the new session."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        metadata = tracker.get_slot(SESSION_METADATA_SLOT)
        if isinstance(metadata, dict):
            turn = kernel.Turn(turn.sender_id, turn.intent, turn.confidence, turn.text, turn.channel,
                              {**metadata, **turn.metadata})
        # While the store is down nobody can be verified; personal questions then apologise.
        with contextlib.suppress(kernel.Unavailable):
            await asyncio.to_thread(lambda: verification_flow.session_start(kernel.services(), turn))
        return [SessionStarted(), ActionExecuted("action_listen")]


class AskAction(Action, ABC):
    """Asks for one form slot; the question carries the turn's metadata. One subclass per slot of
    ASK_REPLIES is generated below."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        content = await asyncio.to_thread(lambda: content_for(kernel.services(), turn))
        pending = kernel.pending_intents(tracker.get_slot(kernel.PENDING_REQUEST))
        if self.slot.startswith("repair_"):
            intent = "start_repair_report"
        elif self.slot.startswith(("pref_", "feedback_")):
            intent = "start_onboarding"
        else:
            intent = pending[0] if pending else kernel.VERIFY
        metadata = AnswerMetadata(topic_for_intent(intent) or "chitchat", turn.confidence)
        reply = fixed_reply(content, ASK_REPLIES[self.slot], metadata)
        form = str((tracker.active_loop or {}).get("name") or "")
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        if not choices_offered_in_form(tracker.events or [], form):  # else the buttons asked it
            secret = self.slot in (*shared_names.VERIFICATION_SLOTS, shared_names.CODE_SLOT)
            marks = {SECRET_ANSWER_KEY: True} if secret else personal_marker(reply.personal)
            dispatcher.utter_message(text=reply.text, buttons=buttons, **marks)
        # The turn's metadata: an answer's that the form's check gave in this run, else the question's.
        dispatcher.utter_message(json_message=answered_in_form(tracker.events or [], form) or metadata.as_payload())
        return []


def _ask_class(slot: str) -> type:
    name = "Ask" + "".join(part.capitalize() for part in slot.split("_"))
    return type(name, (AskAction,), {"slot": slot, "__module__": __name__, "__qualname__": name,
                                     "__doc__": f"action_ask_{slot}: {ASK_REPLIES[slot]}"})


# One action_ask_<slot> per question, for the verification, repair, onboarding and feedback forms.
ASK_ACTIONS: Dict[str, type] = {slot: _ask_class(slot) for slot in ASK_REPLIES}
globals().update({cls.__name__: cls for cls in ASK_ACTIONS.values()})


class FlowValidation(FormValidationAction, ABC):
    """Checks each answer of a form with one call into a flow (`validate_<slot>` for each slot).
    Abstract: a subclass sets `form`, `slots` and `flow`."""

    form: str
    slots: Tuple[str, ...] = ()
    unsure_answers = False  # "weet ik niet" is an answer to this form's questions (the flow says how to go on)

    @staticmethod
    @abstractmethod
    def flow(*args: Any) -> kernel.Step:
        """The flow that checks one answer (services, content, turn, slot, value)."""

    def name(self) -> str:
        return f"validate_{self.form}"

    def __getattr__(self, attribute: str) -> Any:
        # rasa_sdk looks up extract_<slot> and validate_<slot> by name; every slot of this form has the same.
        asked = attribute[len("extract_"):] if attribute.startswith("extract_") else ""
        if asked in type(self).slots and type(self).unsure_answers:
            return self._unsure_as_answer(asked)
        slot = attribute[len("validate_"):] if attribute.startswith("validate_") else ""
        if slot not in type(self).slots:
            raise AttributeError(attribute)

        async def validate(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[str, Any]:
            if value is None:  # a slot cleared before the form started: nothing was answered
                return {}
            turn = turn_from(tracker)
            back = form_moves.step_back(turn)  # "vorige vraag" read as an answer: the question before
            if back is not None:
                return dict(back.slots)
            step = await in_thread(type(self).flow, turn, slot, value)
            say_without_metadata(dispatcher, step.reply)
            return dict(step.slots)

        return validate

    @staticmethod
    def _unsure_as_answer(slot: str) -> Any:
        # "weet ik niet" is read as "no", which the slot mappings leave out (so "stop" stops the form):
        # as the answer to the question asked it is extracted here and checked like any answer, so the
        # form does not fall to the stop rule and keeps what the tenant already said (and a kept question).
        def extract(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
            text = str(tracker.latest_message.get("text") or "")
            asked = tracker.get_slot(REQUESTED_SLOT) == slot
            return {slot: text} if asked and repair_details.dont_know(text) else {}

        return extract


class ValidateVerificationForm(FlowValidation):
    form = VERIFICATION_FORM
    slots = (*shared_names.VERIFICATION_SLOTS, shared_names.CODE_SLOT)
    unsure_answers = True
    flow = staticmethod(verification_flow.verification_input)

    async def required_slots(self, domain_slots: List[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[str]:
        if tracker.get_slot(kernel.VERIFICATION_OUTCOME):
            return []
        if tracker.get_slot(kernel.VERIFICATION_METHOD) == "code":
            return [shared_names.CODE_SLOT]
        return [slot for slot in domain_slots if slot != shared_names.CODE_SLOT]


class ValidateRepairForm(FlowValidation):
    form = REPAIR_FORM
    slots = kernel.REPAIR_SLOTS
    unsure_answers = True
    flow = staticmethod(repair_flow.repair_input)

    async def required_slots(self, domain_slots: List[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[str]:
        return [] if tracker.get_slot(kernel.REPAIR_OUTCOME) else domain_slots
