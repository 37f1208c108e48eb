"""Build src/kleptrace/data/pinyin_syllables.txt: every syllable Hanyu Pinyin writes, for
telling two romanised Chinese syllables apart (kleptrace.names.is_pinyin_syllable).

Source: ICU's Han-Latin transliterator (PyICU, a pinned dependency), which reads each
character of the CJK Unified Ideographs block in its Mandarin pinyin; the tone marks are
dropped. Run with `.venv/bin/python tools/pinyin_syllables.py`.
"""

from __future__ import annotations

from pathlib import Path

import icu

OUT = Path(__file__).resolve().parent.parent / "src" / "kleptrace" / "data" / "pinyin_syllables.txt"
CJK_UNIFIED = range(0x4E00, 0x9FA6)


def main() -> None:
    reader = icu.Transliterator.createInstance("Han-Latin; Latin-ASCII")
    syllables = {reader.transliterate(chr(code)).strip().lower() for code in CJK_UNIFIED}
    words = sorted(s for s in syllables if s.isascii() and s.isalpha())
    header = "# Hanyu Pinyin syllables: ICU Han-Latin, U+4E00..U+9FA5 (tools/pinyin_syllables.py)\n"
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} syllables -> {OUT}")


if __name__ == "__main__":
    main()
