"""Sign-ins kept on the server, so that signing out ends every copy of the cookie

Revision ID: 3bafb1ce32d9
Revises: baa18bd7336d
Create Date: 2026-12-02 03:26:07.773466

"""
from alembic import op
import sqlalchemy as sa
import courseware.models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '3bafb1ce32d9'
down_revision = "baa18bd7336d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('device', sa.String(length=80), nullable=False),
    sa.Column('created_at', courseware.models.base.UTCDateTime(), nullable=False),
    sa.Column('last_active_at', courseware.models.base.UTCDateTime(), nullable=False),
    sa.Column('ended_at', courseware.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_sign_in_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_sign_in_secret_hash'))
    )
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_last_active_at'), ['last_active_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_user_id'))
        batch_op.drop_index(batch_op.f('ix_sign_in_last_active_at'))

    op.drop_table('sign_in')
