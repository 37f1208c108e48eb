"""United Nations Security Council consolidated list (XML)."""
