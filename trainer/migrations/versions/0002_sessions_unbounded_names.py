"""sessions.scenario_id and sessions.culture without a length limit: an imported culture is named
after its file, of any length (PostgreSQL refused one over 60 characters; SQLite never checked).
On SQLite the table is rebuilt (batch mode), rows and all."""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as t:
        t.alter_column("scenario_id", type_=sa.Text, existing_type=sa.String(120), existing_nullable=False)
        t.alter_column("culture", type_=sa.Text, existing_type=sa.String(60), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("sessions") as t:
        t.alter_column("scenario_id", type_=sa.String(120), existing_type=sa.Text, existing_nullable=False)
        t.alter_column("culture", type_=sa.String(60), existing_type=sa.Text, existing_nullable=False)
