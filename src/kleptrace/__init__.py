"""kleptrace: act on sanctions and kleptocratic money with the official lists."""

__version__ = "0.1.0"
