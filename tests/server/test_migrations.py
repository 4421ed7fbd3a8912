"""The schema is made only by the migrations, and they match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from server.db import make_engine
from server.models import Base
from tests.server.conftest import Database


def test_migrations_build_exactly_the_models(database: Database) -> None:
    engine = make_engine(database.url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_list_has_an_index_for_every_filter(database: Database) -> None:
    engine = make_engine(database.url)
    indexes = {tuple(i["column_names"]) for i in inspect(engine).get_indexes("contacts")}
    engine.dispose()
    for column in ("review_state", "municipality", "worker_id", "nationality", "indication"):
        assert ("org_id", column, "contact_date", "id") in indexes
    assert ("org_id", "contact_date", "id") in indexes
