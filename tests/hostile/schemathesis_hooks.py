"""Schemathesis hooks for the godonu api (loaded through SCHEMATHESIS_HOOKS by schemathesis.int.test.ts).

The OpenAPI document states each parameter on its own; some rules join parameters or read the calendar and cannot
be written there. Generated requests that are valid parameter by parameter are kept valid:
- a period spans 1 to 366 days, an hourly series at most 31: periods that break this when both of their
  (schema-valid) days are given are shortened to one day;
- `period` is a calendar period (`2026-W47`, `2026-11`, `2026-Q4`, `2026`) that exists in 2000-2099: a label the
  pattern lets through but the calendar has not (`2025-W53`, `2026-13`) becomes the nearest one that exists, and
  `from`/`to` given beside it become its first and last day;
- path keys that match the schema become real city and service keys three times in four, so that most requests
  reach the reports instead of a 404;
- the body of an offline-cases import is a CSV file whose content the document cannot state (a month that is over,
  services of the catalog, whole numbers): a valid request's string becomes a one-line file that the api imports,
  its month, service and numbers drawn from the generated text.
Values that break the schema are left as they are: they must still be refused.

Answers that other parties read (GODONU_KEY_ROLE: the consortium's city reports, comparisons and the catalog for
every key but an admin's) cover one closed calendar period only. A valid request for an open period or a free
range is refused with 400 API_PERIOD_NOT_PUBLISHED, a series whose buckets are not whole calendar periods with 400
API_INTERVAL_NOT_PUBLISHED: `filter_failure` accepts exactly those refusals, where the rules call for them. So too
for open-data releases (POST /v1/open-data/releases, the consortium's): a month that is not closed is refused with
400 API_PERIOD_NOT_PUBLISHED, a month released already with 409 API_RELEASE_EXISTS (a release is never made twice).
The statutory reports take a `month` (YYYY-MM); one that has not begun (refused with 400 API_MONTH_NOT_BEGUN, which
their own tests prove) becomes the current month. The consortium's all-cities ZSK file takes closed months only:
400 API_PERIOD_NOT_PUBLISHED is accepted for the others.
"""

import datetime
import json
import os
import re
import zlib
import zoneinfo

import schemathesis

MAX_PERIOD_DAYS = 366
MAX_HOURLY_DAYS = 31
FIRST_YEAR, LAST_YEAR = 2000, 2099
DAY = re.compile(r"^20\d\d-\d\d-\d\d$")
PERIOD = re.compile(r"^(\d{4})(?:-W(\d{2})|-(\d{2})|-Q(\d))?$")
MONTH = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")
REPORT_ZONE = zoneinfo.ZoneInfo("Europe/Berlin")
KEYS = {
    "city": (re.compile(r"^[a-z][a-z0-9-]{1,31}$"), os.environ["GODONU_CITY_KEYS"].split(",")),
    "service": (re.compile(r"^\d{14}$"), os.environ["GODONU_SERVICE_KEYS"].split(",")),
}
ROLE = os.environ["GODONU_KEY_ROLE"]
POSITIVE_DATA_REJECTED = "ST202"
ONE_DAY = datetime.timedelta(days=1)
# A day is closed for others once its last events are stored: 15 minutes after midnight (the api's DAY_SETTLED_MS).
DAY_SETTLED = datetime.timedelta(minutes=15)


def _day(value):
    if not isinstance(value, str) or not DAY.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _weeks_in(year):
    return datetime.date(year, 12, 28).isocalendar()[1]


def _month(year, month):
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - ONE_DAY


def _span(label):
    """(first day, last day) of a calendar period label, or None where the calendar has no such period."""
    match = PERIOD.match(label) if isinstance(label, str) else None
    if not match:
        return None
    year, week, month, quarter = match.groups()
    year = int(year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    if week is not None:
        if not 1 <= int(week) <= _weeks_in(year):
            return None
        monday = datetime.date.fromisocalendar(year, int(week), 1)
        return monday, monday + 6 * ONE_DAY
    if month is not None:
        return _month(year, int(month)) if 1 <= int(month) <= 12 else None
    if quarter is not None:
        if not 1 <= int(quarter) <= 4:
            return None
        first, _ = _month(year, 3 * int(quarter) - 2)
        _, last = _month(year, 3 * int(quarter))
        return first, last
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _nearest(label):
    """The existing calendar period nearest to a label the pattern accepts."""
    year, week, month, quarter = PERIOD.match(label).groups()
    year = min(max(int(year), FIRST_YEAR), LAST_YEAR)
    if week is not None:
        return f"{year}-W{min(max(int(week), 1), _weeks_in(year)):02d}"
    if month is not None:
        return f"{year}-{min(max(int(month), 1), 12):02d}"
    if quarter is not None:
        return f"{year}-Q{min(max(int(quarter), 1), 4)}"
    return str(year)


def _containing(level, day):
    if level == "week":
        monday = day - day.weekday() * ONE_DAY
        return monday, monday + 6 * ONE_DAY
    if level == "month":
        return _month(day.year, day.month)
    if level == "quarter":
        q = (day.month - 1) // 3 + 1
        return _span(f"{day.year}-Q{q}")
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)


def _calendar_of(first, last):
    """The calendar period that is exactly first..last, or None."""
    for level in ("week", "month", "quarter", "year"):
        if _containing(level, first) == (first, last):
            return first, last
    return None


def _nests(span, interval):
    """Whether the buckets of `interval` make up the period exactly (the months of a quarter)."""
    if interval not in ("week", "month"):
        return False
    day = span[0]
    while day <= span[1]:
        cell = _containing(interval, day)
        if cell[0] < span[0] or cell[1] > span[1]:
            return False
        day = cell[1] + ONE_DAY
    return True


def _published_refusal(query, first_open):
    """The error code a published answer must refuse these (valid) parameters with, or None."""
    period, start, end = query.get("period"), _day(query.get("from")), _day(query.get("to"))
    if period is not None:
        span = _span(period)
    elif start is not None and end is not None:
        span = _calendar_of(start, end)
    elif query.get("from") is None and query.get("to") is None:
        span = _containing("month", _containing("month", first_open)[0] - ONE_DAY)
    else:
        span = None
    if span is None or span[1] >= first_open:
        return "API_PERIOD_NOT_PUBLISHED"
    interval = query.get("interval")
    if interval is not None and not _nests(span, interval):
        return "API_INTERVAL_NOT_PUBLISHED"
    return None


def _published(case):
    """Whether this key reads the answer in the published form (see the module's text)."""
    if ROLE == "admin" or not any(p.name == "period" for p in case.operation.query):
        return False
    return ROLE == "consortium" if "city" in (case.path_parameters or {}) else True


def _keep_valid(query):
    """The query with its joined rules met (see the module's text); values invalid on their own left alone."""
    month = query.get("month")
    if isinstance(month, str) and MONTH.match(month):
        today = datetime.datetime.now(REPORT_ZONE).date()
        if _month(int(month[:4]), int(month[5:]))[0] > today:
            query["month"] = f"{today.year}-{today.month:02d}"
    period = query.get("period")
    if isinstance(period, str) and PERIOD.match(period):
        if _span(period) is None:
            period = query["period"] = _nearest(period)
        first, last = _span(period)
        for name, day in (("from", first), ("to", last)):
            if _day(query.get(name)) is not None:
                query[name] = day.isoformat()
        if query.get("interval") == "hour" and (last - first).days + 1 > MAX_HOURLY_DAYS:
            query["interval"] = "day"
        return
    start, end = _day(query.get("from")), _day(query.get("to"))
    if start is None or end is None:
        return
    days = (end - start).days + 1
    limit = MAX_HOURLY_DAYS if query.get("interval") == "hour" else MAX_PERIOD_DAYS
    if days < 1 or days > limit:
        query["to"] = query["from"]


OFFLINE_CASES = "/v1/cities/{city}/offline-cases"


def _offline_cases_file(text):
    """A file the api imports: a month of 2025 (over), a service of the catalog, numbers from the text."""
    digest = zlib.crc32(text.encode("utf-8", "replace"))
    services = KEYS["service"][1]
    service = services[digest % len(services)]
    month = f"2025-{digest % 12 + 1:02d}"
    line = f"{month},{service},{digest % 500},{digest % 7},0,{digest % 3},1"
    return f"month,service,counter,post,phone,email,other\n{line}\n"


def _positive(case):
    meta = getattr(case, "meta", None)
    return meta is None or meta.generation.mode == "positive"


@schemathesis.hook
def map_case(ctx, case):
    """Every phase's cases, the coverage phase's too (which `map_query` would not see)."""
    if case.query:
        _keep_valid(case.query)
    if case.operation.path == OFFLINE_CASES and isinstance(case.body, str) and _positive(case):
        case.body = _offline_cases_file(case.body)
    return case


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


RELEASES = "/v1/open-data/releases"


def _release_refusal(case, first_open):
    """The error a valid release request must be refused with: a month not closed yet, or one released already."""
    month = case.body.get("month") if isinstance(case.body, dict) else None
    span = _span(month) if isinstance(month, str) and re.match(r"^\d{4}-\d{2}$", month) else None
    if span is None:
        return None
    return "API_PERIOD_NOT_PUBLISHED" if span[1] >= first_open else "API_RELEASE_EXISTS"


ALL_CITIES_ZSK = "/v1/zsk"


def _statutory_refusal(case, first_open):
    """The error the consortium's all-cities ZSK file must refuse a month with, or None (no month: the last closed)."""
    month = (case.query or {}).get("month")
    if case.operation.path != ALL_CITIES_ZSK or ROLE != "consortium":
        return None
    if not (isinstance(month, str) and MONTH.match(month)):
        return None
    _, last = _month(int(month[:4]), int(month[5:]))
    return "API_PERIOD_NOT_PUBLISHED" if last >= first_open else None


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    """Keeps every failure but a valid request's refusal by the disclosure layer where its rules call for one."""
    if failure.code != POSITIVE_DATA_REJECTED:
        return True
    try:
        error = json.loads(response.content).get("error")
    except (ValueError, AttributeError):
        return True
    first_open = (datetime.datetime.now(REPORT_ZONE) - DAY_SETTLED).date()
    if case.operation.path == RELEASES and case.operation.method.upper() == "POST":
        expected = _release_refusal(case, first_open)
        status = 409 if expected == "API_RELEASE_EXISTS" else 400
        return not (expected is not None and response.status_code == status and error == expected)
    if any(p.name == "month" for p in case.operation.query):
        expected = _statutory_refusal(case, first_open)
        return not (expected is not None and response.status_code == 400 and error == expected)
    if response.status_code != 400 or not _published(case):
        return True
    return error != _published_refusal(dict(case.query or {}), first_open)


@schemathesis.deserializer("text/csv", "text/html")
def csv_text(ctx, response):
    """A CSV answer (and the open-data page) is validated as what the document says it is: one string."""
    return response.content.decode("utf-8")
