"""Bytes of a text file → str, with the encoding detected rather than assumed.

Order (most certain first): a byte-order mark; BOM-less UTF-16 when the bytes have
the NUL pattern of UTF-16; strict UTF-8; strict GB18030 (a superset of GBK/GB2312,
the usual encoding of Chinese government files); charset-normalizer's best guess.
Every candidate must also *look like text* (mostly Han, ASCII, punctuation), so
random bytes that happen to decode are still refused.

A file cut in the middle of a character (copy from the web, truncated download)
is accepted: the broken tail is dropped.
"""

from __future__ import annotations

import codecs
import re
import unicodedata


class Undecodable(ValueError):
    """No plausible decoding; the message says why (used in BadInputError)."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with FF FE too
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Characters a bulletin is made of: Han, ASCII printable and whitespace, CJK and
# general punctuation, full-width forms, Latin-1 letters, circled numbers.
_PLAUSIBLE = re.compile(
    "[\u0020-\u007e\t\n\r\f\u00a0-\u00ff\u2000-\u206f\u2150-\u218f\u2460-\u24ff\u2500-\u257f"
    "\u25a0-\u25ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
MIN_PLAUSIBLE = 0.95
MAX_CONTROL = 0.01


def plausibility(text: str) -> float:
    if not text:
        return 1.0  # nothing implausible; emptiness is refused by the caller
    return len(_PLAUSIBLE.findall(text)) / len(text)


def control_ratio(text: str) -> float:
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


# What the codecs say when the data simply stops inside a character.
_CUT_REASONS = frozenset({"unexpected end of data", "incomplete multibyte sequence", "truncated data"})


def _strict(data: bytes, encoding: str, max_tail: int) -> str | None:
    """Strict decode; if only the last few bytes fail (a cut character), drop them."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - max_tail or exc.reason not in _CUT_REASONS:
            return None  # broken in the middle, or a byte this encoding never has
        try:
            return data[: exc.start].decode(encoding)
        except UnicodeDecodeError:
            return None


def _looks_like_text(text: str) -> bool:
    return plausibility(text) >= MIN_PLAUSIBLE and control_ratio(text) <= MAX_CONTROL


def _is_written_text(ch: str) -> bool:
    # letters, marks, digits, punctuation, symbols and spaces of any script
    return unicodedata.category(ch)[0] in "LMNPSZ" or ch in "\t\n\r"


def _is_text_in_any_script(text: str) -> bool:
    """Valid UTF-8 (or BOM-marked) text in another script — Japanese kana, Korean,
    Cyrillic — is text, not binary: it is decoded, and the language check then says
    "not Chinese text" (the real cause) instead of "control characters". Only used
    where the encoding is certain; the GBK/Big5 guesses keep the narrow Chinese set."""
    if not text or control_ratio(text) > MAX_CONTROL:
        return False
    return sum(map(_is_written_text, text)) / len(text) >= MIN_PLAUSIBLE


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: NULs sit in odd (LE) or even (BE) positions for ASCII, and
    the decoded text must look like text."""
    usable = data[: len(data) - (len(data) % 2)]
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        text = _strict(usable, enc, 2)
        if text is None:
            continue
        score = plausibility(text)
        if _looks_like_text(text) and (best is None or score > best[0]):
            best = (score, text, enc)
    return (best[1], best[2]) if best else None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding). Raises Undecodable with a one-line reason."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], enc, 4)
            if text is None:
                raise Undecodable(f"has a {enc.upper()} byte-order mark but is not valid {enc.upper()}")
            if not (_looks_like_text(text) or _is_text_in_any_script(text)):
                raise Undecodable(f"decodes as {enc.upper()} but is mostly control or unassigned characters (binary?)")
            return text, enc + "-bom"
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found:
            return found
        raise Undecodable("binary data (NUL bytes), not a text file")
    text = _strict(data, "utf-8", 3)
    utf8_but_binary = False
    if text is not None:
        if _looks_like_text(text):
            return text, "utf-8"
        if _is_text_in_any_script(text) and not _gbk_reading_is_better(data):
            return text, "utf-8"  # Japanese, Korean, Russian …: the language check refuses it
        utf8_but_binary = True  # valid UTF-8 of control characters — or GBK that looks like it
    candidates = []
    for enc in ("gb18030", "big5"):
        text = _strict(data, enc, 1)
        if text is not None and _looks_like_text(text) and _han_share_ok(text):
            candidates.append((common_share(text), enc == "gb18030", text, enc))
    if candidates:  # Big5 bytes are valid GBK too: the decoding with everyday characters wins
        _, _, text, enc = max(candidates)
        return text, enc
    lenient = _mostly_utf8(data)
    if lenient is not None:
        return lenient, "utf-8 (with replaced bytes)"
    found = _utf16_without_bom(data)  # UTF-16 without BOM and without ASCII (so no NULs)
    if found and _han_share_ok(found[0]):
        return found
    guess = _charset_normalizer_guess(data)
    if guess:
        return guess
    if utf8_but_binary:
        raise Undecodable("mostly control characters (binary?), not a text file")
    raise Undecodable("undecodable: not UTF-8, UTF-16, GB18030 or any encoding that gives plausible text")


# A UTF-8 file with a handful of damaged bytes (a bad copy) is still that file;
# the damaged characters become U+FFFD and the rest stays exact.
MAX_REPLACED = 0.002


def _mostly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, int(len(text) * MAX_REPLACED)) and _looks_like_text(text):
        return text
    return None


# Everyday characters of government prose, in Simplified and Traditional forms. A
# wrong decoding of GBK/Big5 bytes gives rare characters instead.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
    "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利"
    "比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文"
    "总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干"
    "做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共"
    "权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张"
    "信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验"
    "连断深难近千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率族维划选标写存候"
    "亲快效院查江型眼王按格养易置派层片始专状育厂识适属包火住调满县局照参红细引听该价严龙镇村乡街项推服"
    "個們國來時說會後發對過經當還學進種現實動與關開為這見長問門間業產農縣鄉鎮區務設機歲萬億營數據網點"
    "黨員幹導視環境據總資項辦黨組織邊遠傳統態權體驗錢創藝術運營銷規劃實現設計區域環節應該處理員責"
)


def common_share(text: str) -> float:
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    return sum(ch in _COMMON for ch in han) / len(han) if han else 0.0


def _han_share_ok(text: str) -> bool:
    """GB18030 decodes many byte strings; real Chinese text is not full of rare
    CJK Extension A or private-use characters."""
    rare = len(re.findall("[\u3400-\u4dbf\ue000-\uf8ff]", text))
    return rare <= max(2, len(text) // 200)


def _gbk_reading_is_better(data: bytes) -> bool:
    """Rarely, GBK bytes are also valid UTF-8; if their GB18030 reading is everyday
    Chinese, that reading wins over a foreign-script UTF-8 one."""
    text = _strict(data, "gb18030", 1)
    return text is not None and _looks_like_text(text) and _han_share_ok(text) and common_share(text) >= 0.3


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if _looks_like_text(text):
        return text, str(best.encoding)
    return None
