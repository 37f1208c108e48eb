"""Values as people and publishers write them (dates for now), read into the forms the
rest of kleptrace compares. Pure functions with no heavy imports, shared by the list
parsers (`sources/`) and by query reading (`screen/`, `files/`, `api/`), so both read
"7 October 1952" the same way and `kleptrace screen` starts without loading a parser."""
