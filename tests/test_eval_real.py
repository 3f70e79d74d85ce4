"""bench/eval_real.py: aggregate figures never show a question's text; every look at the errors is counted."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from eval_dev import Outcome, Scores, errors  # noqa: E402
from eval_real import record_look, side_by_side  # noqa: E402

SECRET = "de kraan van mevrouw geheim lekt al weken"


def scores() -> Scores:
    repair = {"id": "x-1", "text": SECRET, "topic": "repair_responsibility", "expected_party": "huurder"}
    oos = {"id": "x-2", "text": "een recept voor soep geheim", "topic": "out_of_scope"}
    return Scores([Outcome(repair, "repair_responsibility", 0.9, False, "verhuurder"),
                   Outcome(oos, "out_of_scope", 0.8, False, None)])


def test_aggregate_table_shows_no_text() -> None:
    table = "\n".join(side_by_side({"blind": scores()}))
    assert "geheim" not in table
    assert "| wrong-answer rate (in scope) | 1.000 (1/1) |" in table  # the wrong party counts as wrong
    assert "| out-of-scope recall | 1.000 (1/1) |" in table
    assert "| out of scope answered as a topic | 0.000 (0/1) |" in table


def test_an_out_of_scope_question_answered_as_a_housing_topic_is_counted() -> None:
    """Not in the in-scope wrong-answer rate, yet a tenant gets an answer about something else."""
    oos = {"id": "x-3", "text": "waar kan ik mijn auto laten repareren", "topic": "out_of_scope"}
    answered = Scores([Outcome(oos, "repair_responsibility", 0.9, False, "huurder")]).figures()
    fell_back = Scores([Outcome(oos, "repair_responsibility", 0.3, True, None)]).figures()
    assert answered["out of scope answered as a topic"] == (1, 1)
    assert fell_back["out of scope answered as a topic"] == (0, 1)


def test_errors_show_texts_and_each_look_is_counted(tmp_path: Path) -> None:
    assert any(SECRET in line for line in errors(scores()))
    log = tmp_path / "looks.log"
    log.write_text("# header\n", encoding="utf-8")
    assert record_look(log, "tester") == 1
    assert record_look(log, "tester") == 2
    assert log.read_text(encoding="utf-8").splitlines()[-1].endswith(" tester")


def test_a_fallback_counts_as_one_click_away_only_when_its_buttons_hold_the_right_topic() -> None:
    rent = {"id": "x-3", "text": "wat moet ik betalen", "topic": "rent_payment"}
    repair = {"id": "x-4", "text": "de deur klemt", "topic": "repair_responsibility"}
    figures = Scores([Outcome(rent, "arrears", 0.4, True, None, frozenset({"arrears", "rent_payment"})),
                      Outcome(repair, "rent_payment", 0.3, True, None, frozenset({"rent_payment"})),
                      Outcome(rent, "rent_payment", 0.9, False, None)]).figures()
    assert figures["fallbacks offering the right topic (in scope)"] == (1, 2)


def test_the_sweep_redecides_as_the_live_gate_does() -> None:
    """--sweep re-decided with `decide` alone: a gas leak read as small talk stayed small talk in its table,
    while the live gate's danger check answers it as the emergency; an acute leak read as who repairs stayed
    who repairs. The sweep now gives the gate's decision at its threshold."""
    from eval_real import redecided
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.gate import UnderstandingGate
    from huurwijzer.content.loader import build_content

    cases = [("hoe weet je of je een gaslek hebt?", [("smalltalk", 0.8), ("emergency_repair", 0.1), ("greet", 0.05)]),
             ("er komt water door het plafond, wie moet dat maken?",
              [("repair_responsibility", 0.8), ("emergency_repair", 0.15), ("insurance", 0.05)])]
    content = build_content(ROOT / "knowledge")
    items = [{"id": f"x-{i}", "text": text, "topic": "emergency_repair"} for i, (text, _) in enumerate(cases)]
    results = [{"intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                "classifier_ranking": [{"name": n, "confidence": c} for n, c in ranking]} for _, ranking in cases]
    config = {**UnderstandingGate.get_default_config(), "threshold": 0.5}
    gate = UnderstandingGate.create(config, None, Resource("gate"),  # type: ignore[arg-type]
                                    ExecutionContext(GraphSchema({}), "test", node_name="gate"))
    messages = [Message(data={TEXT: text, INTENT_RANKING_KEY: [{"name": n, "confidence": c} for n, c in ranking]})
                for text, ranking in cases]
    live = [message.get(INTENT)["name"] for message in gate.process(messages)]
    swept = [r["intent"]["name"] for r in redecided(content, items, results, 0.5)]
    assert swept == live == ["emergency_repair", "emergency_repair"]


def test_the_stage_table_counts_where_who_repairs_questions_go_and_shows_no_text() -> None:
    """eval_real --stages (bench/repair_stages.py): aggregate counts only, the analysis run on every item."""
    from repair_stages import stage_counts, stage_lines

    from huurwijzer.content.loader import build_content

    content = build_content(ROOT / "knowledge")
    dripping = {"id": "x-5", "text": "de kraan drupt geheim, wie repareert die?", "topic": "repair_responsibility",
                "expected_party": "huurder"}
    roof = {"id": "x-6", "text": "het dak lekt geheim, wie betaalt?", "topic": "repair_responsibility",
            "expected_party": "verhuurder"}
    outcomes = [Outcome(dripping, "repair_responsibility", 0.9, False, "huurder"),
                Outcome(roof, "report_repair", 0.4, True, None)]
    counts = stage_counts(content, outcomes)
    assert counts["who-repairs items"] == 2
    assert counts["routed to the who-repairs answer"] == 1 and counts["  fell back"] == 1
    assert counts["  object found: party right"] == 2  # the analysis finds the roof though the routing missed it
    assert counts["routed: party right"] == 1
    assert "geheim" not in "\n".join(stage_lines(content, {"abc": Scores(outcomes)}))
