"""Whether a place lies in an area named by a user: a country code, an admin1 or a place name."""
from __future__ import annotations

from frontwatch.model import Place


def in_area(place: Place | None, area: str | None) -> bool:
    """`area` is a country code (two capitals), or an admin1 or place name in any spelling;
    None (no area asked) matches every place, even an unknown one."""
    from frontwatch.geo.normalize import same_place_name

    if area is None:
        return True
    if place is None:
        return False
    if len(area) == 2 and area.isupper():
        return (place.country or "").upper() == area
    return any(name and (name.casefold() == area.casefold() or same_place_name(name, area))
               for name in (place.admin1, place.name))


def names_area(text: str | None, area: str | None) -> bool:
    """Whether a free-text area (a displacement figure's 'northwest Syria', 'Idlib province') is `area`."""
    from frontwatch.geo.normalize import same_place_name

    if area is None:
        return True
    if not text:
        return False
    return same_place_name(text, area) or area.casefold() in text.casefold().split() or \
        any(same_place_name(w, area) for w in text.replace(",", " ").split())
