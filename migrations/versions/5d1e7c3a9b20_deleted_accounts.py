"""Deleted accounts: the moment a person deleted their account (the row stays, anonymised)

Revision ID: 5d1e7c3a9b20
Revises: f272d0d8c6ca
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import courseware.models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '5d1e7c3a9b20'
down_revision = 'f272d0d8c6ca'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', courseware.models.base.UTCDateTime(),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
