"""United Kingdom: HM Treasury OFSI Consolidated List and the FCDO UK Sanctions List."""
