"""Former name of :mod:`peacekit.case` (kept while modules move to :class:`peacekit.case.Case`)."""

from peacekit.case import *  # noqa: F401,F403
from peacekit.case import Case as Corpus  # noqa: F401
from peacekit.case import as_list, json_records, records, text_or_empty  # noqa: F401
