"""SIMPEG TPP: the monthly allowance from attendance and performance."""
