"""``python -m simpeg_attendance api|relay|worker|all|migrate`` (also ``simpeg service attendance …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("attendance")
