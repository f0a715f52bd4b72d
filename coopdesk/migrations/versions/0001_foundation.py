"""foundation: settings, audit, counters, attachments, members, journal

Revision ID: 0001
Revises:
Create Date: 2026-11-28

The first schema, and the database's own guarantees for the journal: a posted entry and its
postings can never be updated or deleted, and an entry can only become posted when its postings
sum to zero (two or more of them). Triggers on SQLite, trigger functions on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('contra', sa.Boolean(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("type IN ('asset', 'liability', 'equity', 'income', 'expense')", name=op.f('ck_account_type')),
    sa.ForeignKeyConstraint(['parent_id'], ['account.id'], name=op.f('fk_account_parent_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('code', name=op.f('uq_account_code')),
    sa.UniqueConstraint('role', name=op.f('uq_account_role'))
    )
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=True),
    sa.Column('entity_id', sa.String(length=80), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False)
    op.create_table('document_counter',
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('series', 'year', name=op.f('pk_document_counter'))
    )
    op.create_table('financial_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=6), nullable=False),
    sa.Column('locked_through', sa.Date(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=80), nullable=True),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_financial_year_status')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_financial_year'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['last_id'], ['audit_log.id'], name=op.f('fk_audit_head_last_id_audit_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('journal_entry',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('memo', sa.String(length=255), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_ref', sa.String(length=60), nullable=True),
    sa.Column('status', sa.String(length=6), nullable=False),
    sa.Column('reverses_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status = 'draft' OR number IS NOT NULL", name=op.f('ck_journal_entry_posted_numbered')),
    sa.CheckConstraint("status IN ('draft', 'posted')", name=op.f('ck_journal_entry_status')),
    sa.ForeignKeyConstraint(['reverses_id'], ['journal_entry.id'], name=op.f('fk_journal_entry_reverses_id_journal_entry')),
    sa.ForeignKeyConstraint(['year'], ['financial_year.year'], name=op.f('fk_journal_entry_year_financial_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entry')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_journal_entry_reverses_id')),
    sa.UniqueConstraint('year', 'number', name='uq_journal_entry_year_number')
    )
    op.create_index('ix_journal_entry_date', 'journal_entry', ['date'], unique=False)
    op.create_index('ix_journal_entry_source', 'journal_entry', ['source', 'source_ref'], unique=False)
    op.create_table('member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_no', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('address', sa.String(length=255), nullable=True),
    sa.Column('village', sa.String(length=80), nullable=True),
    sa.Column('district', sa.String(length=80), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('education', sa.String(length=10), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('migrant_status', sa.String(length=12), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("gender IS NULL OR gender IN ('L', 'P')", name=op.f('ck_member_gender')),
    sa.CheckConstraint("status IN ('calon', 'anggota', 'keluar')", name=op.f('ck_member_status')),
    sa.ForeignKeyConstraint(['photo_id'], ['attachment.id'], name=op.f('fk_member_photo_id_attachment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member')),
    sa.UniqueConstraint('member_no', name=op.f('uq_member_member_no'))
    )
    op.create_index('ix_member_name', 'member', ['name'], unique=False)
    op.create_index(op.f('ix_member_nik'), 'member', ['nik'], unique=False)
    op.create_index('ix_member_village', 'member', ['village'], unique=False)
    op.create_table('posting',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('memo', sa.String(length=255), nullable=True),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_posting_nonzero')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_posting_account_id_account')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_posting_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_posting_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting'))
    )
    op.create_index('ix_posting_account_date_amount', 'posting', ['account_id', 'date', 'amount'], unique=False)
    op.create_index('ix_posting_entry', 'posting', ['entry_id'], unique=False)
    op.create_index('ix_posting_member_account_date', 'posting', ['member_id', 'account_id', 'date'], unique=False)

    op.create_table('balance_snapshot',
    sa.Column('month_end', sa.Date(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('through_posting_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_balance_snapshot_account_id_account')),
    sa.PrimaryKeyConstraint('month_end', 'account_id', name=op.f('pk_balance_snapshot'))
    )

    op.bulk_insert(
        sa.table('setting', sa.column('key', sa.String), sa.column('value', sa.Text)),
        [{'key': 'book.format', 'value': '"coopdesk"'}],
    )
    op.bulk_insert(
        sa.table('audit_head', sa.column('id', sa.Integer), sa.column('last_hash', sa.String)),
        [{'id': 1, 'last_hash': '0' * 64}],
    )
    if op.get_bind().dialect.name == 'postgresql':
        for statement in POSTGRESQL_GUARDS:
            op.execute(statement)
    else:
        for statement in SQLITE_GUARDS:
            op.execute(statement)


UNBALANCED = 'coopdesk: an unbalanced journal entry cannot be posted'
IMMUTABLE = 'coopdesk: a posted journal entry cannot be changed or deleted; post a reversal'
_BALANCE_FAILS = """
    (SELECT COALESCE(SUM(amount), 0) FROM posting WHERE entry_id = NEW.id) <> 0
    OR (SELECT COUNT(*) FROM posting WHERE entry_id = NEW.id) < 2
    OR EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id AND date <> NEW.date)
"""

SQLITE_GUARDS = [
    f"""CREATE TRIGGER journal_entry_born_draft BEFORE INSERT ON journal_entry
    WHEN NEW.status = 'posted'
    BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END""",
    f"""CREATE TRIGGER journal_entry_immutable_update BEFORE UPDATE ON journal_entry
    WHEN OLD.status = 'posted'
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END""",
    f"""CREATE TRIGGER journal_entry_immutable_delete BEFORE DELETE ON journal_entry
    WHEN OLD.status = 'posted'
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END""",
    f"""CREATE TRIGGER journal_entry_post_balanced BEFORE UPDATE OF status ON journal_entry
    WHEN NEW.status = 'posted' AND ({_BALANCE_FAILS})
    BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END""",
    f"""CREATE TRIGGER posting_immutable_insert BEFORE INSERT ON posting
    WHEN (SELECT status FROM journal_entry WHERE id = NEW.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END""",
    f"""CREATE TRIGGER posting_immutable_update BEFORE UPDATE ON posting
    WHEN (SELECT status FROM journal_entry WHERE id = OLD.entry_id) = 'posted'
      OR (SELECT status FROM journal_entry WHERE id = NEW.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END""",
    f"""CREATE TRIGGER posting_immutable_delete BEFORE DELETE ON posting
    WHEN (SELECT status FROM journal_entry WHERE id = OLD.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END""",
]

POSTGRESQL_GUARDS = [
    f"""CREATE FUNCTION coopdesk_journal_entry_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'posted' THEN RAISE EXCEPTION '{UNBALANCED}'; END IF;
        RETURN NEW;
      END IF;
      IF OLD.status = 'posted' THEN RAISE EXCEPTION '{IMMUTABLE}'; END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      IF NEW.status = 'posted' AND ({_BALANCE_FAILS}) THEN
        RAISE EXCEPTION '{UNBALANCED}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER journal_entry_guard BEFORE INSERT OR UPDATE OR DELETE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION coopdesk_journal_entry_guard()""",
    f"""CREATE FUNCTION coopdesk_posting_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE')
         AND (SELECT status FROM journal_entry WHERE id = OLD.entry_id) = 'posted' THEN
        RAISE EXCEPTION '{IMMUTABLE}';
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE')
         AND (SELECT status FROM journal_entry WHERE id = NEW.entry_id) = 'posted' THEN
        RAISE EXCEPTION '{IMMUTABLE}';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER posting_guard BEFORE INSERT OR UPDATE OR DELETE ON posting
    FOR EACH ROW EXECUTE FUNCTION coopdesk_posting_guard()""",
    f"""CREATE FUNCTION coopdesk_no_truncate() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{IMMUTABLE}'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
    FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_no_truncate()""",
    """CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting
    FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_no_truncate()""",
]


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS posting_no_truncate ON posting')
        op.execute('DROP TRIGGER IF EXISTS journal_entry_no_truncate ON journal_entry')
        op.execute('DROP TRIGGER IF EXISTS posting_guard ON posting')
        op.execute('DROP TRIGGER IF EXISTS journal_entry_guard ON journal_entry')
        op.execute('DROP FUNCTION IF EXISTS coopdesk_no_truncate()')
        op.execute('DROP FUNCTION IF EXISTS coopdesk_posting_guard()')
        op.execute('DROP FUNCTION IF EXISTS coopdesk_journal_entry_guard()')

    op.drop_table('balance_snapshot')
    op.drop_table('posting')
    op.drop_index(op.f('ix_member_nik'), table_name='member')
    op.drop_table('member')
    op.drop_table('journal_entry')
    op.drop_table('audit_head')
    op.drop_table('setting')
    op.drop_table('financial_year')
    op.drop_table('document_counter')
    op.drop_index(op.f('ix_audit_log_action'), table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_table('attachment')
    op.drop_table('account')

