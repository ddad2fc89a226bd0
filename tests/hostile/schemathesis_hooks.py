"""Schemathesis hooks for the godonu api (loaded through SCHEMATHESIS_HOOKS by schemathesis.int.test.ts).

The OpenAPI document states each parameter on its own; two rules join parameters and cannot be written there:
a period spans 1 to 366 days, an hourly series at most 31. Generated periods that break them only when both of
their (schema-valid) days are given are shortened to one day, so that a valid request stays valid. Path keys
that match the schema become real city and service keys three times in four, so that most requests reach the
reports instead of a 404. Values that break the schema are left as they are: they must still be refused.
"""

import datetime
import os
import re
import zlib

import schemathesis

MAX_PERIOD_DAYS = 366
MAX_HOURLY_DAYS = 31
DAY = re.compile(r"^20\d\d-\d\d-\d\d$")
KEYS = {
    "city": (re.compile(r"^[a-z][a-z0-9-]{1,31}$"), os.environ["GODONU_CITY_KEYS"].split(",")),
    "service": (re.compile(r"^\d{14}$"), os.environ["GODONU_SERVICE_KEYS"].split(",")),
}


def _day(value):
    if not isinstance(value, str) or not DAY.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@schemathesis.hook
def map_query(ctx, query):
    if not query:
        return query
    start, end = _day(query.get("from")), _day(query.get("to"))
    if start is None or end is None:
        return query
    days = (end - start).days + 1
    limit = MAX_HOURLY_DAYS if query.get("interval") == "hour" else MAX_PERIOD_DAYS
    if days < 1 or days > limit:
        query["to"] = query["from"]
    return query


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    if not path_parameters:
        return path_parameters
    for name, (pattern, known) in KEYS.items():
        value = path_parameters.get(name)
        if isinstance(value, str) and pattern.match(value):
            digest = zlib.crc32(value.encode())
            if digest % 4:
                path_parameters[name] = known[digest % len(known)]
    return path_parameters


@schemathesis.deserializer("text/csv")
def csv_text(ctx, response):
    """A CSV answer is validated as what the document says it is: one string."""
    return response.content.decode("utf-8")
