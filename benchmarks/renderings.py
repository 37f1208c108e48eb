"""Russian names as other scripts' media write them: does the screen reach the person?

    .venv/bin/python benchmarks/renderings.py [--db PATH] [--threshold X]

Each rendering is the spelling of a designated Russian's (or Belarusian's) name in the
Arabic, Hebrew, Greek or Chinese Wikipedia, written down by hand; none comes from the
lists or from kleptrace's tables. A rendering reaches its person when `Screener.screen`
at the threshold (default: the screening default) returns a record whose caption or
matched name carries the person's Latin surname (a firm's name, for the katakana firms).
Prints one line per rendering and the count reached per part, then whether any of 38
katakana and Thai names on no list alerts. The first spellings guided the abjad and
Greek rules of issue 10's fifth round: a coverage check, not a held-out measure
(benchmarks/evaluate.py's test split is that). Katakana and Thai come in three sets,
each written down before the rules measured on it: the first after the first katakana
and Thai readings were set, and its misses then guided the letters those scripts write
alike (`names.lossy_key`, later `names.script_key`); the second before `script_key`,
whose design also looked at its misses, so it is no longer fully held out; the third
after `script_key` was drafted and before it was measured: the held-out part.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kleptrace.screen import DEFAULT_THRESHOLD, Query, Screener

RENDERINGS = (
    ("فلاديمير بوتين", "putin"), ("ولاديمير بوتين", "putin"), ("ولادیمیر پوتین", "putin"),
    ("ולדימיר פוטין", "putin"), ("弗拉基米尔·普京", "putin"), ("Βλαντιμίρ Πούτιν", "putin"),
    ("أوليغ ديريباسكا", "deripaska"), ("اوليغ ديريباسكا", "deripaska"),
    ("אולג דריפסקה", "deripaska"), ("奥列格·德里帕斯卡", "deripaska"),
    ("رومان أبراموفيتش", "abramovich"), ("רומן אברמוביץ'", "abramovich"),
    ("罗曼·阿布拉莫维奇", "abramovich"), ("أليشر عثمانوف", "usmanov"),
    ("אלישר אוסמנוב", "usmanov"), ("阿利舍尔·乌斯马诺夫", "usmanov"),
    ("ميخائيل فريدمان", "fridman"), ("سيرغي لافروف", "lavrov"), ("סרגיי לברוב", "lavrov"),
    ("谢尔盖·拉夫罗夫", "lavrov"), ("イーゴリ・セーチン", "sechin"), ("إيغور سيتشين", "sechin"),
    ("Ιγκόρ Σέτσιν", "sechin"), ("Σεργκέι Λαβρόφ", "lavrov"), ("فيكتور فيكسلبرغ", "vekselberg"),
    ("ויקטור וקסלברג", "vekselberg"), ("جينادي تيمشينكو", "timchenko"),
    ("גנאדי טימצ'נקו", "timchenko"), ("根纳季·季姆琴科", "timchenko"),
    ("ألكسندر لوكاشينكو", "lukashenk"), ("亚历山大·卢卡申科", "lukashenk"),
    ("رمضان قديروف", "kadyrov"), ("Рамзан Кадыров", "kadyrov"),
)  # fmt: skip
# Katakana, as Japanese media write these names: written down after the first rules for
# katakana were set (on other names); their misses guided the later rules.
KATAKANA = (
    ("ニコライ・パトルシェフ", "patrushev"), ("ヴャチェスラフ・ヴォロジン", "volodin"),
    ("セルゲイ・チェメゾフ", "chemezov"), ("アンドレイ・コスティン", "kostin"),
    ("ゲルマン・グレフ", "gref"), ("ウラジーミル・ソロヴィヨフ", "solov"),
    ("ヴィクトル・ズブコフ", "zubkov"), ("アルカジー・ローテンベルク", "rotenberg"),
    ("ボリス・ローテンベルク", "rotenberg"), ("ユーリー・コヴァリチュク", "kovalchuk"),
    ("ニコライ・トカレフ", "tokarev"), ("アレクセイ・ミレル", "miller"),
    ("ピョートル・アヴェン", "aven"), ("スレイマン・ケリモフ", "kerimov"),
    ("アンドレイ・メリニチェンコ", "melnichenko"), ("ドミトリー・ペスコフ", "peskov"),
    ("マリア・ザハロワ", "zakharova"), ("セルゲイ・キリエンコ", "kiriyenko"),
    ("アレクサンドル・ボルトニコフ", "bortnikov"), ("ヴィクトル・ゾロトフ", "zolotov"),
    ("エリヴィラ・ナビウリナ", "nabiullina"),
)  # fmt: skip
KATAKANA_FIRMS = (
    ("ロステレコム", "rostelecom"), ("ウラルカリ", "uralkali"), ("アルロサ", "alrosa"),
    ("ロスアトム", "rosatom"), ("ガスプロム・ネフチ", "gazprom neft"),
    ("ソヴコムバンク", "sovcombank"), ("プロムスヴャジバンク", "promsvyazbank"),
    ("オトクリティエ", "otkritie"), ("ノヴィコムバンク", "novikombank"),
    ("ヴネシュエコノムバンク", "vnesheconombank"), ("カラシニコフ", "kalashnikov"),
    ("アルマズ・アンテイ", "almaz"), ("スホーイ", "sukhoi"),
)  # fmt: skip

# Thai, as Thai media write these names: written down after the first rules for Thai were
# set (on other names); their misses guided the later rules.
THAI = (
    ("นิโคไล ปาตรูเชฟ", "patrushev"), ("เซียร์เกย์ ชอยกู", "shoigu"),
    ("วิกตอร์ เวกเซลแบร์ก", "vekselberg"), ("เกนนาดี ทิมเชนโก", "timchenko"),
    ("อาร์คาดี โรเทนแบร์ก", "rotenberg"), ("อะเลคเซย์ มิลเลอร์", "miller"),
    ("เยฟเกนี ปรีโกชิน", "prigozhin"), ("รามซาน คาดีรอฟ", "kadyrov"),
    ("วิกตอร์ ยานูโควิช", "yanukovych"), ("ปิออตร์ อาเวน", "aven"),
    ("มิคาอิล มิชุสติน", "mishustin"), ("มาริยา ซาคาโรวา", "zakharova"),
    ("ดมีตรี เปสคอฟ", "peskov"), ("ยูรี คอวัลชุก", "kovalchuk"),
    ("เซียร์เกย์ เชเมซอฟ", "chemezov"),
)  # fmt: skip
THAI_FIRMS = (
    ("รอสเทค", "rostec"), ("แอโรฟลอต", "aeroflot"), ("วากเนอร์", "wagner"),
    ("ทรานส์เนฟต์", "transneft"), ("โนวาเทค", "novatek"), ("อัลรอซา", "alrosa"),
    ("ซอฟคอมฟลอต", "sovcomflot"), ("กาซพรอมแบงก์", "gazprombank"),
)  # fmt: skip

# The second set: more katakana and Thai renderings, as Japanese and Thai media write
# these names, set down before any rule was designed on the misses above; their
# spellings are not to be changed. The design of `names.script_key` also looked at its
# misses, so it is not fully held out.
KATAKANA_2 = (
    ("セルゲイ・ショイグ", "shoigu"), ("ミハイル・ミシュスチン", "mishustin"),
    ("エフゲニー・プリゴジン", "prigozhin"), ("アリシェル・ウスマノフ", "usmanov"),
    ("オレグ・デリパスカ", "deripaska"), ("ミハイル・フリードマン", "fridman"),
    ("ゲンナジー・ティムチェンコ", "timchenko"), ("ヴィクトル・ヴェクセリベルク", "vekselberg"),
    ("ウラジーミル・ポターニン", "potanin"), ("アレクサンドル・ルカシェンコ", "lukashenk"),
    ("ドミトリー・メドベージェフ", "medvedev"), ("セルゲイ・ナルイシキン", "naryshkin"),
    ("ワレンチナ・マトビエンコ", "matviyenko"), ("アレクセイ・モルダショフ", "mordashov"),
    ("ワレリー・ゲラシモフ", "gerasimov"), ("アントン・シルアノフ", "siluanov"),
)  # fmt: skip
KATAKANA_FIRMS_2 = (
    ("ロステック", "rostec"), ("ルクオイル", "lukoil"), ("ソフコムフロート", "sovcomflot"),
    ("セベルスターリ", "severstal"), ("ワグネル", "wagner"),
    ("ウラルヴァゴンザヴォード", "uralvagonzavod"), ("ツポレフ", "tupolev"),
    ("カマズ", "kamaz"), ("ロスオボロンエクスポルト", "rosoboronexport"),
)  # fmt: skip
THAI_2 = (
    ("เซอร์เก ลาฟรอฟ", "lavrov"), ("อลิเชอร์ อุสมานอฟ", "usmanov"),
    ("มิคาอิล ฟริดแมน", "fridman"), ("อเล็กซานเดอร์ ลูกาเชนโก", "lukashenk"),
    ("วลาดิมีร์ โปตานิน", "potanin"), ("อิกอร์ เซชิน", "sechin"),
    ("วาเลรี เกราซิมอฟ", "gerasimov"), ("เซอร์เกย์ นารีชกิน", "naryshkin"),
    ("อเล็กเซย์ มอร์ดาชอฟ", "mordashov"), ("เซอร์เก โซเบียนิน", "sobyanin"),
    ("วาเลนตินา มัตวิเยนโก", "matviyenko"),
)  # fmt: skip
THAI_FIRMS_2 = (
    ("ซเบอร์แบงก์", "sberbank"), ("ลูคออยล์", "lukoil"), ("คาลาชนิคอฟ", "kalashnikov"),
    ("ซูคอย", "sukhoi"), ("รอสเทเลคอม", "rostelecom"), ("คามาซ", "kamaz"),
    ("อัลฟาแบงก์", "alfa"),
)  # fmt: skip
# The third set, set down after `names.script_key` was drafted (partly on the second
# set's misses) and before it was measured: held out.
KATAKANA_3 = (
    ("セルゲイ・ソビャーニン", "sobyanin"), ("イーゴリ・シュワロフ", "shuvalov"),
    ("ドミトリー・ロゴジン", "rogozin"), ("マラト・フスヌリン", "khusnullin"),
    ("アンドレイ・ベロウソフ", "belousov"), ("ユーリー・チャイカ", "chaika"),
    ("タチアナ・ゴリコワ", "golikova"), ("ワギト・アレクペロフ", "alekperov"),
    ("ミハイル・グツェリエフ", "gutseriev"), ("キリル・シャマロフ", "shamalov"),
    ("アンドレイ・グリエフ", "guryev"),
)  # fmt: skip
KATAKANA_FIRMS_3 = (
    ("ルスギドロ", "rushydro"), ("イルクート", "irkut"), ("ロスセリホズバンク", "rosselkhozbank"),
    ("スルグトネフテガス", "surgutneftegas"), ("タトネフチ", "tatneft"), ("アフトワズ", "avtovaz"),
    ("ロスコスモス", "roscosmos"), ("モストトレスト", "mostotrest"),
)  # fmt: skip
THAI_3 = (
    ("อิกอร์ ชูวาลอฟ", "shuvalov"), ("ดมิทรี โรโกซิน", "rogozin"),
    ("มารัต คุสนุลลิน", "khusnullin"), ("อันเดรย์ เบลูซอฟ", "belousov"),
    ("ยูรี ไชกา", "chaika"), ("วากิต อาเลกเปรอฟ", "alekperov"),
    ("ตาตียานา โกลิโควา", "golikova"), ("อันตอน ซิลัวนอฟ", "siluanov"),
    ("คีริลล์ ชามาลอฟ", "shamalov"),
)  # fmt: skip
THAI_FIRMS_3 = (
    ("รอสคอสมอส", "roscosmos"), ("ตัตเนฟต์", "tatneft"), ("ซูร์กุตเนฟเตกัซ", "surgutneftegas"),
    ("อัฟโตวาซ", "avtovaz"), ("ตูโปเลฟ", "tupolev"), ("อีร์คุต", "irkut"),
)  # fmt: skip
# Names on no list, written in katakana and Thai as Japanese and Thai media write them
# (Russian and English people, some the namesakes of designated people: Lev Tolstoy,
# Mikhail Bulgakov, Vladimir Nabokov, Alexander Pushkin, Sergei Prokofiev; Japanese and
# Thai people, firms): none should alert.
NOT_LISTED = (
    ("ジョン・スミス", "Person"), ("マイケル・ジャクソン", "Person"),
    ("ナタリア・ロマノワ", "Person"), ("ユーリ・ガガーリン", "Person"),
    ("レフ・トルストイ", "Person"), ("フョードル・ドストエフスキー", "Person"),
    ("アントン・チェーホフ", "Person"), ("マリア・シャラポワ", "Person"),
    ("ガルリ・カスパロフ", "Person"), ("ミハイル・ブルガーコフ", "Person"),
    ("イワン・ペトロフ", "Person"), ("アンナ・イワノワ", "Person"),
    ("ボリス・パステルナーク", "Person"), ("スズキ・イチロー", "Person"),
    ("ヤマダ・タロウ", "Person"), ("ナカムラ・ヒロシ", "Person"), ("トヨタ", "LegalEntity"),
    ("ソニー", "LegalEntity"), ("จอห์น สมิธ", "Person"), ("ไมเคิล แจ็กสัน", "Person"),
    ("เลฟ ตอลสตอย", "Person"), ("อันตอน เชคอฟ", "Person"), ("มาเรีย ชาราโปวา", "Person"),
    ("การี คาสปารอฟ", "Person"), ("ยูริ กาการิน", "Person"), ("ทักษิณ ชินวัตร", "Person"),
    ("ประยุทธ์ จันทร์โอชา", "Person"), ("อภิสิทธิ์ เวชชาชีวะ", "Person"),
    ("ยิ่งลักษณ์ ชินวัตร", "Person"), ("โตโยต้า", "LegalEntity"), ("ปตท.", "LegalEntity"),
    ("ウラジーミル・ナボコフ", "Person"), ("アレクサンドル・プーシキン", "Person"),
    ("セルゲイ・プロコフィエフ", "Person"), ("ドミトリー・ショスタコーヴィチ", "Person"),
    ("วลาดิมีร์ นาโบคอฟ", "Person"), ("อะเลคซันดร์ พุชกิน", "Person"),
    ("เซียร์เกย์ โปรโคเฟียฟ", "Person"),
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", type=Path, default=Path(os.environ.get("KLEPTRACE_DB", ".kt/store.duckdb"))
    )
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    screener = Screener.open(args.db)
    for title, renderings, schema in (
        ("Arabic, Hebrew, Greek, Chinese, Cyrillic", RENDERINGS, "Person"),
        ("katakana, people (first set, guided the rules)", KATAKANA, "Person"),
        ("katakana, firms (first set, guided the rules)", KATAKANA_FIRMS, "LegalEntity"),
        ("Thai, people (first set, guided the rules)", THAI, "Person"),
        ("Thai, firms (first set, guided the rules)", THAI_FIRMS, "LegalEntity"),
        ("katakana, people (second set, partly seen)", KATAKANA_2, "Person"),
        ("katakana, firms (second set, partly seen)", KATAKANA_FIRMS_2, "LegalEntity"),
        ("Thai, people (second set, partly seen)", THAI_2, "Person"),
        ("Thai, firms (second set, partly seen)", THAI_FIRMS_2, "LegalEntity"),
        ("katakana, people (third set, held out)", KATAKANA_3, "Person"),
        ("katakana, firms (third set, held out)", KATAKANA_FIRMS_3, "LegalEntity"),
        ("Thai, people (third set, held out)", THAI_3, "Person"),
        ("Thai, firms (third set, held out)", THAI_FIRMS_3, "LegalEntity"),
    ):
        reached = 0
        for rendering, surname in renderings:
            matches = screener.screen(Query((rendering,), schema), threshold=args.threshold)
            hits = [
                m for m in matches
                if surname in m.caption.lower() or surname in (m.matched_name or "").lower()
            ]  # fmt: skip
            reached += bool(hits)
            shown = f"{hits[0].score:.3f} {hits[0].caption}" if hits else "-"
            print(f"{'reached' if hits else 'missed '}  {rendering}  ({surname}): {shown}")
        print(f"{title}: {reached} of {len(renderings)} reached at {args.threshold}\n")
    alerted = 0
    for rendering, schema in NOT_LISTED:
        matches = screener.screen(Query((rendering,), schema), threshold=args.threshold)
        alerted += bool(matches)
        shown = f"{matches[0].score:.3f} {matches[0].caption}" if matches else "-"
        print(f"{'ALERTED' if matches else 'quiet  '}  {rendering}: {shown}")
    print(f"not listed: {alerted} of {len(NOT_LISTED)} alerted at {args.threshold}")


if __name__ == "__main__":
    main()
