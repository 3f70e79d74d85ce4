"""Names are the contract between YAML and Python: everything used exists, everything defined is used."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any, Dict, Iterable, Set

import pytest
import yaml
from rasa_sdk import Action

import actions.actions as action_module
import actions.followup_actions as followup_module
import actions.journey_actions as journey_module
import actions.personal_actions as personal_module
from bot.nlu_data import render_training_data
from huurwijzer.content.profile import PROFILE_VARIABLES
from huurwijzer.content.repairs import BASES, PARTIES
from huurwijzer.content.replies import ACTION_VARIABLES
from huurwijzer.content.topics import BASIC_INTENT_TOPICS, DENY_TOPIC, HANDOVER_TOPIC, all_topics, service_topics
from huurwijzer.conversation import followup_flows, journey_slots, kernel, shared_names
from huurwijzer.conversation.answering import REPAIR_UNKNOWN
from huurwijzer.conversation.personal import HEATING_REPLIES, PAYMENT_METHOD_REPLIES, REPAIR_STATUS_REPLIES

ROOT = Path(__file__).resolve().parent.parent


def load_yaml_files(*folders: str) -> Iterable[Dict[str, Any]]:
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.yml")):
            if "generated" in path.parts:
                continue
            yield yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def domain() -> Dict[str, Any]:
    merged: Dict[str, Any] = {"intents": [], "actions": [], "responses": {}, "slots": {}, "entities": []}
    for part in load_yaml_files("bot/domain"):
        for key in ("intents", "actions", "entities"):
            merged[key] += [next(iter(i)) if isinstance(i, dict) else i for i in part.get(key, [])]
        merged["responses"].update(part.get("responses", {}))
        merged["slots"].update(part.get("slots", {}))
    return merged


def steps(*folders: str) -> Iterable[Dict[str, Any]]:
    for part in load_yaml_files(*folders):
        for flow in part.get("rules", []) + part.get("stories", []):
            for step in flow.get("steps", []):
                yield from step.get("or", [step])


def nlu_intents() -> Set[str]:
    texts = [yaml.safe_load(render_training_data(ROOT / "knowledge"))]
    texts += list(load_yaml_files("data/nlu"))
    return {item["intent"] for part in texts for item in part.get("nlu", []) if "intent" in item}


ACTION_MODULES = (action_module, personal_module, journey_module, followup_module)


def implemented_actions() -> Set[str]:
    # The abstract bases (FlowAction, AskAction, FlowValidation) are no actions of their own.
    return {cls().name() for module in ACTION_MODULES for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, Action) and cls.__module__ == module.__name__ and not inspect.isabstract(cls)}


def run_by_rasa() -> Set[str]:
    """Actions Rasa runs itself: form validation, form questions and the session start."""
    forms = domain_forms()
    used = {f"validate_{form}" for form in forms} | {"action_session_start"}
    return used | {f"action_ask_{slot}" for spec in forms.values() for slot in spec["required_slots"]}


def domain_forms() -> Dict[str, Any]:
    forms: Dict[str, Any] = {}
    for part in load_yaml_files("bot/domain"):
        forms.update(part.get("forms") or {})
    return forms


def replies() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "knowledge" / "replies.yml").read_text(encoding="utf-8"))


def actions_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8")
                     for p in [*(ROOT / "actions").glob("*.py"), *(ROOT / "huurwijzer").rglob("*.py")])


def replies_used_by_python() -> Set[str]:
    source = actions_source()
    used = {intent for intent in [*BASIC_INTENT_TOPICS, "deny"]}
    used |= set(personal_module.ASK_REPLIES.values())
    for mapping in (PAYMENT_METHOD_REPLIES, HEATING_REPLIES, REPAIR_STATUS_REPLIES):
        used |= set(mapping.values())
    used.add(REPAIR_UNKNOWN)  # a reply name defined once as a constant (answering, read by back_reference)
    used |= set(re.findall(r'(?:fixed_reply|reply_text)\(content, "([a-z_]+)"', source))
    # repair_answer picks texts by the table's party and basis values
    for prefix, values in re.findall(r'reply_text\(content, f"([a-z_]+)\{obj\.(party|basis)\}"', source):
        used |= {f"{prefix}{v}" for v in (PARTIES if values == "party" else BASES)}
    for prefix in re.findall(r'contact_route\(content, now, "([a-z_]+)"', source):
        used |= {f"{prefix}_open", f"{prefix}_closed"}
    return used


def test_topics_copy_equals_shared_taxonomy() -> None:
    shared = ROOT.parent / "shared" / "topics.yml"
    if not shared.exists():
        pytest.fail("../shared/topics.yml is missing beside the project")
    assert (ROOT / "knowledge" / "topics.yml").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


def test_intents_are_defined_trained_and_handled() -> None:
    defined = set(domain()["intents"])
    assert defined == nlu_intents(), "domain intents and NLU intents differ"
    handled = {s["intent"] for s in steps("data/rules", "data/stories") if "intent" in s}
    assert defined - handled == set(), "intents without a rule or story"
    assert handled - defined - {"nlu_fallback"} == set(), "rules use unknown intents"


def test_actions_in_domain_are_implemented_and_used() -> None:
    declared = set(domain()["actions"])
    assert declared == implemented_actions()
    used = {s["action"] for s in steps("data/rules", "data/stories") if "action" in s}
    assert declared - used - run_by_rasa() == set(), "declared actions no rule or story runs"
    unknown = {a for a in used if not a.startswith("utter_")} - declared - set(domain_forms())
    assert unknown == set(), "rules run undeclared actions"


def test_fixed_replies_used_exist_and_defined_are_used() -> None:
    defined, used = set(replies()), replies_used_by_python()
    assert used - defined == set(), "replies used in actions/ but missing in knowledge/replies.yml"
    # Names chosen by a condition ("logged_out" if ... else "not_logged_in") count as used when
    # they appear as a string in actions/.
    bot_source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "bot").rglob("*.py"))
    literals = set(re.findall(r'"([a-z_]+)"', actions_source() + bot_source))
    assert defined - used - literals == set(), "replies in knowledge/replies.yml that nothing sends"
    assert domain()["responses"] == {}, "texts belong in knowledge/replies.yml (live-editable)"


def test_reply_variables_and_button_intents_exist() -> None:
    known = PROFILE_VARIABLES | ACTION_VARIABLES
    intents = set(domain()["intents"])
    for name, reply in replies().items():
        used = set(re.findall(r"{(\w+)}", reply["text"]))
        assert used <= known, f"{name} uses unknown {used - known}"
        for button in reply.get("buttons", []):
            # "/intent" payloads trigger an intent; plain text is an answer typed for the user.
            if button["payload"].startswith("/"):
                assert button["payload"][1:].split("{")[0] in intents


def test_every_topic_is_answered_somewhere() -> None:
    topics = set(all_topics())
    conversation = set(BASIC_INTENT_TOPICS.values()) | {HANDOVER_TOPIC, DENY_TOPIC}
    assert conversation <= topics
    assert set(service_topics()) <= set(domain()["intents"])
    assert topics == conversation | set(service_topics())


def test_slots_and_entities_are_used_by_actions() -> None:
    source = actions_source()
    slots = set(domain()["slots"])
    literals = set(re.findall(r'"([a-z_]+)"', source))
    assert slots - literals == set(), "slots no action reads or sets"
    named = {action_module.FALLBACK_SLOT, kernel.NEXT_STEP, kernel.PENDING_REQUEST, kernel.VERIFICATION_METHOD,
             kernel.VERIFICATION_OUTCOME, shared_names.CODE_SLOT, kernel.REPAIR_OUTCOME,
             *shared_names.VERIFICATION_SLOTS,
             *kernel.REPAIR_SLOTS, *personal_module.ASK_REPLIES, journey_slots.ACTIVE, journey_slots.OFFERED,
             journey_slots.DECLINED, kernel.PENDING_CONFIDENCE,
             *shared_names.PREFERENCE_SLOTS, *kernel.FEEDBACK_SLOTS, followup_flows.ASKED}
    assert named - slots == set(), "actions use slots the domain does not define"
    for entity in domain()["entities"]:
        assert f'"{entity}"' in source


def test_env_example_lists_every_variable_the_code_reads() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for folder in ("actions", "bot", "console", "huurwijzer")
                       for p in (ROOT / folder).rglob("*.py"))
    source += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "bot").glob("endpoints*.yml"))
    read = set(re.findall(r'environ\.get\("([A-Z_]+)"', source)) | set(re.findall(r"\$\{([A-Z_]+)\}", source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert read - listed == set()
