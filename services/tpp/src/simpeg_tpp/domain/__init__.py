"""TPP's rules and arithmetic: no I/O, no framework."""
