"""products and labels: business groups, products, permits, batches, the group's own label stock,
printer calibrations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Printer calibrations were first kept per template in the setting `labels.calibration`
({template: {dx, dy, sx, sy}}); they are now rows per (printer, template). Whatever that setting
holds becomes the "default" printer's rows, so a calibration made before keeps working.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

OLD_CALIBRATION_KEY = 'labels.calibration'
DEFAULT_PRINTER = 'default'

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('producer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('postal_code', sa.String(length=5), nullable=False),
    sa.Column('regency', sa.String(length=80), nullable=False),
    sa.Column('regency_code', sa.String(length=4), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('nib', sa.String(length=13), nullable=False),
    sa.Column('logo_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['logo_id'], ['attachment.id'], name=op.f('fk_producer_logo_id_attachment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer')),
    sa.UniqueConstraint('name', name=op.f('uq_producer_name'))
    )
    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('brand', sa.String(length=80), nullable=False),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('packaging', sa.Integer(), nullable=True),
    sa.Column('net_amount', sa.String(length=16), nullable=True),
    sa.Column('net_unit', sa.String(length=3), nullable=True),
    sa.Column('ingredients', sa.JSON(), nullable=False),
    sa.Column('allergens', sa.JSON(), nullable=False),
    sa.Column('storage', sa.Text(), nullable=False),
    sa.Column('usage', sa.Text(), nullable=False),
    sa.Column('origin_note', sa.Text(), nullable=False),
    sa.Column('shelf_life_days', sa.Integer(), nullable=True),
    sa.Column('price', sa.BigInteger(), nullable=True),
    sa.Column('barcode', sa.String(length=13), nullable=True),
    sa.Column('nutrition', sa.JSON(), nullable=True),
    sa.Column('qr_content', sa.Text(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('food', 'nonfood')", name=op.f('ck_product_kind')),
    sa.CheckConstraint('packaging IS NULL OR packaging BETWEEN 1 AND 8', name=op.f('ck_product_packaging')),
    sa.CheckConstraint('shelf_life_days IS NULL OR shelf_life_days > 0', name=op.f('ck_product_shelf_life')),
    sa.CheckConstraint('price IS NULL OR price >= 0', name=op.f('ck_product_price')),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_product_producer_id_producer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('barcode', name=op.f('uq_product_barcode')),
    sa.UniqueConstraint('code', name=op.f('uq_product_code'))
    )
    op.create_index('ix_product_name', 'product', ['name'], unique=False)
    op.create_index('ix_product_producer_id', 'product', ['producer_id'], unique=False)
    op.create_table('permit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pirt', 'bpom', 'halal', 'nib', 'slhs')", name=op.f('ck_permit_kind')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_permit_attachment_id_attachment')),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_permit_producer_id_producer')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_permit_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_permit'))
    )
    op.create_index('ix_permit_expires_on', 'permit', ['expires_on'], unique=False)
    op.create_index('ix_permit_producer_id', 'permit', ['producer_id'], unique=False)
    op.create_index('ix_permit_product_id', 'permit', ['product_id'], unique=False)
    op.create_table('product_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('produced_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('expires_on >= produced_on', name=op.f('ck_product_batch_dates')),
    sa.CheckConstraint('quantity IS NULL OR quantity >= 0', name=op.f('ck_product_batch_quantity')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_batch_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_batch')),
    sa.UniqueConstraint('product_id', 'code', name='uq_product_batch_product_code')
    )
    op.create_index('ix_product_batch_expires_on', 'product_batch', ['expires_on'], unique=False)
    op.create_table('label_template',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label_template'))
    )
    op.create_table('label_calibration',
    sa.Column('printer', sa.String(length=200), nullable=False),
    sa.Column('template_id', sa.String(length=40), nullable=False),
    sa.Column('dx', sa.Float(), nullable=False),
    sa.Column('dy', sa.Float(), nullable=False),
    sa.Column('sx', sa.Float(), nullable=False),
    sa.Column('sy', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('sx > 0 AND sy > 0', name=op.f('ck_label_calibration_scale')),
    sa.PrimaryKeyConstraint('printer', 'template_id', name=op.f('pk_label_calibration'))
    )
    _move_template_calibrations()


def _move_template_calibrations() -> None:
    """The per-template calibrations of the old setting become the default printer's rows."""
    conn = op.get_bind()
    raw = conn.execute(sa.text('SELECT value FROM setting WHERE key = :key'),
                       {'key': OLD_CALIBRATION_KEY}).scalar()
    if raw is None:
        return
    saved = json.loads(raw)
    now = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as coopdesk.db.UtcDateTime stores
    rows = [{'printer': DEFAULT_PRINTER, 'template_id': str(template_id)[:40],
             'dx': float(cal.get('dx', 0.0)), 'dy': float(cal.get('dy', 0.0)),
             'sx': float(cal.get('sx', 1.0)), 'sy': float(cal.get('sy', 1.0)), 'updated_at': now}
            for template_id, cal in (saved.items() if isinstance(saved, dict) else ())
            if isinstance(cal, dict)]
    if rows:
        table = sa.table('label_calibration', *(sa.column(k) for k in rows[0]))
        op.bulk_insert(table, rows)
    conn.execute(sa.text('DELETE FROM setting WHERE key = :key'), {'key': OLD_CALIBRATION_KEY})


def downgrade() -> None:
    op.drop_table('label_calibration')
    op.drop_table('label_template')
    op.drop_index('ix_product_batch_expires_on', table_name='product_batch')
    op.drop_table('product_batch')
    op.drop_index('ix_permit_product_id', table_name='permit')
    op.drop_index('ix_permit_producer_id', table_name='permit')
    op.drop_index('ix_permit_expires_on', table_name='permit')
    op.drop_table('permit')
    op.drop_index('ix_product_producer_id', table_name='product')
    op.drop_index('ix_product_name', table_name='product')
    op.drop_table('product')
    op.drop_table('producer')
