"""CPD record: entries and their attachments

Revision ID: 28903eba100f
Revises: a993be1ed86d
Create Date: 2026-11-28 00:44:30.240045

"""
from alembic import op
import sqlalchemy as sa
import courseware.models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '28903eba100f'
down_revision = 'a993be1ed86d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cpd_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('activity_type', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('activity_date', sa.Date(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('learning', sa.Text(), nullable=False),
    sa.Column('impact_on_practice', sa.Text(), nullable=False),
    sa.Column('impact_on_people', sa.Text(), nullable=False),
    sa.Column('peer_name', sa.String(length=120), nullable=False),
    sa.Column('peer_role', sa.String(length=120), nullable=False),
    sa.Column('peer_date', sa.Date(), nullable=True),
    sa.Column('peer_learning', sa.Text(), nullable=False),
    sa.Column('standards', sa.JSON(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('source_enrolment_id', sa.Integer(), nullable=True),
    sa.Column('shared_with_manager', sa.Boolean(), nullable=False),
    sa.Column('shared_at', courseware.models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', courseware.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', courseware.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['source_enrolment_id'], ['enrolment.id'], name=op.f('fk_cpd_entry_source_enrolment_id_enrolment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_cpd_entry_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cpd_entry')),
    sa.UniqueConstraint('source_enrolment_id', name=op.f('uq_cpd_entry_source_enrolment_id'))
    )
    with op.batch_alter_table('cpd_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cpd_entry_user_id'), ['user_id'], unique=False)

    op.create_table('cpd_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', courseware.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['cpd_entry.id'], name=op.f('fk_cpd_attachment_entry_id_cpd_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_cpd_attachment_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cpd_attachment'))
    )
    with op.batch_alter_table('cpd_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cpd_attachment_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cpd_attachment_user_id'), ['user_id'], unique=False)

    op.create_table('cpd_attachment_data',
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['cpd_attachment.id'], name=op.f('fk_cpd_attachment_data_attachment_id_cpd_attachment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attachment_id', name=op.f('pk_cpd_attachment_data'))
    )


def downgrade():
    op.drop_table('cpd_attachment_data')
    with op.batch_alter_table('cpd_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cpd_attachment_user_id'))
        batch_op.drop_index(batch_op.f('ix_cpd_attachment_entry_id'))

    op.drop_table('cpd_attachment')
    with op.batch_alter_table('cpd_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cpd_entry_user_id'))

    op.drop_table('cpd_entry')
