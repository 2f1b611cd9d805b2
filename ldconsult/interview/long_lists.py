"""Long lists whose items take several lines (wrapped to fit the terminal).

A wrapped item stays whole on the screen, typing to filter finds words across an item's
line breaks, and a filter typed before a key ended the prompt is back.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from ldconsult.interview.keys import Typed, inquirer


def fit_long_items(widget: Any, choices: Sequence[Any], typed: Typed | None) -> None:
    """A wrapped item stays whole on screen, the filter ignores line breaks, and a
    filter typed before a key ended the prompt is back."""
    from prompt_toolkit.layout import ScrollOffsets

    ic = inquirer(widget.application)
    tallest = max((str(c.title).count("\n") for c in choices), default=0)
    for window in widget.application.layout.find_all_windows():
        if window.content is ic:
            window.scroll_offsets = ScrollOffsets(bottom=tallest + 1)
    ic.__class__ = _flat_search_class(type(ic))
    if typed is not None and typed.search:
        ic.search_filter = typed.search
        shown = [c.value for c in ic.filtered_choices]  # the pointer counts shown items
        ic.pointed_at = shown.index(typed.pointed) if typed.pointed in shown else 0


@functools.lru_cache(maxsize=None)
def _flat_search_class(base: type) -> type:
    from questionary import Separator

    # questionary filters on the raw title; ours holds line breaks and indents, so
    # "count as success" would not find a prompt wrapped between "as" and "success".
    class FlatSearch(base):  # type: ignore[misc, valid-type]
        @property
        def filtered_choices(self) -> list[Any]:
            if not self.search_filter:
                return self.choices
            wanted = self.search_filter.lower()
            found = [c for c in self.choices if not isinstance(c, Separator)
                     and wanted in " ".join(_plain(c.title).split()).lower()]
            self.found_in_search = bool(found)
            return found or self.choices

    return FlatSearch


def _plain(title: Any) -> str:
    return "".join(t[1] for t in title) if isinstance(title, list) else str(title)
