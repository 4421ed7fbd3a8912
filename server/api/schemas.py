"""Request bodies and query parameters: shapes checked before any service runs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from model import municipalities
from model.values import FIELD_VALUES, FLAGGABLE_FIELDS, NATIONALITIES, TEXT_LIMITS
from server.services.contacts import INDICATIONS
from server.text import storable_text


def _plain_text(value: str) -> str:
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value) or not value.strip():
        raise ValueError("control characters or blank")
    return value


# Every text field of a request body is `Text`: no NUL, no lone surrogate (server.text).
Text = Annotated[str, AfterValidator(storable_text)]
Username = Annotated[Text, Field(min_length=1, max_length=64)]
Password = Annotated[Text, Field(min_length=1, max_length=256)]
PlainName = Annotated[Text, Field(min_length=1, max_length=80), AfterValidator(_plain_text)]


def _one_of(values: tuple[str, ...]) -> tuple[WithJsonSchema, AfterValidator]:
    """OpenAPI lists the values; a value outside the list is `invalid_value`."""
    allowed = tuple(str(v) for v in values)  # enum members → their plain string values

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError("invalid_value", "not in the value list")
        return value

    return WithJsonSchema({"type": "string", "enum": list(allowed)}), AfterValidator(check)


def _municipality(value: str) -> str:
    """A CBS code or "other"; a schema 1 name (`amsterdam`) still works, as its code."""
    value = municipalities.from_legacy(value)
    if not municipalities.is_valid(value):
        raise PydanticCustomError("invalid_format", "not a CBS municipality code")
    return value


_REVIEW_STATES = _one_of(FIELD_VALUES["review_state"])
_NATIONALITIES = _one_of(NATIONALITIES)
_INDICATIONS = _one_of(INDICATIONS)
ReviewStateValue = Annotated[str, _REVIEW_STATES[0], _REVIEW_STATES[1]]
_CODE_OR_OTHER = WithJsonSchema({"type": "string", "pattern": "^(GM[0-9]{4}|other)$"})
MunicipalityValue = Annotated[str, _CODE_OR_OTHER, AfterValidator(_municipality)]
NationalityValue = Annotated[str, _NATIONALITIES[0], _NATIONALITIES[1]]
IndicationValue = Annotated[str, _INDICATIONS[0], _INDICATIONS[1]]
_FLAGGABLE = _one_of(FLAGGABLE_FIELDS)
_REASONS = _one_of(FIELD_VALUES["review_reasons"])
FlaggableField = Annotated[str, _FLAGGABLE[0], _FLAGGABLE[1]]
CorrectionReasonValue = Annotated[str, _REASONS[0], _REASONS[1]]
Verdict = Literal["approved", "has_issues", "rejected"]
RoleValue = Literal["worker", "supervisor", "admin"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewMunicipality(Strict):
    code: Annotated[Text, Field(min_length=1, max_length=16)]
    name: Annotated[Text, Field(min_length=1, max_length=municipalities.NAME_LIMIT)]


class Credentials(Strict):
    username: Username
    password: Password


class EnrollRequest(Credentials):
    device_name: PlainName


class PushRequest(Strict):
    records: list[Any] = Field(
        description="Wire contacts (schema 1); at most 500, each judged on its own."
    )


class ReviewRequest(Strict):
    state: Verdict
    comment: Annotated[Text, Field(max_length=TEXT_LIMITS["review_comment"])] | None = None
    fields: Annotated[list[FlaggableField], Field(
        max_length=len(FLAGGABLE_FIELDS),
        description="With has_issues: the contact fields the worker is to correct.")] = []
    reasons: Annotated[list[CorrectionReasonValue], Field(
        max_length=len(FIELD_VALUES["review_reasons"]),
        description="Why (has_issues or rejected); a reason or a comment is needed.")] = []


class NewUser(Strict):
    username: Annotated[Text, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")]
    password: Annotated[Text, Field(min_length=10, max_length=256)]
    role: RoleValue


PersonId = Annotated[Text, Field(min_length=1, max_length=64)]


class MergeRequest(Strict):
    """`from` becomes one with `into`: every contact of `from` is `into`'s."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_person: PersonId = Field(alias="from")
    into: PersonId
