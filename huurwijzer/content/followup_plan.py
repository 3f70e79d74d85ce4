"""The follow-up schedule after the keys (section `opvolging` of knowledge/corporation.yml): which
messages go out how many days after the contract starts, at which times of day, never in quiet
hours. Pure functions; no database, no clock of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple

from huurwijzer.content.hours import Interval, parse_interval
from huurwijzer.content.knowledge import load_yaml_text
from huurwijzer.content.twin_fingerprints import MOMENT_TWINS, hidden

DEFAULT_WINDOW = "standaard"
ANY_LANGUAGE = "*"  # a ContentSid given without languages holds for every template language
CONTENT_SID = re.compile(r"HX[0-9a-fA-F]{32}")  # how Twilio names a Content template
SECTION = "opvolging"


class PlanError(ValueError):
    """The `opvolging` section is malformed; the message says what to fix, in Dutch."""


@dataclass(frozen=True)
class Moment:
    id: str
    days: int  # after the contract's start date (the day the keys are handed over)
    purpose: str
    text: str  # with {voornaam} and the profile's {names}
    whatsapp_template: str
    text_en: Optional[str] = None  # for tenants whose stored language is English; None (or outdated): Dutch

    def text_in(self, english: bool) -> str:
        return self.text_en if english and self.text_en else self.text


@dataclass(frozen=True)
class FollowUpPlan:
    enabled: bool
    quiet_start: time  # quiet from quiet_start until quiet_end (may pass midnight)
    quiet_end: time
    windows: Mapping[str, Interval]  # preferred time ("ochtend", "middag", "na 17:00", "standaard")
    late_days: int
    whatsapp_language: str
    moments: Tuple[Moment, ...]
    repair_template: str = "huurwijzer_reparatie_klaar"  # the question after a completed repair
    # The language code of the templates' English versions (whatsapp_taal_en); None: English tenants
    # get the templates in whatsapp_language (inside WhatsApp's 24 hours the English text goes).
    whatsapp_language_en: Optional[str] = None
    # For WhatsApp through Twilio (`twilio_content`): the ContentSid of each template name, per
    # template language (ANY_LANGUAGE: one Content template for every language).
    twilio_content: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))

    def content_sid(self, template: str, language: str) -> Optional[str]:
        """The Twilio Content template approved for this WhatsApp template name and language; None: none set."""
        sids = self.twilio_content.get(template) or {}
        return sids.get(language) or sids.get(ANY_LANGUAGE)

    def template_language(self, english: bool) -> str:
        return self.whatsapp_language_en if english and self.whatsapp_language_en else self.whatsapp_language

    def is_quiet(self, local: datetime) -> bool:
        now = local.time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= now < self.quiet_end
        return now >= self.quiet_start or now < self.quiet_end

    def window_for(self, preferred_times: Optional[str]) -> Interval:
        return self.windows.get(preferred_times or DEFAULT_WINDOW) or self.windows[DEFAULT_WINDOW]

    def may_send_at(self, preferred_times: Optional[str], local: datetime) -> bool:
        """Inside the tenant's chosen times and outside the quiet hours (both always hold)."""
        window = self.window_for(preferred_times)
        return window.start <= local.time() < window.end and not self.is_quiet(local)

    def due(self, start: date, today: date, done: Iterable[str]) -> Tuple[Optional[Moment], Tuple[Moment, ...]]:
        """(the moment to send now, earlier moments that were missed and are skipped). At most one
        message a day: when several are due (the tenant gave consent late), only the latest goes."""
        finished = set(done)
        open_ = [m for m in self.moments if m.id not in finished and start + timedelta(days=m.days) <= today]
        if not open_:
            return None, ()
        latest = max(open_, key=lambda m: m.days)
        missed = tuple(m for m in open_ if m is not latest)
        if today > start + timedelta(days=latest.days + self.late_days):
            return None, tuple(open_)
        return latest, missed


def _time(text: Any, where: str) -> Interval:
    try:
        interval = parse_interval(str(text))
    except ValueError as exc:
        raise PlanError(f"{where}: {exc}") from exc
    if interval is None:
        raise PlanError(f"{where}: geef tijden als 09:00-12:00")
    return interval


def _quiet(text: Any) -> Tuple[time, time]:
    parts = str(text or "").split("-")
    try:
        start, end = (time.fromisoformat(p.strip().zfill(5)) for p in parts)
    except ValueError:
        raise PlanError("opvolging.stille_uren: geef tijden als 20:00-09:00") from None
    return start, end


def parse_plan(raw: Any) -> Optional[FollowUpPlan]:
    """None when the profile has no `opvolging` section."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise PlanError("'opvolging' moet velden bevatten (aan, stille_uren, tijden, momenten)")
    if not isinstance(raw.get("aan"), bool):
        raise PlanError("'opvolging.aan' moet true of false zijn")
    quiet_start, quiet_end = _quiet(raw.get("stille_uren"))
    times = raw.get("tijden")
    if not isinstance(times, Mapping) or DEFAULT_WINDOW not in times:
        raise PlanError("'opvolging.tijden' moet er zijn, met minstens 'standaard'")
    windows = {str(k): _time(v, f"opvolging.tijden.{k}") for k, v in times.items()}
    items = raw.get("momenten")
    if not isinstance(items, list) or not items:
        raise PlanError("'opvolging.momenten' moet een lijst zijn")
    moments = []
    for item in items:
        if not isinstance(item, Mapping) or not all(isinstance(item.get(k), str) and item[k].strip()
                                                    for k in ("id", "doel", "tekst", "whatsapp_sjabloon")):
            raise PlanError("elk moment in 'opvolging.momenten' heeft een id, doel, tekst en whatsapp_sjabloon")
        days = item.get("na_dagen")
        if not isinstance(days, int) or days < 0:
            raise PlanError(f"opvolging.momenten.{item['id']}: 'na_dagen' moet een heel getal van 0 of meer zijn")
        moments.append(Moment(item["id"].strip(), days, item["doel"].strip(), " ".join(item["tekst"].split()),
                              item["whatsapp_sjabloon"].strip(), _english_text(item)))
    ids = [m.id for m in moments]
    if len(set(ids)) != len(ids) or any(len(i) > 40 for i in ids):
        raise PlanError("opvolging.momenten: elk id mag één keer voorkomen (hoogstens 40 tekens)")
    late = raw.get("uiterlijk_dagen_later", 14)
    if not isinstance(late, int) or late < 0:
        raise PlanError("'opvolging.uiterlijk_dagen_later' moet een heel getal zijn")
    repair_template = raw.get("reparatie_whatsapp_sjabloon", "huurwijzer_reparatie_klaar")
    if not isinstance(repair_template, str) or not repair_template.strip():
        raise PlanError("'opvolging.reparatie_whatsapp_sjabloon' moet een naam zijn")
    language_en = raw.get("whatsapp_taal_en")
    if language_en is not None and (not isinstance(language_en, str) or not language_en.strip()):
        raise PlanError("'opvolging.whatsapp_taal_en' moet een taalcode zijn, bijvoorbeeld en")
    plan = FollowUpPlan(raw["aan"], quiet_start, quiet_end, MappingProxyType(windows), late,
                        str(raw.get("whatsapp_taal") or "nl"), tuple(sorted(moments, key=lambda m: m.days)),
                        repair_template.strip(), language_en.strip() if language_en else None,
                        _twilio_content(raw.get("twilio_content"), {m.whatsapp_template for m in moments}
                                        | {repair_template.strip()}))
    for name, window in windows.items():
        probe = datetime.combine(date(2026, 1, 1), window.start)
        if plan.is_quiet(probe):
            raise PlanError(f"opvolging.tijden.{name} begint in de stille uren")
    return plan


def _twilio_content(raw: Any, templates: Iterable[str]) -> Mapping[str, Mapping[str, str]]:
    """`twilio_content`: per template name (as in whatsapp_sjabloon) its ContentSid, or per language
    (nl: HX..., en: HX...). A name the plan does not use is a typing error: it would never be found."""
    if raw is None:
        return MappingProxyType({})
    where = "opvolging.twilio_content"
    if not isinstance(raw, Mapping):
        raise PlanError(f"'{where}' moet per sjabloonnaam een ContentSid (HX...) geven")
    known, result = set(templates), {}
    for name, value in raw.items():
        if str(name) not in known:
            raise PlanError(f"{where}.{name}: geen sjabloon met die naam in het schema "
                            f"(bekend: {', '.join(sorted(known))})")
        sids = value if isinstance(value, Mapping) else {ANY_LANGUAGE: value}
        for sid in sids.values():
            if not isinstance(sid, str) or not CONTENT_SID.fullmatch(sid.strip()):
                raise PlanError(f"{where}.{name}: een ContentSid begint met HX en heeft 34 tekens")
        result[str(name)] = MappingProxyType({str(k): str(v).strip() for k, v in sids.items()})
    return MappingProxyType(result)


def _english_text(item: Mapping[str, Any]) -> Optional[str]:
    """`tekst_en`, unless it is outdated (its fingerprint names another Dutch text: then Dutch goes)."""
    text = item.get("tekst_en")
    if not isinstance(text, str) or not text.strip() or "tekst_en" in hidden(item, MOMENT_TWINS):
        return None
    return " ".join(text.split())


def plan_in(corporation: Any) -> Optional[FollowUpPlan]:
    """The follow-up plan in the parsed corporation.yml (read once by the loader)."""
    raw = corporation or {}
    return parse_plan(raw.get(SECTION) if isinstance(raw, Mapping) else None)


def load_plan(corporation_file: Path) -> Optional[FollowUpPlan]:
    return plan_in(load_yaml_text(corporation_file.read_text(encoding="utf-8")))


def render_moment(moment: Moment, variables: Mapping[str, str], first_name: str, english: bool = False) -> str:
    """The moment's message; `english`: its English text when there is one (`variables` should then
    be the profile's English wording)."""
    from huurwijzer.content.knowledge import render

    return render(moment.text_in(english), {**variables, "voornaam": first_name})


def moment_ids(plan: Optional[FollowUpPlan]) -> Sequence[str]:
    return [m.id for m in plan.moments] if plan else []
