"""Loads SIMPEG's pytest plugin (broker, databases, tokens) for every test folder."""

pytest_plugins = ["simpeg_shared.testing"]

# Hypothesis deadlines measure the machine, not the behaviour: a loaded CI runner made a 0.2 ms
# example take 300 ms once. Examples still run; only the per-example clock is off.
from hypothesis import settings  # noqa: E402

settings.register_profile("simpeg", deadline=None)
settings.load_profile("simpeg")
