"""Time expressions in news text, resolved against the story's publication date.

News tells time relative to the day it is published: "on Sunday" is the most recent Sunday
on or before publication, "last week" the Monday-Sunday week before the publication week.
Everything here is regular expressions plus calendar arithmetic (no spaCy, no dateparser), so
one core resolves well over 5,000 expressions a second.

Conventions (each resolved `TimeRef` states the one it used in `reason`):

* Ranges are inclusive ISO dates; weeks run Monday-Sunday (ISO 8601, as TimeML does).
* A bare weekday or month is the most recent one on or before publication. It moves to the next
  one only when the expression says so ("next", "coming") or the verb is future: the caller
  passes `future=True`, or a future marker ("will", "is to", "scheduled", ...) governs it in
  the same sentence (method gets the suffix "+future-cue"), or a present tense schedules it
  ("the leaders meet Tuesday", "the summit is on Friday": the next one, publication day
  included, method "weekday+present-cue"; not after a past form or when the verb is a noun,
  "the vote Tuesday"). Two exceptions: a bare month one
  month after the publication month is the coming one unless the verb is past (writers say
  "last November" for one eleven months back), and the publication month told in the past
  tense ("had arrived in April") stops at publication.
* Tense cues: the nearest marker before the expression in its sentence ("''" closes a quote,
  "Daniel P. Davison" and "Mr." end none); an "-ed" participle under a modal stays future
  ("will be paid ... in January"); "effective Feb. 1" is ahead.
* "the previous Friday", "the following Monday" count from the last single day told.
* A month-day without a year ("March 25") is the most recent one on or before publication,
  unless it falls within the two months after publication (schedules, deadlines) or the verb
  is future.
* "this week/month/year" is the whole period; "earlier this month" runs to publication,
  "later this month" from it (TimeML gives both the whole month; ours is narrower, still holds
  the event, and never dates a past event after publication); "the past N days" ends at
  publication.
* Earnings-report discourse: "the quarter", "the latest period", "a year earlier" after a
  quarter was named refer to that quarter (or the same quarter a year before); an earlier
  quarter named as background ("after a flat second quarter") does not replace it.
* Durations ("a three-day visit", "for two hours") are not dates and yield nothing; nor do
  dates the calendar cannot hold ("February 30", years past 9999): `find_times` never raises
  on text.
* Anchored expressions ("less than a month after X", "two days before the vote") do not date
  the sentence's main event: they date X. `find_times` returns them with method
  "anchored-after" / "anchored-before" and the range X lies in when the main event is the
  publication day; `anchor_range` recomputes it for the main event's real date and
  `resolve_anchored` goes the other way (main event from X's date).

* Named holidays ("Thanksgiving", "Election Day", "Easter week", "Christmas Eve") resolve
  like month-days: the next one when the verb is future or it falls within two months after
  publication, else the most recent. Easter by the Gregorian computus; US holidays by their
  weekday rules; Ramadan and the Eids are estimated from the mean lunar year and given as
  ranges a day wider on each side (method "holiday-approx").
* Narrative time: "later that day", "that night", "the next morning", "earlier that year",
  "two days later" count from the last date the story told (`Narrative` carries it across
  calls); with no date told they give nothing, except "later in the day" (publication).

Modules: `words` (vocabulary), `dates` (calendar arithmetic, `parse_iso_date`), `context`
(tense cues), `days`, `periods`, `quarters`, `holidays`, `narrative`, `anchored` (the rules),
`finder` (rule table).
"""

from .anchored import anchor_range, resolve_anchored
from .dates import parse_iso_date
from .finder import event_date, find_times
from .narrative import Narrative

__all__ = [
    "Narrative",
    "anchor_range",
    "event_date",
    "find_times",
    "parse_iso_date",
    "resolve_anchored",
]
