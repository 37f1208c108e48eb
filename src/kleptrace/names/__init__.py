"""Names: everything screening needs to know about how a name is written.

A designated person or company appears under many spellings: in Latin, in its
own script (EU Cyrillic aliases, UN Arabic original-script names, OFSI
non-Latin names), in several romanisations (Vladimir / Wladimir / Volodymyr),
surname first or last, with or without a patronymic, title or legal form, and
sometimes with invisible characters or look-alike letters from another
script. This package reduces those differences so that `kleptrace.screen` can
compare names part by part:

- `normalize`: Unicode clean-up and homoglyph folding;
- `scripts`: which writing system a name is in, and whether it writes vowels;
- `translit`: Latin forms, the romanisation variants lists disagree on, and
  consonant skeletons for names written without short vowels;
- `readings`: the other Latin readings of Japanese, Thai and Greek names;
- `transcriptions`: Russian names in German, French or ISO 9 spelling, and their
  Ukrainian and Belarusian forms, read the lists' way;
- `phonetic`: a Latin word as katakana or Thai would write it, to compare their
  readings with;
- `parts`: given, family, patronymic, particle, initial, honorific, legal
  form, with rigour's name symbols; Chinese and Korean family name first;
- `legal_forms`: one code per legal form (ООО, OOO, LLC -> "LLC");
- `generic`: low weights for words every company name carries.

All functions are pure and cached. `name_parts` is the only one that calls
rigour's name tagger, whose first call in a process takes several seconds.
"""

from kleptrace.names.generic import is_number, number_value, token_weight
from kleptrace.names.legal_forms import LEGAL_FORM_KINDS, legal_form, strip_legal_form
from kleptrace.names.normalize import clean, fold_homoglyphs
from kleptrace.names.parts import Part, name_parts
from kleptrace.names.phonetic import script_key
from kleptrace.names.readings import Reading, readings
from kleptrace.names.scripts import is_abjad, is_mixed_script, script_of
from kleptrace.names.transcriptions import transcription_readings
from kleptrace.names.translit import (
    abjad_skeletons,
    consonant_skeleton,
    is_korean_syllable,
    is_pinyin_name,
    joined_variants,
    latin_skeletons,
    latinize,
    romanisation_variants,
    same_long_vowels,
    vowels_agree,
)

__all__ = [
    "LEGAL_FORM_KINDS",
    "Part",
    "Reading",
    "abjad_skeletons",
    "clean",
    "consonant_skeleton",
    "fold_homoglyphs",
    "is_abjad",
    "is_korean_syllable",
    "is_mixed_script",
    "is_number",
    "is_pinyin_name",
    "joined_variants",
    "latin_skeletons",
    "latinize",
    "legal_form",
    "name_parts",
    "number_value",
    "readings",
    "romanisation_variants",
    "same_long_vowels",
    "script_key",
    "script_of",
    "strip_legal_form",
    "token_weight",
    "transcription_readings",
    "vowels_agree",
]
