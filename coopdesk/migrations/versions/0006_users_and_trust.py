"""users and trust: users, approval requests, and an append-only audit trail

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

The users of a book and their second approvals. The audit trail becomes append-only in the
database itself: a record can never be updated or deleted, a new one must link to the head, and
the head may only move to the newest record with that record's hash. A book upgraded from an
earlier revision has no users yet; it opens for its administrator, who is asked for a password.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('failed_count', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('ketua', 'bendahara', 'pengawas', 'operator', 'readonly')", name=op.f('ck_app_user_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('approval_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('subject', sa.String(length=80), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('summary', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by', sa.String(length=80), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.String(length=80), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.String(length=255), nullable=True),
    sa.Column('used_by', sa.String(length=80), nullable=True),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected', 'used', 'cancelled')", name=op.f('ck_approval_request_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_request'))
    )
    op.create_index(op.f('ix_approval_request_subject'), 'approval_request', ['subject'], unique=False)
    op.create_index('ix_audit_log_username_at', 'audit_log', ['username', 'at'], unique=False)
    op.create_index('ix_audit_log_at', 'audit_log', ['at'], unique=False)
    guards = POSTGRESQL_GUARDS if op.get_bind().dialect.name == 'postgresql' else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


APPEND_ONLY = 'coopdesk: the audit trail is append-only'
UNLINKED = 'coopdesk: an audit record must link to the newest one'
HEAD = 'coopdesk: the audit head must point at the newest record'
_HEAD_WRONG = """
    NEW.id <> OLD.id OR NEW.last_id IS NULL
    OR NEW.last_id IS NOT (SELECT MAX(id) FROM audit_log)
    OR NEW.last_hash IS NOT (SELECT hash FROM audit_log WHERE id = NEW.last_id)
"""

SQLITE_GUARDS = [
    f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
    f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
    f"""CREATE TRIGGER audit_log_linked BEFORE INSERT ON audit_log
    WHEN NEW.prev_hash IS NOT (SELECT last_hash FROM audit_head WHERE id = 1)
    BEGIN SELECT RAISE(ABORT, '{UNLINKED}'); END""",
    f"""CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head
    BEGIN SELECT RAISE(ABORT, '{HEAD}'); END""",
    f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    BEGIN SELECT RAISE(ABORT, '{HEAD}'); END""",
    f"""CREATE TRIGGER audit_head_follows BEFORE UPDATE ON audit_head
    WHEN {_HEAD_WRONG}
    BEGIN SELECT RAISE(ABORT, '{HEAD}'); END""",
]

POSTGRESQL_GUARDS = [
    f"""CREATE FUNCTION coopdesk_audit_log_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.prev_hash IS DISTINCT FROM (SELECT last_hash FROM audit_head WHERE id = 1) THEN
          RAISE EXCEPTION '{UNLINKED}';
        END IF;
        RETURN NEW;
      END IF;
      RAISE EXCEPTION '{APPEND_ONLY}';
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_log_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION coopdesk_audit_log_guard()""",
    f"""CREATE FUNCTION coopdesk_audit_head_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' OR ({_HEAD_WRONG.replace('IS NOT', 'IS DISTINCT FROM')}) THEN
        RAISE EXCEPTION '{HEAD}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION coopdesk_audit_head_guard()""",
    f"""CREATE FUNCTION coopdesk_audit_no_truncate() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_audit_no_truncate()""",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_audit_no_truncate()""",
]


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for trigger, table in (('audit_head_no_truncate', 'audit_head'),
                               ('audit_log_no_truncate', 'audit_log'),
                               ('audit_head_guard', 'audit_head'),
                               ('audit_log_guard', 'audit_log')):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger} ON {table}')
        for function in ('coopdesk_audit_no_truncate', 'coopdesk_audit_head_guard',
                         'coopdesk_audit_log_guard'):
            op.execute(f'DROP FUNCTION IF EXISTS {function}()')
    else:
        for trigger in ('audit_head_follows', 'audit_head_no_delete', 'audit_head_no_insert',
                        'audit_log_linked', 'audit_log_no_delete', 'audit_log_no_update'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_index('ix_audit_log_username_at', table_name='audit_log')
    op.drop_index(op.f('ix_approval_request_subject'), table_name='approval_request')
    op.drop_table('approval_request')
    op.drop_table('app_user')
