"""Kept forms: words typed into a form that could not be saved, kept for their owner

Revision ID: 172b28d481cd
Revises: 5d1e7c3a9b20
Create Date: 2026-12-01 22:25:23.741279

"""
from alembic import op
import sqlalchemy as sa
import courseware.models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '172b28d481cd'
down_revision = '5d1e7c3a9b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kept_form',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(length=500), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('kept_at', courseware.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_kept_form_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_form')),
    sa.UniqueConstraint('user_id', 'page', name=op.f('uq_kept_form_user_id_page'))
    )
    with op.batch_alter_table('kept_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_form_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('kept_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_form_user_id'))

    op.drop_table('kept_form')
