"""``python -m simpeg_profile api|relay|worker|all|migrate`` (also ``simpeg service profile …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("profile")
