"""loans: products, loans, instalments (every schedule version), events and allocations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _terms() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column('method', sa.String(length=10), nullable=False),
        sa.Column('rate', sa.String(length=24), nullable=False),
        sa.Column('frequency', sa.String(length=8), nullable=False),
        sa.Column('fee_rate', sa.String(length=24), nullable=False),
        sa.Column('fee_mode', sa.String(length=8), nullable=False),
        sa.Column('penalty_mode', sa.String(length=8), nullable=False),
        sa.Column('penalty_rate', sa.String(length=24), nullable=False),
        sa.Column('penalty_fixed', sa.BigInteger(), nullable=False),
        sa.Column('grace_days', sa.Integer(), nullable=False),
        sa.Column('allocation_order', sa.String(length=40), nullable=False),
        sa.Column('allocation_mode', sa.String(length=10), nullable=False),
        sa.Column('payoff_rule', sa.String(length=8), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('loan_product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('min_term', sa.Integer(), nullable=False),
    sa.Column('max_term', sa.Integer(), nullable=False),
    sa.Column('min_amount', sa.BigInteger(), nullable=False),
    sa.Column('max_amount', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    *_terms(),
    sa.CheckConstraint("method IN ('flat', 'declining', 'annuity')", name=op.f('ck_loan_product_method')),
    sa.CheckConstraint("frequency IN ('monthly', 'weekly')", name=op.f('ck_loan_product_frequency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_product')),
    sa.UniqueConstraint('name', name=op.f('uq_loan_product_name'))
    )
    op.create_table('loan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loan_no', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('term', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('purpose', sa.String(length=255), nullable=False),
    sa.Column('collateral', sa.String(length=255), nullable=False),
    sa.Column('collateral_value', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('applied_by', sa.String(length=80), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approved_by', sa.String(length=80), nullable=True),
    sa.Column('disbursed_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('written_off_on', sa.Date(), nullable=True),
    sa.Column('written_off_amount', sa.BigInteger(), nullable=False),
    sa.Column('recovered', sa.BigInteger(), nullable=False),
    sa.Column('principal_paid', sa.BigInteger(), nullable=False),
    sa.Column('schedule_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    *_terms(),
    sa.CheckConstraint("status IN ('applied', 'approved', 'rejected', 'cancelled', 'active', 'closed', 'written_off')", name=op.f('ck_loan_status')),
    sa.CheckConstraint('principal > 0 AND term > 0', name=op.f('ck_loan_positive')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_loan_member_id_member')),
    sa.ForeignKeyConstraint(['product_id'], ['loan_product.id'], name=op.f('fk_loan_product_id_loan_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan')),
    sa.UniqueConstraint('loan_no', name=op.f('uq_loan_loan_no'))
    )
    op.create_index('ix_loan_member', 'loan', ['member_id'], unique=False)
    op.create_index('ix_loan_status', 'loan', ['status'], unique=False)
    op.create_table('loan_instalment',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('interest', sa.BigInteger(), nullable=False),
    sa.Column('carried_penalty', sa.BigInteger(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('superseded_on', sa.Date(), nullable=True),
    sa.Column('settled_on', sa.Date(), nullable=True),
    sa.CheckConstraint('principal >= 0 AND interest >= 0', name=op.f('ck_loan_instalment_non_negative')),
    sa.ForeignKeyConstraint(['loan_id'], ['loan.id'], name=op.f('fk_loan_instalment_loan_id_loan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_instalment')),
    sa.UniqueConstraint('loan_id', 'version', 'no', name='uq_loan_instalment_loan_version_no')
    )
    op.create_index('ix_loan_instalment_open_due', 'loan_instalment', ['due_date'], unique=False,
                    sqlite_where=sa.text('settled_on IS NULL'),
                    postgresql_where=sa.text('settled_on IS NULL'))
    op.create_index('ix_loan_instalment_settled', 'loan_instalment', ['settled_on'], unique=False)
    op.create_table('loan_event',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('entry_id', BIG_ID, nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('interest', sa.BigInteger(), nullable=False),
    sa.Column('penalty', sa.BigInteger(), nullable=False),
    sa.Column('fee', sa.BigInteger(), nullable=False),
    sa.Column('to_savings', sa.BigInteger(), nullable=False),
    sa.Column('waived', sa.BigInteger(), nullable=False),
    sa.Column('receipt_no', sa.String(length=30), nullable=True),
    sa.Column('note', sa.String(length=255), nullable=False),
    sa.Column('reversed_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('applied', 'approved', 'rejected', 'cancelled', 'disbursed', 'repayment', 'payoff', 'rescheduled', 'written_off', 'recovery')", name=op.f('ck_loan_event_kind')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_loan_event_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['loan_id'], ['loan.id'], name=op.f('fk_loan_event_loan_id_loan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_event'))
    )
    op.create_index('ix_loan_event_loan', 'loan_event', ['loan_id', 'date'], unique=False)
    op.create_table('loan_allocation',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('event_id', BIG_ID, nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.Column('instalment_id', BIG_ID, nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('interest', sa.BigInteger(), nullable=False),
    sa.Column('penalty', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['loan_event.id'], name=op.f('fk_loan_allocation_event_id_loan_event')),
    sa.ForeignKeyConstraint(['instalment_id'], ['loan_instalment.id'], name=op.f('fk_loan_allocation_instalment_id_loan_instalment')),
    sa.ForeignKeyConstraint(['loan_id'], ['loan.id'], name=op.f('fk_loan_allocation_loan_id_loan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_allocation'))
    )
    op.create_index('ix_loan_allocation_instalment', 'loan_allocation', ['instalment_id'], unique=False)
    op.create_index('ix_loan_allocation_loan_date', 'loan_allocation', ['loan_id', 'date'], unique=False)
    op.create_index('ix_loan_allocation_date', 'loan_allocation', ['date'], unique=False)


def downgrade() -> None:
    op.drop_table('loan_allocation')
    op.drop_table('loan_event')
    op.drop_table('loan_instalment')
    op.drop_table('loan')
    op.drop_table('loan_product')
