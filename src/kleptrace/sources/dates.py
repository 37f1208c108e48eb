"""The list parsers' date reader: `kleptrace.values.dates`, shared with query reading."""

from kleptrace.values.dates import MONTHS, ParsedDate, parse_date

__all__ = ["MONTHS", "ParsedDate", "parse_date"]
