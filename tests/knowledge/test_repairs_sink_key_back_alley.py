"""Plain fixes of the table and its matcher from repairs7 (issue 15, session 21), without its gate rule: the
kitchen sink ("gootsteen") is no gutter ("goot"), a new key is the tenant's (domain facts A7, A11), and keeping
the back alley clean is the tenant's while its paving is ours (the Vinken Vastgoed onderhoud-ABC of A11).
Texts written for this test."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis


@pytest.mark.parametrize("text, object_id, party", [
    # the kitchen sink: cleaning or a full sink is the tenant's drain, not the gutter
    ("wie houdt de gootsteen schoon", "afvoer-verstopt", "huurder"),
    ("de gootsteen is vol, wie moet dat doen", "afvoer-verstopt", "huurder"),
    ("de gootsteen is kapot", "spoelbak-keuken", "verhuurder"),
    # the gutter itself is still found
    ("wie maakt de goot schoon", "dakgoot-schoonmaken", "huurder"),
    ("de goot lekt, wie repareert dat", "dakgoot-lek", "verhuurder"),
    # a new key, the back alley
    ("wie betaalt een nieuwe sleutel", "sleutel", "huurder"),
    ("wie moet de brandgang schoonhouden", "brandgang-schoonhouden", "huurder"),
    ("het achterpad ligt vol onkruid, moet ik dat zelf doen?", "brandgang-schoonhouden", "huurder"),
    ("de tegels in de brandgang zijn verzakt, wie herstelt dat", "brandgang-bestrating", "verhuurder"),
])
def test_sink_key_and_back_alley(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str,
                                 party: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and (analysis.object.id, analysis.party) == (object_id, party)
