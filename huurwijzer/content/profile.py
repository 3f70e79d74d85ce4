"""The corporation profile (knowledge/corporation.yml): everything that differs per corporation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Optional, Tuple

from huurwijzer.content.closing_days import ClosingDays, ClosingDaysError, parse_closing_days
from huurwijzer.content.hours import WeeklyHours, describe_week, parse_week
from huurwijzer.content.knowledge import load_yaml_text
from huurwijzer.content.rewards_profile import Rewards as Rewards  # where the conversation reads it
from huurwijzer.content.rewards_profile import RewardsError, parse_rewards
from huurwijzer.content.twin_fingerprints import SERVED, fingerprint_key, state_of

# Every {name} an answer text or response may use, with where it comes from in the profile.
TEMPLATE_FIELDS: Mapping[str, Tuple[str, ...]] = MappingProxyType({
    "corporatie": ("naam",),
    "werkgebied": ("werkgebied",),
    "telefoon": ("telefoon",),
    "spoednummer": ("spoednummer",),
    "whatsapp": ("whatsapp",),
    "email": ("email",),
    "website": ("website",),
    "huurdersportaal": ("huurdersportaal",),
    "adres_kantoor": ("adres_kantoor",),
    "balie": ("balie",),
    "norm_direct": ("servicenormen", "direct"),
    "norm_spoed": ("servicenormen", "spoed"),
    "norm_afspraak": ("servicenormen", "afspraak_reparatie"),
    "norm_klaar": ("servicenormen", "reparatie_klaar"),
    "norm_klacht": ("servicenormen", "reactie_klacht"),
    "norm_zav": ("servicenormen", "reactie_zav_aanvraag"),
    "norm_voorinspectie": ("servicenormen", "voorinspectie"),
    "norm_schade_na_sleutel": ("servicenormen", "schade_melden_na_sleuteloverdracht"),
    # Our practice, not the law: texts say "bij ons" and take these from the profile.
    "opzegging_gaat_in": ("werkwijze", "opzegging_gaat_in"),
    "opzegtermijn_garage": ("werkwijze", "opzegtermijn_garage"),
    "inwonen_toestemming_na": ("werkwijze", "inwonen_toestemming_na"),
    "eerste_huur_betalen": ("werkwijze", "eerste_huur_betalen"),
    "voorrijkosten": ("voorrijkosten_niet_thuis",),
    "afspraak_verzetten_tot": ("afspraak_verzetten_tot",),
    "betaaldag": ("huur", "betaaldag"),
    "incassodatum": ("huur", "incassodatum"),
    "incasso_later": ("huur", "incasso_later_mogelijk"),
    "betalingsregeling": ("huur", "betalingsregeling"),
    "vroeg_hulp": ("huur", "vroeg_hulp"),
    "abonnement_naam": ("serviceabonnement", "naam"),
    "abonnement_prijs": ("serviceabonnement", "prijs_per_maand"),
    "abonnement_duur": ("serviceabonnement", "minimale_duur"),
    "abonnement_dekt": ("serviceabonnement", "dekt"),
    "abonnement_dekt_niet": ("serviceabonnement", "dekt_niet"),
    "abonnement_aanmelden": ("serviceabonnement", "aanmelden"),
    "inbraak_herstel": ("inbraak_herstel",),
    "huisdieren_beleid": ("huisdieren",),
})
# Computed from the opening hours rather than copied from one field.
COMPUTED_FIELDS = ("openingstijden_telefoon", "openingstijden_chat")
# Chosen by a yes/no setting of the profile; the Dutch texts are in knowledge/replies.yml under
# the names of SETTING_REPLIES (see huurwijzer.content.loader.with_setting_texts).
SETTING_FIELDS = ("glasschade_regeling", "abonnement_verplicht")
SETTING_REPLIES: Mapping[str, Tuple[str, str]] = MappingProxyType({
    "glasschade_regeling": ("profiel_glasfonds_ja", "profiel_glasfonds_nee"),
    "abonnement_verplicht": ("profiel_abonnement_verplicht", "profiel_abonnement_vrijwillig"),
})
# Fields whose value is Dutch wording (not a name, number or address). Each may have an English
# twin beside it in corporation.yml, the same key with "_en" (huur.betalingsregeling_en), used in
# English conversations; the linter reports an English text that uses one without its twin.
# The working area counts as wording: it often joins places with Dutch words ("Eemdal en Hooglanden").
WORDED_FIELDS = frozenset(TEMPLATE_FIELDS) - {
    "corporatie", "telefoon", "spoednummer", "whatsapp", "email", "website", "huurdersportaal",
    "adres_kantoor", "voorrijkosten", "abonnement_naam", "abonnement_prijs"}
ENGLISH_SUFFIX = "_en"
# Every {name} the profile fills in.
PROFILE_VARIABLES = frozenset(TEMPLATE_FIELDS) | frozenset(COMPUTED_FIELDS) | frozenset(SETTING_FIELDS)


class ProfileError(ValueError):
    """The profile file is incomplete or malformed; the message says what to fix, in Dutch."""


@dataclass(frozen=True)
class Profile:
    phone_hours: WeeklyHours
    chat_hours: WeeklyHours
    holidays: ClosingDays
    variables: Mapping[str, str]
    rewards: Optional[Rewards] = None  # None: no programme (the default)
    glass_fund: bool = False  # broken glass is covered by a glass fund in the service costs
    subscription_required: bool = False  # the service subscription is part of every new lease
    # The variables for an English conversation: English twins (WORDED_FIELDS) where staff wrote them.
    variables_en: Mapping[str, str] = MappingProxyType({})
    # In the English view of the content (loader.in_language) `variables` are the English ones; these
    # are the Dutch ones, for a Dutch text shown there (an entry without a current English answer).
    variables_nl: Mapping[str, str] = MappingProxyType({})

    def dutch_variables(self) -> Mapping[str, str]:
        """The variables to fill a Dutch text with, in either view."""
        return self.variables_nl or self.variables

    def english_twin(self, name: str) -> str:
        """Where the English twin of `name` belongs in corporation.yml (huur.betalingsregeling_en)."""
        return ".".join(TEMPLATE_FIELDS[name]) + ENGLISH_SUFFIX

    def setting(self, field: str) -> bool:
        """The yes/no setting that chooses the text of a SETTING_FIELDS variable."""
        return {"glasschade_regeling": self.glass_fund, "abonnement_verplicht": self.subscription_required}[field]


def _lookup(raw: Mapping[str, Any], path: Tuple[str, ...]) -> str:
    node: Any = raw
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            raise ProfileError(f"veld '{'.'.join(path)}' ontbreekt in het corporatieprofiel")
        node = node[key]
    if isinstance(node, (Mapping, list)) or node is None:
        raise ProfileError(f"veld '{'.'.join(path)}' moet een tekst zijn")
    return str(node).strip()


def english_twins(raw: Mapping[str, Any], served: bool = False) -> dict[str, str]:
    """The English twins of the WORDED_FIELDS that corporation.yml has; with `served`, only those a
    tenant may read (not outdated: twin_fingerprints.SERVED), so the Dutch value stands in for the rest."""
    twins = {}
    for name in WORDED_FIELDS:
        path = TEMPLATE_FIELDS[name]
        parent: Any = raw
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, Mapping) else None
        english = path[-1] + ENGLISH_SUFFIX
        if isinstance(parent, Mapping) and english in parent:
            dutch = parent.get(path[-1])
            dutch_text = "" if dutch is None or isinstance(dutch, (Mapping, list)) else str(dutch)
            if not served or state_of(dutch_text, parent.get(fingerprint_key(english))) in SERVED:
                twins[name] = _lookup(raw, (*path[:-1], english))
    return twins


def parse_profile(raw: Any) -> Profile:
    if not isinstance(raw, Mapping):
        raise ProfileError("het corporatieprofiel moet velden bevatten (naam: waarde)")
    variables = {name: _lookup(raw, path) for name, path in TEMPLATE_FIELDS.items()}
    hours = raw.get("openingstijden")
    if not isinstance(hours, Mapping):
        raise ProfileError("'openingstijden' ontbreekt in het corporatieprofiel")
    weeks = {}
    for channel in ("telefoon", "chat"):
        if not isinstance(hours.get(channel), Mapping):
            raise ProfileError(f"'openingstijden.{channel}' ontbreekt in het corporatieprofiel")
        try:
            weeks[channel] = parse_week(hours[channel])
        except ValueError as exc:
            raise ProfileError(f"openingstijden.{channel}: {exc}") from exc
    try:
        holidays = parse_closing_days(raw.get("feestdagen"))
    except ClosingDaysError as exc:
        raise ProfileError(str(exc)) from exc
    glass_fund = raw.get("glasfonds")
    if not isinstance(glass_fund, bool):
        raise ProfileError("'glasfonds' moet true of false zijn")
    subscription = raw.get("serviceabonnement")
    required = subscription.get("verplicht") if isinstance(subscription, Mapping) else None
    if not isinstance(required, bool):
        raise ProfileError("'serviceabonnement.verplicht' moet true of false zijn")
    variables["openingstijden_telefoon"] = describe_week(weeks["telefoon"])
    variables["openingstijden_chat"] = describe_week(weeks["chat"])
    rewards = raw.get("beloningsprogramma")
    if rewards is not None and not isinstance(rewards, Mapping):
        raise ProfileError("'beloningsprogramma' moet velden bevatten (aan, naam, voorwaarden, voordelen)")
    try:
        programme = parse_rewards(rewards)
    except RewardsError as exc:
        raise ProfileError(str(exc)) from exc
    return Profile(
        phone_hours=weeks["telefoon"],
        chat_hours=weeks["chat"],
        holidays=holidays,
        variables=MappingProxyType(variables),
        rewards=programme,
        glass_fund=glass_fund,
        subscription_required=required,
        variables_en=MappingProxyType({**variables, **english_twins(raw, served=True),
                                       "openingstijden_telefoon": describe_week(weeks["telefoon"], english=True),
                                       "openingstijden_chat": describe_week(weeks["chat"], english=True)}),
    )


def with_setting_texts(profile: Profile, texts: Mapping[str, str],
                       english: Optional[Mapping[str, str]] = None) -> Profile:
    """The profile with each SETTING_FIELDS variable filled by the text its setting chooses;
    `texts` holds the replies named in SETTING_REPLIES (they may use profile {names} themselves),
    `english` their English versions where knowledge/languages.yml has them."""
    from dataclasses import replace

    variables, variables_en = dict(profile.variables), dict(profile.variables_en)
    for name, (if_on, if_off) in SETTING_REPLIES.items():
        chosen = if_on if profile.setting(name) else if_off
        if chosen not in texts:
            raise ProfileError(f"tekst '{chosen}' ontbreekt in knowledge/replies.yml")
        variables[name] = texts[chosen].format_map(profile.variables)
        variables_en[name] = (english or {}).get(chosen, texts[chosen]).format_map(profile.variables_en)
    return replace(profile, variables=MappingProxyType(variables), variables_en=MappingProxyType(variables_en))


def load_profile(path: Path) -> Profile:
    return parse_profile(load_yaml_text(path.read_text(encoding="utf-8")))
