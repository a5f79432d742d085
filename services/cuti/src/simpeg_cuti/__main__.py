"""``python -m simpeg_cuti api|relay|worker|all|migrate`` (also ``simpeg service cuti …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("cuti")
