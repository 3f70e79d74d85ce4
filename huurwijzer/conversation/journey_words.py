"""Words that steer the onboarding journey whatever question it asked: stopping it, a polite no,
saying it is not clear, and a bare yes (to the journey's offer; huurwijzer.conversation.bare_yes uses
it for follow-ups too). Dutch and English, as tenants type them (a button sends its own payload)."""

from __future__ import annotations

import re

# Stopping: the questions left are skipped and the journey pauses, its offer closed.
_STOP = re.compile(r"\b(stop|stoppen|laat maar|hou op|quit)\b")
# A polite no: it stops an open question ("hoe wilt u contact?"); to a yes/no question it is "nee".
_DECLINE = re.compile(r"^\W*(nee|neen|no)\W*(bedankt|dank ?je( wel)?|dank u( wel)?|thanks|thank you)\W*$")
_NO = re.compile(r"^\W*(nee|neen|no|nope)\W*$")
_UNCLEAR = re.compile(r"\b(snap|begrijp) (het |er |dit |dat |u )?(niet|niks|niets)\b|\bniet (begrepen|duidelijk)\b"
                      r"|\bwat bedoel|\bwat moet ik (hier )?(doen|antwoorden|zeggen)\b"
                      r"|\b(don'?t|do not) (understand|get it)\b|\bwhat do you mean\b")

# The whole message asks for the next step: "Overslaan" is a button's title (the login step), typed.
_SKIP_STEP = re.compile(r"^\W*(overslaan|sla (maar )?over|liever niet|volgende( stap)?|skip|rather not|next( step)?)"
                        r"\W*$")

# The whole message asks for the step before ("vorige stap" was read as "verder" and skipped a step).
_BACK = re.compile(r"^\W*(terug|ga terug|(een )?(stap|vraag) terug|vorige( stap| vraag)?|naar de vorige( stap| vraag)?|"
                   r"back|go back|previous question|"
                   r"previous( step)?)\W*$")

# Naming the journey itself ("ik wil verder met de stappen"): "verder" outside it goes on then,
# it is not "fijne avond verder".
_THE_JOURNEY = re.compile(r"\b(de|die|mijn|het) (stappen|kennismaking\w*|onboarding|welkomstappen)\b"
                          r"|\b(the|my) (steps|onboarding|introduction|welcome( steps)?)\b")

# The whole message says "go on" ("ik wil verder", "ga maar door", "continue"): only the journey goes on
# outside a form, so after it was started, offered or paused this picks it up again (QA, session 19: it
# got "Ik weet niet zeker wat u bedoelt").
_GO_ON = re.compile(r"^\W*(((ik )?(wil|wou|zou)( graag)? )?(ga )?(maar |graag )?(verder|verdergaan|doorgaan)"
                    r"|ga (maar |graag )?door)( gaan)?( graag| aub| alstublieft| please)?\W*$"
                    r"|^\W*(i want to |i'?d like to |let'?s )?(continue|go on|carry on)( please)?\W*$")

# The tenant says they are new ("hoi ik ben nieuwe huurder, wat moet ik doen"): the journey is for them. The
# classifier split such a message between the checklist and the first steps, and the fallback only offered a
# button (QA, session 19).
_NEW_TENANT = re.compile(r"\bik ben (net |pas |sinds kort |een |de )*nieuwe? huurder\b|\bals nieuwe huurder\b"
                         r"|\bi( a|')m (a )?new tenant\b|\bas a new tenant\b")

# Words that together say only "yes" (a repair named beside them is a problem report).
YES_WORDS = frozenset({"ja", "jawel", "jazeker", "jaja", "zeker", "graag", "hoor", "prima", "goed", "oké", "oke",
                       "ok", "okay", "okee", "doe", "maar", "dat", "is", "yes", "please", "sure", "yep", "yeah"})
YES_STARTS = frozenset({"ja", "jawel", "jazeker", "jaja", "zeker", "graag", "yes", "sure", "yep", "yeah"})
# "ok", "prima", "👍" and nothing more: the tenant has read it. Under a step's "Verder" that is "Verder" (QA,
# session 16: "ok" there got small talk); to "gaat alles goed?" "goed" is an answer, so it is not a yes.
_ACKNOWLEDGED = re.compile(r"^\W*((ok|oke|oké|okay|okee|okido|prima|top|helder|duidelijk|begrepen|gelezen|"
                           r"got it|understood|alright|all right)\W*)+(dank ?je( wel)?|dank u( wel)?|bedankt|"
                           r"thanks?( you)?)?[\W]*$|^\s*(👍\s*)+$")


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def stops(text: str) -> bool:
    return bool(_STOP.search(_plain(text)))


def declines(text: str) -> bool:
    """"nee, bedankt", "no thanks" and nothing more."""
    return bool(_DECLINE.match(_plain(text)))


def says_no(text: str) -> bool:
    """A bare "nee" or a polite one."""
    return declines(text) or bool(_NO.match(_plain(text)))


def unclear(text: str) -> bool:
    """"ik snap het niet", "wat bedoelt u?", "I don't understand"."""
    return bool(_UNCLEAR.search(_plain(text)))


def skips_step(text: str) -> bool:
    """"overslaan", "liever niet", "skip" and nothing more."""
    return bool(_SKIP_STEP.match(_plain(text)))


def goes_back(text: str) -> bool:
    """"vorige stap", "terug", "previous step" and nothing more."""
    return bool(_BACK.match(_plain(text)))


def acknowledges(text: str) -> bool:
    """"ok", "oké, duidelijk", "prima", "👍" and nothing more."""
    return bool(_ACKNOWLEDGED.match(_plain(text)))


def is_bare_yes(text: str) -> bool:
    """"ja", "ja graag", "yes please" and nothing more."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and words[0] in YES_STARTS and set(words) <= YES_WORDS


def new_tenant(text: str) -> bool:
    """"ik ben nieuwe huurder", "als nieuwe huurder", "I'm a new tenant" anywhere in the message."""
    return bool(_NEW_TENANT.search(_plain(text)))


def without_new_tenant(text: str) -> str:
    """The message with "ik ben nieuwe huurder" (and the like) left out, and its greeting and punctuation."""
    return " ".join(re.sub(r"^\W*(hoi|hallo|hey|hi|hello|goedendag|goedemorgen|goedemiddag|goedenavond)\b", " ",
                           _NEW_TENANT.sub(" ", _plain(text))).replace(",", " ").split())


def goes_on(text: str) -> bool:
    """"ik wil verder", "ga maar door", "verder graag", "continue" and nothing more."""
    return bool(_GO_ON.match(_plain(text)))


def names_journey(text: str) -> bool:
    """"verder met de stappen", "go on with the steps": the journey, named in so many words."""
    return bool(_THE_JOURNEY.search(_plain(text)))
