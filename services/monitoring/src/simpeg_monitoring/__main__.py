"""``python -m simpeg_monitoring api|relay|worker|all|migrate`` (also ``simpeg service monitoring …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("monitoring")
