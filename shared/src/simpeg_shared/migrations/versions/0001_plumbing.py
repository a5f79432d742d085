"""Plumbing tables every service has: relay position, projection generations, dead letters,
idempotency keys.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relay_position",
        sa.Column("context", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        # JSON {partition: [offset, ce_id] of the last record this relay wrote}; when that
        # record is gone the broker lost the topic (restarted empty): everything is resent.
        sa.Column("watermarks", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "projection_generation",
        sa.Column("projection", sa.String(128), primary_key=True),
        sa.Column("generation", sa.Integer, nullable=False),
    )
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(128), nullable=False),
        sa.Column("topic", sa.String(255), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("key", sa.LargeBinary, nullable=True),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=True),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        # sha256 of topic, key, headers and value: the same broken record delivered again is
        # kept once (offsets restart with the embedded broker, so they cannot say "same").
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.UniqueConstraint("consumer", "fingerprint"),
    )
    op.create_table(
        "idempotency_key",
        sa.Column("scope", sa.String(255), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("body", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
