"""What rasa_sdk registers from our actions package: the actions the domain names, no nameless ones
from the abstract bases, and one generated form question per ASK_REPLIES entry."""

from __future__ import annotations

import inspect

import pytest
from rasa_sdk.executor import ActionExecutor

from actions import journey_actions, personal_actions
from actions.personal_actions import ASK_ACTIONS, ASK_REPLIES, AskAction, FlowAction, FlowValidation
from tests.test_names_contract import implemented_actions


@pytest.fixture(scope="module")
def registered() -> set[str]:
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def test_no_action_without_a_name_of_its_own(registered: set[str]) -> None:
    assert not registered & {"", "action_ask_", "validate_"}
    assert all(name.strip("_") and not name.endswith("_") for name in registered)


def test_rasa_sdk_registers_exactly_our_actions(registered: set[str]) -> None:
    assert registered == implemented_actions()


@pytest.mark.parametrize("base", [FlowAction, AskAction, FlowValidation])
def test_the_bases_are_abstract(base: type) -> None:
    assert inspect.isabstract(base)
    with pytest.raises(TypeError):
        base()


def test_one_question_action_per_asked_slot(registered: set[str]) -> None:
    assert set(ASK_ACTIONS) == set(ASK_REPLIES)
    assert {f"action_ask_{slot}" for slot in ASK_REPLIES} <= registered
    for slot, cls in ASK_ACTIONS.items():
        assert cls().name() == f"action_ask_{slot}"
        assert getattr(personal_actions, cls.__name__) is cls  # importable by its name, as before
    assert personal_actions.AskVerificationBirthDate().name() == "action_ask_verification_birth_date"
    assert not any(issubclass(cls, AskAction) for _, cls in inspect.getmembers(journey_actions, inspect.isclass))
