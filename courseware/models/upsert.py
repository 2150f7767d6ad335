"""Inserts that tolerate a unique-constraint conflict, on SQLite and PostgreSQL."""

from sqlalchemy.dialects import postgresql, sqlite

from courseware.extensions import db


def dialect_insert(dialect: str):
    """The INSERT construct with ON CONFLICT for this dialect (PostgreSQL's, else SQLite's)."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def insert_ignore(model, conflict_columns: list[str], **values) -> bool:
    """Insert a row unless one with the same conflict columns exists; True when inserted."""
    insert = dialect_insert(db.session.get_bind().dialect.name)
    statement = (
        insert(model.__table__)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict_columns)
        # rowcount is -1 on PostgreSQL once an implicit RETURNING is added: ask for a row instead
        .returning(*model.__table__.primary_key.columns)
    )
    return db.session.execute(statement).first() is not None


def upsert(model, conflict_columns: list[str], **values) -> None:
    """Insert a row, or update the one with the same conflict columns to these values."""
    insert = dialect_insert(db.session.get_bind().dialect.name)
    statement = insert(model.__table__).values(**values)
    changed = {name: statement.excluded[name] for name in values if name not in conflict_columns}
    db.session.execute(statement.on_conflict_do_update(index_elements=conflict_columns,
                                                       set_=changed))
