"""statements and shu: the account-to-line mapping, closed years' cash flows, SHU distributions
and members' shares

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('statement_mapping',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('statement', sa.String(length=20), nullable=False),
    sa.Column('line', sa.String(length=40), nullable=False),
    sa.CheckConstraint("statement IN ('balance_sheet', 'income', 'cash_flow')", name=op.f('ck_statement_mapping_statement')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_statement_mapping_account_id_account')),
    sa.PrimaryKeyConstraint('account_id', 'statement', name=op.f('pk_statement_mapping'))
    )
    op.create_table('cash_flow_cache',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('account_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('inflow', sa.BigInteger(), nullable=False),
    sa.Column('outflow', sa.BigInteger(), nullable=False),
    sa.Column('cash_set', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_cash_flow_cache_account_id_account')),
    sa.ForeignKeyConstraint(['year'], ['financial_year.year'], name=op.f('fk_cash_flow_cache_year_financial_year')),
    sa.PrimaryKeyConstraint('year', 'account_id', name=op.f('pk_cash_flow_cache'))
    )
    op.create_table('shu_distribution',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('entry_id', _ID, nullable=False),
    sa.Column('pool', sa.BigInteger(), nullable=False),
    sa.Column('jasa_usaha', sa.BigInteger(), nullable=False),
    sa.Column('jasa_modal', sa.BigInteger(), nullable=False),
    sa.Column('unshared', sa.BigInteger(), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_shu_distribution_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['year'], ['financial_year.year'], name=op.f('fk_shu_distribution_year_financial_year')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_shu_distribution'))
    )
    op.create_table('shu_member_share',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('member_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('savings_basis', sa.BigInteger(), nullable=False),
    sa.Column('business_basis', sa.BigInteger(), nullable=False),
    sa.Column('jasa_modal', sa.BigInteger(), nullable=False),
    sa.Column('jasa_usaha', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('paid_entry_id', _ID, nullable=True),
    sa.Column('paid_to', sa.String(length=10), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_shu_member_share_member_id_member')),
    sa.ForeignKeyConstraint(['paid_entry_id'], ['journal_entry.id'], name=op.f('fk_shu_member_share_paid_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['year'], ['shu_distribution.year'], name=op.f('fk_shu_member_share_year_shu_distribution')),
    sa.PrimaryKeyConstraint('year', 'member_id', name=op.f('pk_shu_member_share'))
    )


def downgrade() -> None:
    op.drop_table('shu_member_share')
    op.drop_table('shu_distribution')
    op.drop_table('cash_flow_cache')
    op.drop_table('statement_mapping')
