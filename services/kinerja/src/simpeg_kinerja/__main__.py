"""``python -m simpeg_kinerja api|relay|worker|all|migrate`` (also ``simpeg service kinerja …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("kinerja")
