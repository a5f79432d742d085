"""Loads SIMPEG's pytest plugin (broker, databases, tokens) for every test folder."""

pytest_plugins = ["simpeg_shared.testing"]
