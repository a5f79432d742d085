"""Read models the profile service keeps from its own public events."""
