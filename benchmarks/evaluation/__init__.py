"""Evaluation cases from the loaded sanctions lists and customers on no list, built
without kleptrace's own code or tables."""
