"""Bytes to text, record by record: UTF-8 when it is, a legacy 8-bit encoding only when the
text itself shows which one, else a counted skip — never a guess that garbles the story.

- Valid UTF-8 (with or without a byte-order mark) is UTF-8; so is UTF-16 with its mark.
- UTF-8 with a few broken bytes (a stray byte in a UTF-8 file) stays UTF-8: the broken bytes
  become U+FFFD, visible, instead of the whole story being read as Mac-Roman ("Erdoƒüan").
- Bytes with no UTF-8 in them are tried as windows-1252 (Latin-1's superset), Mac-Roman and
  windows-1250. A decoding is plausible when every non-ASCII character is one text is made of
  there: typographic punctuation (’ “ ” – — …), an accented lowercase letter, an accented
  capital that does not follow a lowercase letter ("donÕt" is not a word), no control
  characters. One plausible decoding (or one that reads more typography than the others) is
  taken; none, or a tie between decodings that disagree, is a skip with the reason.
- Text mostly made of non-ASCII bytes (another script in an 8-bit encoding) is left to
  charset-normalizer, when it is confident: language screening then skips it as not English.
"""

from __future__ import annotations

from dataclasses import dataclass

LEGACY = ("cp1252", "mac_roman", "cp1250")
TYPOGRAPHY = frozenset("’‘“”–—…•€£§°©®«»·¢¥±×÷¼½¾¿¡\u00a0")
MAX_BROKEN_SHARE = 0.25  # broken bytes per valid UTF-8 character still read as damaged UTF-8
DENSE_SHARE = 0.3  # non-ASCII bytes per letter beyond which the text is another script
MAX_CHAOS = 0.2  # charset-normalizer's "mess" ratio above which its guess is not taken


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoding: `text` (None when it cannot be trusted, with the `problem`), the
    `encoding` used and a `note` on any repair."""

    text: str | None
    encoding: str = ""
    note: str = ""
    problem: str = ""


def decode_bytes(raw: bytes) -> Decoded:
    """The text of one record's bytes, or why it cannot be read without guessing."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return Decoded(None, problem="not valid UTF-16 despite its byte-order mark")
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    controls = sum(1 for byte in body if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in body or controls > len(body) * 0.01:
        return Decoded(None, problem="binary data, not text")
    replaced = body.decode("utf-8", errors="replace")
    broken = replaced.count("\ufffd") - body.decode("utf-8", "ignore").count("\ufffd")
    valid = sum(1 for char in replaced if char > "\x7f" and char != "\ufffd")
    if valid and broken <= max(1, valid * MAX_BROKEN_SHARE):
        return Decoded(
            replaced, "utf-8", note=f"{broken} byte(s) not valid UTF-8 replaced by U+FFFD"
        )
    if valid:
        return Decoded(
            None,
            problem=f"mixes UTF-8 ({valid} characters) with {broken} bytes of another "
            "encoding; convert it to UTF-8",
        )
    high = sum(1 for byte in body if byte > 0x7F)
    letters = sum(1 for byte in body if 65 <= byte <= 90 or 97 <= byte <= 122)
    if high > DENSE_SHARE * (high + letters):
        return decode_other_script(body)
    return decode_latin(body)


def decode_latin(body: bytes) -> Decoded:
    """Latin text in a legacy 8-bit encoding: the one plausible decoding, or a skip."""
    plausible: dict[str, str] = {}
    for encoding in LEGACY:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(plausible_char(text, i) for i, char in enumerate(text) if char > "\x7f"):
            plausible[encoding] = text
    readings = {text: encoding for encoding, text in reversed(plausible.items())}
    if len(readings) == 1:
        text, encoding = next(iter(readings.items()))
        return Decoded(text, encoding, note=f"decoded as {encoding}")
    if readings:
        scores = sorted(((typography(t), e, t) for t, e in readings.items()), reverse=True)
        if scores[0][0] > scores[1][0]:
            _, encoding, text = scores[0]
            return Decoded(text, encoding, note=f"decoded as {encoding}")
        return Decoded(
            None,
            problem=f"not UTF-8, and it reads as {' or '.join(sorted(plausible))} alike; "
            "convert it to UTF-8",
        )
    sample = body.decode("cp1252", errors="replace")
    position = next(i for i, char in enumerate(sample) if char > "\x7f")
    return Decoded(
        None,
        problem=f"not UTF-8, and no 8-bit encoding reads it as text (as windows-1252: "
        f"'{sample[max(0, position - 12) : position + 12].strip()}'); convert it to UTF-8",
    )


def plausible_char(text: str, index: int) -> bool:
    """Whether a non-ASCII character fits where it stands in Latin-script text."""
    char = text[index]
    if char in TYPOGRAPHY:
        return True
    if not char.isalpha():
        return False
    before = text[index - 1] if index else " "
    if char.isupper():
        return not (before.isalpha() and before.islower())
    return True


def typography(text: str) -> int:
    return sum(1 for char in text if char in TYPOGRAPHY)


def decode_other_script(body: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is None or best.chaos > MAX_CHAOS:
        return Decoded(
            None, problem="not UTF-8, and its 8-bit encoding cannot be told; convert it to UTF-8"
        )
    return Decoded(str(best), best.encoding, note=f"decoded as {best.encoding}")
