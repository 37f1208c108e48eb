"""HTTP API: yente-compatible /match, /search, /entities, plus batch screening and admin."""
