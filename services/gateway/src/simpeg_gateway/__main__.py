"""``python -m simpeg_gateway api|relay|worker|all|migrate`` (also ``simpeg service gateway …``)."""

from simpeg_shared.service import main_for

if __name__ == "__main__":
    main_for("gateway")
