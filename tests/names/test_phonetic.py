"""Latin words as katakana and Thai write them: list spellings against the readings of
designated Russians' names as Japanese and Thai media write them."""

from __future__ import annotations

import pytest

from kleptrace.names import script_key
from kleptrace.names.phonetic import KATAKANA, THAI
from kleptrace.names.readings import katakana_foreign_readings, thai_foreign_readings

# (katakana or Thai, its reading, the lists' Latin spelling, the rule that joins them)
WRITTEN_ALIKE = (
    ("ズブコフ", "zbkov", "zubkov", KATAKANA),  # ズ: z with or without its u
    ("ウラジーミル", "urajimir", "vladimir", KATAKANA),  # ウラ for vla; ジ for d
    ("コヴァリチュク", "kovarichk", "kovalchuk", KATAKANA),  # リ: the soft l; チュ: chu
    ("エリヴィラ", "erivira", "elvira", KATAKANA),  # リ: l before a consonant
    ("スレイマン", "sreiman", "suleiman", KATAKANA),  # ス: s with or without its u
    ("スホーイ", "suhoi", "sukhoi", KATAKANA),  # ホ: kh
    ("ヴャチェスラフ", "vyacheslaf", "vyacheslav", KATAKANA),  # フ: f and v
    ("アレクサンドル", "areksandor", "aleksandr", KATAKANA),  # ド: d with an added o
    ("เซียร์เกย์", "siarkey", "sergey", THAI),  # เ◌ีย: the e after s
    ("เวกเซลแบร์ก", "vekselberk", "vekselberg", THAI),  # ก: k and g
    ("กาซพรอมแบงก์", "kasprombangk", "gazprombank", THAI),  # งก์: nk
)


@pytest.mark.parametrize(("written", "reading", "listed", "script"), WRITTEN_ALIKE)
def test_a_reading_and_the_list_spelling_have_one_key(
    written: str, reading: str, listed: str, script: str
) -> None:
    read = katakana_foreign_readings if script == KATAKANA else thai_foreign_readings
    assert reading in read(written)
    assert script_key(reading, script) == script_key(listed, script)


def test_names_the_script_writes_apart_keep_apart() -> None:
    for a, b in (("putin", "pushkin"), ("ivanov", "ivanova"), ("sergey", "sergeyev")):
        assert script_key(a, KATAKANA) != script_key(b, KATAKANA)
        assert script_key(a, THAI) != script_key(b, THAI)
    # Katakana writes s and z apart (サ, ザ), Thai with one ซ.
    assert script_key("zaharova", KATAKANA) != script_key("saharova", KATAKANA)
    assert script_key("zaharova", THAI) == script_key("saharova", THAI)
