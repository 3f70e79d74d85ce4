import logging

from bot.log_privacy import REDACTED, _safe_record_factory, _structlog_processor, sanitise

FAILURE = ("Failed to execute custom action 'action_personal': 500, Internal Server Error, "
           "body='b'{\"error\": \"x\", \"request_body\": {\"next_action\": \"action_personal\", \"sender_id\": \"a\", "
           "\"tracker\": {\"latest_message\": {\"text\": \"mijn postcode is 3811 AB\"}}}}''")


def test_request_bodies_and_personal_data_are_cut_from_log_lines() -> None:
    clean = sanitise(FAILURE)
    assert clean.startswith("Failed to execute custom action 'action_personal'") and "3811 AB" not in clean
    assert "tracker" not in clean and REDACTED in clean
    assert sanitise("tenant called from 06-12345678 about HC-100007") == \
        "tenant called from [telefoon] about [contractnummer]"


def test_records_and_tracebacks_are_made_safe_when_created() -> None:
    factory = _safe_record_factory(logging.LogRecord)
    try:
        raise RuntimeError(FAILURE)
    except RuntimeError:
        import sys

        record = factory("rasa.core.processor", logging.ERROR, __file__, 1, "failed for %s", ("+31612345678",),
                         sys.exc_info())
    assert record.getMessage() == "failed for [telefoon]"
    assert record.exc_text is not None and "3811 AB" not in record.exc_text and "RuntimeError" in record.exc_text


def test_structlog_text_fields_are_left_out() -> None:
    event = _structlog_processor(None, "debug", {"event": "rest.message.received", "text": "ik ben Jan, 0612345678",
                                                 "sender_id": "abc"})
    assert event == {"event": "rest.message.received", "text": REDACTED, "sender_id": "abc"}


def run_with_log_privacy(code: str) -> str:
    """`code` in a fresh Python with bot.log_privacy installed as bot.server does; its whole output."""
    import subprocess
    import sys
    from pathlib import Path

    script = ("import logging, sys\nfrom bot import log_privacy\nlog_privacy.install()\n"
              "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n" + code)
    done = subprocess.run([sys.executable, "-W", "default", "-c", script], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


def test_messages_starting_with_a_slash_do_not_reach_the_log_through_warnings() -> None:
    # Issue 17, Medium 5: Rasa's UserWarning "Failed to parse arguments in line ..." quotes the message.
    output = run_with_log_privacy(
        "from rasa.shared.core.domain import Domain\n"
        "from rasa.shared.nlu.training_data.message import Message\n"
        "from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler\n"
        "domain = Domain.load('bot/domain')\n"
        "text = '/my_rent HC-100007 3811 ab 3811AB 01-02-1980 0612345678'\n"
        "RegexMessageHandler().process([Message(data={'text': text})], domain)\n")
    assert "Failed to parse arguments" in output  # the warning itself is still there for developers
    for secret in ("100007", "3811", "01-02-1980", "0612345678"):
        assert secret not in output


def test_personal_bot_messages_show_no_text_when_rasa_logs_events() -> None:
    # Issue 17, High 1: the mark set where personal data is rendered is read by the logs too.
    output = run_with_log_privacy(
        "from rasa.shared.core.events import BotUttered\n"
        "from huurwijzer.conversation.shared_names import PERSONAL_KEY\n"
        "events = [BotUttered('Uw adres is Lindelaan 5 in Amersfoort', {}, {PERSONAL_KEY: True}),"
        " BotUttered('Huisdieren mogen.')]\n"
        "logging.getLogger('rasa.core.processor').debug(f'Action ended with events {events}.')\n"
        "logging.getLogger('rasa.core.processor').debug('Event %s', events[0])\n")
    assert "Huisdieren mogen." in output and "Lindelaan" not in output
