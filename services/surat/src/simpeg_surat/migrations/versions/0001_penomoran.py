"""The number register of surat: one counter row per instansi, unit and year, and one row per
number given (which letter or reservation holds it).

Revision ID: surat_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "surat_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "surat_nomor_counter",
        sa.Column("instansi_id", sa.String(64), primary_key=True),
        sa.Column("unit", sa.String(32), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("terakhir", sa.Integer, nullable=False),
    )
    op.create_table(
        "surat_nomor_register",
        sa.Column("instansi_id", sa.String(64), primary_key=True),
        sa.Column("unit", sa.String(32), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("urut", sa.Integer, primary_key=True),
        sa.Column("nomor", sa.String(128), nullable=False),
        sa.Column("klasifikasi", sa.String(32), nullable=False),
        # The letter (surat id) or reservation that holds the number: a number is never given
        # twice, and a letter asking again gets the number it already holds.
        sa.Column("pemegang", sa.String(64), nullable=False, unique=True),
        sa.Column("keterangan", sa.String(255), nullable=True),
        sa.Column("diberikan_pada", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("instansi_id", "nomor", name="uq_surat_nomor_register_nomor"),
    )


def downgrade() -> None:
    op.drop_table("surat_nomor_register")
    op.drop_table("surat_nomor_counter")
