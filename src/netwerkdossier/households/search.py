"""Person search by name, birth date or BSN, shared by the web UI and the API.

Name tokens match folded name keys by prefix, written as a range (key >= t AND
key < t') so a plain B-tree index serves it on SQLite and PostgreSQL alike
(SQLite will not use an index for LIKE 'x%').
"""

import re
from datetime import date

from django.db.models import Q

from .search_keys import search_tokens

BSN_RE = re.compile(r"^\d{9}$")
DATE_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
# Dutch name particles are stored apart from the family name, and household names read
# "Gezin Jansen": such words do not narrow a search.
STOPWORDS = frozenset({"de", "den", "der", "van", "het", "ten", "ter", "te", "t", "in",
                       "op", "la", "le", "du", "da", "di", "von", "gezin", "familie",
                       "huishouden"})


def _prefix_range(field: str, token: str) -> Q:
    upper = token[:-1] + chr(ord(token[-1]) + 1)
    return Q(**{f"{field}__gte": token, f"{field}__lt": upper})


def parse_birth_date(text: str) -> date | None:
    match = DATE_RE.match(text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def person_query(query: str) -> Q | None:
    """A filter for persons matching every word of the query, or None if it is empty."""
    words = (query or "").split()
    meaningful = [w for w in words if w.lower() not in STOPWORDS] or words
    if not meaningful:
        return None
    condition = Q()
    for word in meaningful:
        if BSN_RE.match(word):
            condition &= Q(bsn=word)
        elif (born := parse_birth_date(word)) is not None:
            condition &= Q(birth_date=born)
        else:
            for token in search_tokens(word):
                condition &= (_prefix_range("family_key", token)
                              | _prefix_range("given_key", token))
    return condition if condition.children else None
