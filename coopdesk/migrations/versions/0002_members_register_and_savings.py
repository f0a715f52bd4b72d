"""members register and savings: placements, households, receipts, remittances, wajib amounts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Receipts are documents: the database refuses to delete a receipt or its lines, and to change
what an issued receipt says; voiding it (once) is the only change allowed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.add_column('member', sa.Column('left_reason', sa.String(length=255), nullable=True))
    op.add_column('member', sa.Column('notes', sa.String(length=500), nullable=True))

    op.create_table('placement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('sector', sa.String(length=8), nullable=False),
    sa.Column('job', sa.String(length=80), nullable=True),
    sa.Column('departure_date', sa.Date(), nullable=True),
    sa.Column('return_date', sa.Date(), nullable=True),
    sa.Column('agency', sa.String(length=120), nullable=True),
    sa.Column('has_passport', sa.Boolean(), nullable=False),
    sa.Column('has_contract', sa.Boolean(), nullable=False),
    sa.Column('has_insurance', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("sector IN ('formal', 'informal')", name=op.f('ck_placement_sector')),
    sa.CheckConstraint('return_date IS NULL OR departure_date IS NULL OR return_date >= departure_date', name=op.f('ck_placement_dates')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_placement_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement'))
    )
    op.create_index('ix_placement_member', 'placement', ['member_id'], unique=False)
    op.create_index('ix_placement_departure', 'placement', ['departure_date'], unique=False)

    op.create_table('household_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('school', sa.String(length=120), nullable=True),
    sa.Column('school_level', sa.String(length=10), nullable=True),
    sa.Column('caregiver', sa.String(length=20), nullable=True),
    sa.Column('caregiver_name', sa.String(length=120), nullable=True),
    sa.Column('notes', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("relation IN ('spouse', 'child')", name=op.f('ck_household_person_relation')),
    sa.CheckConstraint("gender IS NULL OR gender IN ('L', 'P')", name=op.f('ck_household_person_gender')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_household_person_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_person'))
    )
    op.create_index('ix_household_person_member', 'household_person', ['member_id'], unique=False)

    op.create_table('receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('entry_id', BigId, nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('party', sa.String(length=120), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=5), nullable=False),
    sa.Column('void_entry_id', BigId, nullable=True),
    sa.Column('void_reason', sa.String(length=255), nullable=True),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("direction IN ('in', 'out')", name=op.f('ck_receipt_direction')),
    sa.CheckConstraint("status IN ('valid', 'void')", name=op.f('ck_receipt_status')),
    sa.CheckConstraint('total > 0', name=op.f('ck_receipt_positive')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_receipt_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['void_entry_id'], ['journal_entry.id'], name=op.f('fk_receipt_void_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_receipt_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt')),
    sa.UniqueConstraint('number', name=op.f('uq_receipt_number')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_receipt_entry_id')),
    sa.UniqueConstraint('year', 'seq', name='uq_receipt_year_seq')
    )
    op.create_index('ix_receipt_member_date', 'receipt', ['member_id', 'date'], unique=False)
    op.create_index('ix_receipt_date', 'receipt', ['date'], unique=False)
    op.create_index('ix_receipt_void_entry', 'receipt', ['void_entry_id'], unique=False)

    op.create_table('receipt_line',
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label', sa.String(length=160), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], name=op.f('fk_receipt_line_receipt_id_receipt')),
    sa.PrimaryKeyConstraint('receipt_id', 'position', name=op.f('pk_receipt_line'))
    )

    op.create_table('remittance',
    sa.Column('entry_id', BigId, autoincrement=False, nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('foreign_minor', sa.BigInteger(), nullable=False),
    sa.Column('rate', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=60), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_remittance_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_remittance_member_id_member')),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_remittance'))
    )
    op.create_index(op.f('ix_remittance_member_id'), 'remittance', ['member_id'], unique=False)

    op.create_table('savings_wajib_amount',
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=255), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_savings_wajib_amount_positive')),
    sa.PrimaryKeyConstraint('valid_from', name=op.f('pk_savings_wajib_amount'))
    )

    guards = POSTGRESQL_GUARDS if op.get_bind().dialect.name == 'postgresql' else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


RECEIPT_FIXED = 'coopdesk: an issued receipt cannot be changed or deleted; void it instead'
_CHANGED = """
    NEW.number IS NOT OLD.number OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq
    OR NEW.date IS NOT OLD.date OR NEW.entry_id IS NOT OLD.entry_id
    OR NEW.member_id IS NOT OLD.member_id OR NEW.party IS NOT OLD.party
    OR NEW.direction IS NOT OLD.direction OR NEW.kind IS NOT OLD.kind
    OR NEW.title IS NOT OLD.title OR NEW.total IS NOT OLD.total OR OLD.status = 'void'
"""

SQLITE_GUARDS = [
    f"""CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
    BEGIN SELECT RAISE(ABORT, '{RECEIPT_FIXED}'); END""",
    f"""CREATE TRIGGER receipt_fixed BEFORE UPDATE ON receipt WHEN {_CHANGED}
    BEGIN SELECT RAISE(ABORT, '{RECEIPT_FIXED}'); END""",
    f"""CREATE TRIGGER receipt_line_no_delete BEFORE DELETE ON receipt_line
    BEGIN SELECT RAISE(ABORT, '{RECEIPT_FIXED}'); END""",
    f"""CREATE TRIGGER receipt_line_fixed BEFORE UPDATE ON receipt_line
    BEGIN SELECT RAISE(ABORT, '{RECEIPT_FIXED}'); END""",
]

POSTGRESQL_GUARDS = [
    f"""CREATE FUNCTION coopdesk_receipt_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{RECEIPT_FIXED}'; END IF;
      IF {_CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')} THEN
        RAISE EXCEPTION '{RECEIPT_FIXED}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER receipt_guard BEFORE UPDATE OR DELETE ON receipt
    FOR EACH ROW EXECUTE FUNCTION coopdesk_receipt_guard()""",
    f"""CREATE FUNCTION coopdesk_receipt_line_guard() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{RECEIPT_FIXED}'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER receipt_line_guard BEFORE UPDATE OR DELETE ON receipt_line
    FOR EACH ROW EXECUTE FUNCTION coopdesk_receipt_line_guard()""",
    """CREATE TRIGGER receipt_no_truncate BEFORE TRUNCATE ON receipt
    FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_no_truncate()""",
    """CREATE TRIGGER receipt_line_no_truncate BEFORE TRUNCATE ON receipt_line
    FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_no_truncate()""",
]


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for trigger, table in (('receipt_guard', 'receipt'), ('receipt_line_guard', 'receipt_line'),
                               ('receipt_no_truncate', 'receipt'),
                               ('receipt_line_no_truncate', 'receipt_line')):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger} ON {table}')
        op.execute('DROP FUNCTION IF EXISTS coopdesk_receipt_guard()')
        op.execute('DROP FUNCTION IF EXISTS coopdesk_receipt_line_guard()')
    op.drop_table('savings_wajib_amount')
    op.drop_table('remittance')
    op.drop_table('receipt_line')
    op.drop_table('receipt')
    op.drop_table('household_person')
    op.drop_table('placement')
    op.drop_column('member', 'notes')
    op.drop_column('member', 'left_reason')
