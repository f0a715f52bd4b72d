"""Alembic environment: runs on the connection the book hands over (see coopdesk.book.upgrade).

For developers, `alembic revision --autogenerate` works too with COOPDESK_DB set (alembic.ini at the
repository root); the table metadata then comes from every domain package's models.
"""

from __future__ import annotations

import importlib
import os

from alembic import context
from sqlalchemy import MetaData, create_engine

MODEL_MODULES = (
    "coopdesk.settings",
    "coopdesk.audit",
    "coopdesk.numbering",
    "coopdesk.attachments",
    "coopdesk.members.models",
    "coopdesk.ledger.models",
    "coopdesk.ledger.loans.models",
    "coopdesk.ledger.statements.models",
    "coopdesk.ledger.shu.models",
    "coopdesk.ledger.snapshots",
    "coopdesk.ledger.receipts_models",
    "coopdesk.ledger.savings_models",
    "coopdesk.products.models",
    "coopdesk.users",
)


def _metadata() -> MetaData:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    from coopdesk.db import Base

    return Base.metadata


config = context.config
connection = config.attributes.get("connection")

if connection is not None:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    from coopdesk.book import resolve_location

    url = resolve_location(os.environ.get("COOPDESK_DB")).url
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(
            connection=conn, target_metadata=_metadata(), render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
