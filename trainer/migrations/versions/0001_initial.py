"""The schema as the numbered migrations left it (steps 1-2): users, sessions (with version),
turns, drafts. A database from before Alembic is stamped at this revision (trainer.store)."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False))
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("scenario_id", sa.String(120), nullable=False),
        sa.Column("culture", sa.String(60), nullable=False),
        sa.Column("backend", sa.String(40), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float),
        sa.Column("client_state", sa.JSON, nullable=False),
        sa.Column("summary", sa.JSON),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("meta", sa.JSON),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.UniqueConstraint("session_id", "idx", "role", name="one_line_per_role_and_turn"))
    op.create_index("ix_turns_session_id", "turns", ["session_id"])
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("turn_idx", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("feedback", sa.JSON),
        sa.Column("sent", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False))
    op.create_index("ix_drafts_session_id", "drafts", ["session_id"])


def downgrade() -> None:
    for table in ("drafts", "turns", "sessions", "users"):
        op.drop_table(table)
