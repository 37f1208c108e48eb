"""OpenSanctions exports: FollowTheMoney JSON lines, targets.simple.csv, Senzing JSON."""
