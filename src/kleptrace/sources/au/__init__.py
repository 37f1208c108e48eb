"""Australia: DFAT Consolidated List (xlsx)."""
