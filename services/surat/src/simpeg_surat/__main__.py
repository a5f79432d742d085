"""``python -m simpeg_surat api|relay|worker|all|migrate`` (also ``simpeg service surat …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("surat")
