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
