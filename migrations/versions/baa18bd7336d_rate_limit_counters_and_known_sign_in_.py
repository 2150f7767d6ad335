"""Rate limit counters shared by every process and server, and the addresses accounts sign in from

Revision ID: baa18bd7336d
Revises: bba8b5f74145
Create Date: 2026-12-02 03:29:53.758677

"""
from alembic import op
import sqlalchemy as sa
import courseware.models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = 'baa18bd7336d'
down_revision = 'bba8b5f74145'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_limit_counter',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Double(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counter'))
    )
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counter_expires_at'), ['expires_at'], unique=False)

    op.create_table('known_address',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('last_seen_at', courseware.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_known_address_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'digest', name=op.f('pk_known_address'))
    )


def downgrade():
    op.drop_table('known_address')
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counter_expires_at'))

    op.drop_table('rate_limit_counter')
