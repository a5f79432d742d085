"""Read models TPP keeps: the facts it pays on (from four contexts) and its own payroll."""
