"""``python -m simpeg_tpp api|relay|worker|all|migrate`` (also ``simpeg service tpp …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("tpp")
