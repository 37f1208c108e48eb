"""Canada: the Consolidated Autonomous Sanctions List (SEMA and JVCFOA)."""
