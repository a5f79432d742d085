"""``python -m simpeg_kgb api|relay|worker|all|migrate`` (also ``simpeg service kgb …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("kgb")
