"""Read models KGB keeps from other contexts' events."""
