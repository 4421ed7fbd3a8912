"""Request bodies and query parameters: shapes checked before any service runs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from model.values import FIELD_VALUES, NATIONALITIES, TEXT_LIMITS
from server.services.contacts import INDICATIONS


def _plain_text(value: str) -> str:
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value) or not value.strip():
        raise ValueError("control characters or blank")
    return value


Username = Annotated[str, Field(min_length=1, max_length=64)]
Password = Annotated[str, Field(min_length=1, max_length=256)]
PlainName = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_plain_text)]


def _plain(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)  # enum members → their plain string values


# Value lists as Literals, so OpenAPI lists every allowed value.
ReviewStateValue = Literal[_plain(FIELD_VALUES["review_state"])]  # type: ignore[valid-type]
MunicipalityValue = Literal[_plain(FIELD_VALUES["municipality"])]  # type: ignore[valid-type]
NationalityValue = Literal[_plain(NATIONALITIES)]  # type: ignore[valid-type]
IndicationValue = Literal[_plain(INDICATIONS)]  # type: ignore[valid-type]
Verdict = Literal["approved", "has_issues", "rejected"]
RoleValue = Literal["worker", "supervisor", "admin"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Credentials(Strict):
    username: Username
    password: Password


class EnrollRequest(Credentials):
    device_name: PlainName


class PushRequest(Strict):
    records: list[dict[str, Any]] = Field(
        description="Wire contacts (schema 1); at most 500, each judged on its own."
    )


class ReviewRequest(Strict):
    state: Verdict
    comment: Annotated[str, Field(max_length=TEXT_LIMITS["review_comment"])] | None = None


class NewUser(Strict):
    username: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")]
    password: Annotated[str, Field(min_length=10, max_length=256)]
    role: RoleValue
