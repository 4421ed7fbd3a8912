"""The database tables (SQLAlchemy 2). The schema itself is made by the migrations.

Contacts are kept twice: every revision as received (`contact_revisions`,
the wire JSON without the review), and the newest revision's filterable
columns plus the server-owned review in `contacts`, indexed for the keyset
list. `changes` is the per-organisation feed devices pull from.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(36)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every table."""


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    retention_months: Mapped[int] = mapped_column(Integer, default=24)
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # How long a person's card stays on the phones after their last contact; whether
    # the organisation's phones get the cards at all.
    share_months: Mapped[int] = mapped_column(Integer, default=6)
    sharing: Mapped[bool] = mapped_column(Boolean, default=True)

    # Takes part in the shelter pilot: national figures can be limited to these.
    in_pilot: Mapped[bool] = mapped_column(Boolean, default=False)
    # Counts every write that changes the figures (pushes, erasures, purges): the national
    # figures are cached per the set of these counters, so a cached answer is never stale.
    figures_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class OrgMunicipality(Base):
    """A municipality an organisation works in: what its phones offer, what figures name."""

    __tablename__ = "org_municipalities"

    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LoginSession(Base):
    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RateCounter(Base):
    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class ContactRevision(Base):
    __tablename__ = "contact_revisions"

    contact_id: Mapped[str] = mapped_column(ID, primary_key=True)
    rev: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    worker_id: Mapped[str] = mapped_column(ID)
    device_id: Mapped[str] = mapped_column(ID)
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


# The filters of the contact list with an index of their own: (index name, column).
LIST_FILTER_INDEXES: tuple[tuple[str, str], ...] = (
    ("review_state", "review_state"), ("municipality", "municipality"), ("worker", "worker_id"),
    ("nationality", "nationality"), ("indication", "indication"),
)


class CurrentContact(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    rev: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    worker_id: Mapped[str] = mapped_column(ID)
    person_id: Mapped[str] = mapped_column(ID)
    contact_date: Mapped[date] = mapped_column(Date)
    # When the contact was recorded on the phone: orders the contacts of one day.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    municipality: Mapped[str] = mapped_column(String(16))
    nationality: Mapped[str] = mapped_column(String(8))
    age_band: Mapped[str] = mapped_column(String(8))
    sleeping_situation: Mapped[str] = mapped_column(String(24))
    indication: Mapped[str] = mapped_column(String(4))
    entitlement: Mapped[str] = mapped_column(Text)
    referrals: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(24), nullable=True)
    review_state: Mapped[str] = mapped_column(String(12))
    review_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reviewer: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The current review's flagged fields and reasons, space-separated (None: none).
    review_fields: Mapped[str | None] = mapped_column(Text, nullable=True)
    review_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        # The list's order (contact date, time recorded, id), after each filter.
        Index("ix_contacts_list", "org_id", "contact_date", "created_at", "id"),
        *(Index(f"ix_contacts_{name}", "org_id", column, "contact_date", "created_at", "id")
          for name, column in LIST_FILTER_INDEXES),
        Index("ix_contacts_person", "org_id", "person_id", "contact_date"),
    )


class Change(Base):
    __tablename__ = "changes"

    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    worker_id: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(String(16))
    contact_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    person_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    state: Mapped[str | None] = mapped_column(String(12), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    fields: Mapped[str | None] = mapped_column(Text, nullable=True)
    reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The whole change as the pull sends it (JSON), for the kinds that carry more than ids.
    data: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index("ix_changes_worker", "org_id", "worker_id", "seq"),
        Index("ix_changes_contact", "contact_id"),
        Index("ix_changes_person", "org_id", "person_id"),
    )


class PersonCardRow(Base):
    """The register: the card every phone of the organisation may hold of one person
    (`model.persons.card_to_wire` as JSON), while it is to be kept."""

    __tablename__ = "person_cards"

    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    keep_until: Mapped[date] = mapped_column(Date)


class PersonMerge(Base):
    """Two persons made one by a supervisor: the contacts moved, so an undo restores them."""

    __tablename__ = "person_merges"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    from_person: Mapped[str] = mapped_column(ID)
    into_person: Mapped[str] = mapped_column(ID)
    contact_ids: Mapped[str] = mapped_column(Text)  # space-separated
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    merged_by: Mapped[str] = mapped_column(ID)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set by the retention purge (or an erasure): the merge can no longer be undone.
    final: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_person_merges_from", "org_id", "from_person"),)


class ErasedPerson(Base):
    """A tombstone: pushes for an erased person are refused (ids only, no content)."""

    __tablename__ = "erased_persons"

    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PurgedCount(Base):
    __tablename__ = "purged_counts"

    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    municipality: Mapped[str] = mapped_column(String(16), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)


class NationalCell(Base):
    """One cell of the national grid (`model.national`): a count per period, slice (the
    country, the pilot, an organisation, a municipality) and metric, kept up to date in
    the transaction of every write that changes a contact (`services.national_cells`)."""

    __tablename__ = "national_cells"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    slice: Mapped[str] = mapped_column(String(48), primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)


class ScheduledRun(Base):
    """When a piece of work the server does by itself (the daily purge) last started."""

    __tablename__ = "scheduled_runs"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    org_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    actor_kind: Mapped[str] = mapped_column(String(8))
    actor_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    # How many of something an action concerned (cards sent in a pull), never which.
    count: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (Index("ix_audit_org", "org_id", "id"),)
