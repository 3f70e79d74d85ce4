"""Identity checks for personal answers. Pure functions: no Rasa, no database.

Failure results never say which part was wrong or whether a contract exists; comparisons use
hmac.compare_digest and always run against every holder (or a dummy), so timing does not tell
either.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Mapping, Optional, Sequence

from huurwijzer.content.dutch_format import MONTHS
from huurwijzer.tenancy.backoffice import ContractHolder

_CONTRACT = re.compile(r"\bhc[\s-]?(\d{6})\b", re.I)
_POSTCODE = re.compile(r"\b([1-9]\d{3})\s?([a-z]{2})\b", re.I)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)\s+(\d{4})\b", re.I)
_DUMMY = ContractHolder(0, "HC-000000", "0000XX", date(1900, 1, 1), None)


def parse_contract_number(text: str) -> Optional[str]:
    """'hc 123456', 'HC-123456', 'HC123456' -> 'HC-123456'."""
    match = _CONTRACT.search(text)
    return f"HC-{match.group(1)}" if match else None


def parse_postcode(text: str) -> Optional[str]:
    """'3811 ab' -> '3811AB'."""
    match = _POSTCODE.search(text)
    return f"{match.group(1)}{match.group(2).upper()}" if match else None


def parse_date_of_birth(text: str, today: date) -> Optional[date]:
    """'12-03-1980', '12/3/1980', '1980-03-12', '12 maart 1980'; only plausible birth dates."""
    candidates = []
    if m := _ISO_DATE.search(text):
        candidates.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    if m := _NUMERIC_DATE.search(text):
        candidates.append((int(m.group(3)), int(m.group(2)), int(m.group(1))))
    if (m := _WORD_DATE.search(text)) and m.group(2).lower() in MONTHS:
        candidates.append((int(m.group(3)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(1))))
    for year, month, day in candidates:
        try:
            born = date(year, month, day)
        except ValueError:
            continue
        if date(today.year - 120, 1, 1) <= born <= date(today.year - 16, today.month, min(today.day, 28)):
            return born
    return None


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def match_holder(holders: Sequence[ContractHolder], contract_number: str, postcode: str,
                 date_of_birth: date) -> Optional[ContractHolder]:
    """The holder whose contract number, postcode and date of birth all match, else None."""
    found: Optional[ContractHolder] = None
    for holder in holders or (_DUMMY,):
        ok = _same(holder.contract_number, contract_number)
        ok &= _same(holder.postcode, postcode)
        ok &= _same(holder.date_of_birth.isoformat(), date_of_birth.isoformat())
        if ok and holder is not _DUMMY and found is None:
            found = holder
    return found


@dataclass(frozen=True)
class PortalIdentity:
    tenant_id: int
    contract_number: str
    expires_at: Optional[datetime] = None  # naive UTC


# The portal makes a token per page view; one that is valid longer is refused (a leaked token
# must not be a lasting key to a tenant's data).
MAX_PORTAL_TOKEN_LIFETIME = timedelta(hours=12)


def verify_portal_token(token: str, secret: str, audience: str,
                        now: Optional[datetime] = None) -> Optional[PortalIdentity]:
    """A tenant-portal token (HS256, shared secret) with expiry and audience, or None."""
    import jwt

    if not token or not secret:
        return None
    try:
        claims: Mapping[str, Any] = jwt.decode(
            token, secret, algorithms=["HS256"], audience=audience,
            # With an explicit `now` the expiry is checked below against that clock instead.
            options={"require": ["exp", "aud", "sub", "contract"], "verify_exp": now is None},
            leeway=0,
        )
    except jwt.PyJWTError:
        return None
    expires = datetime.fromtimestamp(float(claims["exp"]), tz=timezone.utc)
    clock = now or datetime.now(timezone.utc)
    if expires <= clock or expires > clock + MAX_PORTAL_TOKEN_LIFETIME:  # a ten-year token is refused
        return None
    contract = parse_contract_number(str(claims["contract"]))
    try:
        tenant_id = int(claims["sub"])
    except (TypeError, ValueError):
        return None
    return PortalIdentity(tenant_id, contract, expires.replace(tzinfo=None)) if contract else None
