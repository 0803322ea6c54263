"""Text helpers shared by the readers: decoding, dates, HTML fragments, language check.

Conventions: every `published` datetime leaving ingest is *naive UTC* (aware
inputs are converted to UTC, then the tzinfo dropped; a date alone is midnight).
"""
from __future__ import annotations

import codecs
import email.utils
import html
import logging
import re
from datetime import UTC, date, datetime

log = logging.getLogger("frontwatch.ingest")

MAX_BYTES = 50 * 1024 * 1024


class DecodeError(ValueError):
    """Bytes that cannot be read as text without garbling them."""


# -- decoding -------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside a UTF-16/32 BOM'd text) or many control bytes mean binary."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
        return False
    if b"\x00" in head or b"\x00" in data:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Bytes to str: BOM, declared charset, utf-8, then charset detection
    (charset_normalizer if importable, else cp1252/latin-1).

    Returns (text, note); note is None for a clean UTF-8 (or declared) decode and
    says which encoding was guessed otherwise. Raises DecodeError rather than garble.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable {enc} text ({exc.reason} at byte {exc.start})") from None
    if declared:
        try:
            codecs.lookup(declared)
            return data.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall through to detection
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid >= 2:
        # real UTF-8 with some broken bytes: any other charset would turn its letters into gibberish
        bad = data.decode("utf-8", "replace").count("\ufffd")
        raise DecodeError(f"invalid UTF-8 ({bad} bad byte sequence(s), the first at byte {first_bad}, "
                          f"among {valid} valid multi-byte characters); not guessing another encoding")
    high = sum(1 for b in data if b >= 0x80)
    if _decodes(data, "cp1252") and high <= len(data) * 0.1:
        # mostly-ASCII prose with a few accented letters or smart quotes: in English news
        # that is Windows-1252 far more often than anything a detector guesses from so little
        return data.decode("cp1252"), "not UTF-8; decoded as cp1252"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with the venv
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(data).best()
        if best is None:
            raise DecodeError("undecodable text: not UTF-8 and no charset detected")
        return str(best), f"not UTF-8; decoded as {best.encoding} (detected)"
    if _decodes(data, "cp1252"):
        return data.decode("cp1252"), "not UTF-8; decoded as cp1252"
    return data.decode("latin-1"), "not UTF-8; decoded as latin-1"


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _decodes(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def garbled(text: str) -> bool:
    """Replacement characters or C1 controls are the marks of a wrong decode."""
    if not text:
        return False
    bad = text.count("\ufffd") + sum(1 for ch in text if "\x80" <= ch <= "\x9f")
    return bad > max(2, len(text) // 200)


# -- text -----------------------------------------------------------------

def clean_text(text: str) -> str:
    """Normalize newlines, drop trailing spaces, collapse runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "blockquote", "section", "article", "header", "footer", "pre", "table", "figure"}


def html_to_text(fragment: str | None) -> str:
    """Visible text of an HTML fragment (an RSS summary), one block per line."""
    if not fragment:
        return ""
    if "<" not in fragment:
        return clean_text(html.unescape(fragment))
    import lxml.html
    from lxml import etree
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_text(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    text = root.text_content()
    return clean_text("\n".join(" ".join(line.split()) for line in text.split("\n")))


# -- dates ----------------------------------------------------------------

_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
            "%d %B %Y %H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y")


def to_naive_utc(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def parse_published(value: object) -> datetime | None:
    """A date, a datetime or a string naming one -> naive UTC datetime. None stays None.

    Raises ValueError on anything else."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return to_naive_utc(value)
    if not isinstance(value, str):
        raise ValueError(f"bad published {value!r}: not a date string")
    s = value.strip()
    if not s:
        return None
    iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
    try:
        return to_naive_utc(datetime.fromisoformat(iso))
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    try:
        return to_naive_utc(email.utils.parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(f"bad published {value!r}: not a date or datetime")


# -- language -------------------------------------------------------------

_STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not
now of off on once only or other our out over own said same she should so some such than that the
their them then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your near killed including since against
""".split())

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def not_english(text: str) -> str | None:
    """A cheap language test: None if the text may be English, else the reason.

    Conservative on purpose (a missed foreign text costs less than a dropped
    English one): mostly non-Latin letters, or at least 20 words of which
    fewer than 8% are common English function words."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) >= 20:
        latin = sum(1 for ch in letters if ch < "\u0250")
        if latin / len(letters) < 0.5:
            return "not English (mostly non-Latin script)"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 20:
        return None
    ratio = sum(1 for w in words if w in _STOPWORDS) / len(words)
    if ratio < 0.08:
        return f"not English ({ratio:.0%} English function words)"
    return None
