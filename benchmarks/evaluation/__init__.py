"""Evaluation cases built from the loaded sanctions lists, and synthetic customers."""
