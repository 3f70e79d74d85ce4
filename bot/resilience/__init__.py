"""No conversation gets stuck, and a tenant is told only what was stored. Installed by
`python -m bot.server` (never on import).

Every message gets a non-empty answer (action_failures.py, listening.py, turn.py):
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

Conversation stores, tracker store database and Redis lock store (stores.py, turn.py,
conversation_lock.py):
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

The apology itself, and the form question said in the action server's place, are in apology.py.
"""

from __future__ import annotations


def install() -> None:
    """Its Rasa targets are listed in bot/rasa_patches.py and checked before it runs."""
    from bot.resilience import action_failures, listening, stores, turn

    stores.install()
    turn.install()
    listening.install()
    action_failures.install()
