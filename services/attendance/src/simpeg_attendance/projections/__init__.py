"""Read models attendance keeps: who works where (from profile), approved leave (from cuti),
and its own check-ins, days and flags (from its own event log)."""
