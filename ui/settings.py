"""A lesson's settings and session state: typed, kept across page switches, and shared through the URL.

A lesson declares its settings once, by their names in the URL (`number("lr", 0.1, 0.001, 0.3)`), in a
`Page` whose prefix namespaces them: the widget behind "lr" on the "gd" page has the session key "gd.lr",
derived here and nowhere else. The lesson reads and writes them as attributes of one object
(`s = PAGE.values`, then `s.lr`; a dotted name such as "c.lr" reads as `s.c_lr`), and hands widgets their
keys the same way (`key=PAGE.keys.lr`). Whatever else a lesson keeps for a visitor (a learner, a run,
a result) is one object per thing, under a key this module derives too (`PAGE.held("run", Run)`).

`sync(page)` at the top of a lesson fills in missing values (a first visit, or a widget Streamlit forgot
while another page was open), applies a shared link's query string (a setting it cannot use falls back
to its default, with a notice), and writes the current settings back into the URL, so the address bar is
always a link to this state. Only settings that differ from their defaults go into the URL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, TypeVar

import streamlit as st

TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_TEXT = 80
T = TypeVar("T")


@dataclass(frozen=True)
class Setting:
    name: str  # the name in the URL, e.g. "c.lr"
    default: Any
    parse: Callable[[str], Any]  # text from a URL to a value; raises ValueError when it cannot
    show: Callable[[Any], str] = str  # a value to text for the URL
    key: str = ""  # the widget's session key, "<prefix>.<name>": set by the Page that holds it

    @property
    def attr(self) -> str:
        """The name as an attribute of `Page.values` and `Page.keys`: "c.lr" reads as `c_lr`."""
        return self.name.replace(".", "_")


def number(name: str, default: float, low: float, high: float) -> Setting:
    """An int or float between low and high (a slider or number input)."""
    kind = int if isinstance(default, int) else float

    def parse(text: str) -> float:
        value = kind(text)
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(text)
        return value

    return Setting(name, default, parse, "{:.10g}".format if kind is float else str)


def choice(name: str, default: Any, choices: Sequence) -> Setting:
    """One of a fixed list (select box, radio, select slider); matched by its text, ignoring case."""
    by_text = {str(c).lower(): c for c in choices}

    def parse(text: str) -> Any:
        return by_text[text.lower()] if text.lower() in by_text else _reject(text)

    return Setting(name, default, parse)


def many(name: str, default: Sequence, choices: Sequence) -> Setting:
    """Any number of a fixed list (multiselect), comma separated in the URL."""
    one = choice(name, None, choices)

    def parse(text: str) -> list:
        picked = [one.parse(part.strip()) for part in text.split(",") if part.strip()]
        return list(dict.fromkeys(picked))

    return Setting(name, list(default), parse, lambda values: ",".join(map(str, values)))


def flag(name: str, default: bool) -> Setting:
    """On or off (checkbox, toggle)."""

    def parse(text: str) -> bool:
        return True if text.lower() in TRUE else False if text.lower() in FALSE else _reject(text)

    return Setting(name, default, parse, lambda on: "1" if on else "0")


def text(name: str, default: str) -> Setting:
    """Free text (the page checks what it means); only its length is bounded here."""

    def parse(value: str) -> str:
        return value if len(value) <= MAX_TEXT else _reject(value)

    return Setting(name, default, parse)


def _reject(text: str):
    raise ValueError(text)


@dataclass(frozen=True)
class Step:
    """One stop of a presentation: a preset state and the question to ask before running it."""

    title: str
    question: str
    values: dict[str, str] = field(default_factory=dict)  # URL names to text, on top of the defaults
    part: int | None = None  # the numbered part of the lesson it is about: on a projector the others fold away


@dataclass(frozen=True)
class Page:
    prefix: str  # every key starts with it, e.g. "act"
    settings: tuple[Setting, ...]
    steps: tuple[Step, ...] = ()
    on_apply: Callable[[], None] | None = None  # after a link or a step set new values
    # Given the settings as URL text, the values (by name) they imply for settings a link leaves out, where
    # these are not the settings' own defaults (the training page: the chosen preset's fields).
    implied: Callable[[dict[str, str]], dict[str, Any]] | None = None
    # After a link or a step: the names of settings whose values do not fit the others; they go back
    # to their defaults, with the notice (gradient descent: x outside the chosen function's range).
    check: Callable[[], list[str]] | None = None

    def __post_init__(self) -> None:
        keyed = tuple(replace(s, key=self.key(s.name)) for s in self.settings)
        object.__setattr__(self, "settings", keyed)

    def key(self, name: str) -> str:
        """The session key of anything this page keeps under `name`: the one place keys are spelled."""
        return f"{self.prefix}.{name}"

    def by_name(self) -> dict[str, Setting]:
        return {s.name: s for s in self.settings}

    @cached_property
    def by_attr(self) -> dict[str, Setting]:
        return {s.attr: s for s in self.settings}

    @property
    def values(self) -> Values:
        """This visitor's settings as attributes: `PAGE.values.lr` reads, `PAGE.values.lr = 0.1` writes."""
        return Values(self)

    @property
    def keys(self) -> Keys:
        """The settings' widget keys as attributes: `st.slider(..., key=PAGE.keys.lr)`."""
        return Keys(self)

    def held(self, name: str, make: Callable[[], T]) -> T:
        """This visitor's object kept under `name` (a learner, a run), made by `make()` the first time."""
        key = self.key(name)
        if key not in st.session_state:
            st.session_state[key] = make()
        return st.session_state[key]

    def keep(self, name: str, value: T) -> T:
        """Replace this visitor's object under `name`."""
        st.session_state[self.key(name)] = value
        return value

    def forget(self, name: str) -> None:
        st.session_state.pop(self.key(name), None)

    def widget(self, name: str) -> Any:
        """The value of this page's widget `name` that is no setting (a chart's selection), None before it drew."""
        return st.session_state.get(self.key(name))


class Values:
    """One page's settings in this session, read and written as attributes."""

    __slots__ = ("_page",)

    def __init__(self, page: Page):
        object.__setattr__(self, "_page", page)

    def _setting(self, attr: str) -> Setting:
        try:
            return self._page.by_attr[attr]
        except KeyError:
            raise AttributeError(f"the {self._page.prefix!r} page has no setting {attr!r}") from None

    def __getattr__(self, attr: str) -> Any:
        return st.session_state[self._setting(attr).key]

    def __setattr__(self, attr: str, value: Any) -> None:
        st.session_state[self._setting(attr).key] = value


class Keys:
    """One page's widget keys, as attributes."""

    __slots__ = ("_page",)

    def __init__(self, page: Page):
        self._page = page

    def __getattr__(self, attr: str) -> str:
        try:
            return self._page.by_attr[attr].key
        except KeyError:
            raise AttributeError(f"the {self._page.prefix!r} page has no setting {attr!r}") from None


# The frame's own: presentation mode, its step, the global seed, and "running" or "trained" while a visitor's
# training runs or its results show (a session that opens on them, after a server restart or from a copied link,
# knows a run is not there).
FRAME_PARAMS = {"present", "step", "seed", "running", "trained"}
FRAME = Page("app", ())  # the frame's own session entries
LESSON = FRAME.key("lesson")  # the prefix of the lesson that ran last in this session


def sync(page: Page) -> None:
    """At the top of a lesson: settle this run's settings and mirror them in the URL."""
    saved = st.session_state.get(page.key("_saved"), {})
    link = {k: v for k, v in st.query_params.to_dict().items() if k not in FRAME_PARAMS}
    arrived = st.session_state.get(LESSON) != page.prefix
    st.session_state[LESSON] = page.prefix
    if link and link != _changed(page, saved):  # a link from outside: its state exactly, on top of the defaults
        _fill(page, link, reset=True)
    else:  # missing keys; back from another lesson, every value as it was left (Streamlit may keep a stale one)
        _fill(page, saved, overwrite=arrived)
    publish(page)


def _fill(page: Page, values: dict[str, str], reset: bool = False, overwrite: bool = False) -> None:
    """Each setting from `values` where usable, else its default. Only missing keys are filled, unless
    `overwrite` (every key given in `values`) or `reset` (every key: a link or a step's exact state)."""
    settings, rejected, used = page.by_name(), [], set()
    rejected += [f"{name}={text}" for name, text in values.items() if name not in settings]
    for name, setting in settings.items():
        if not (setting.key not in st.session_state or reset or (overwrite and name in values)):
            continue
        value = setting.default
        if name in values:
            try:
                value = setting.parse(values[name])
                used.add(name)
            except (ValueError, KeyError):
                rejected.append(f"{name}={_shortened(values[name])}")
        st.session_state[setting.key] = value
    if reset and page.implied:  # what the link left out, or could not use, follows what it did set
        for name, value in page.implied(_current(page)).items():
            if name not in used:
                st.session_state[settings[name].key] = value
    if reset and page.check:
        for name in page.check():
            st.session_state[settings[name].key] = settings[name].default
            rejected += [f"{name}={_shortened(values[name])}"] if name in values else []
    if rejected:
        st.session_state[page.key("_rejected")] = rejected
    if reset and page.on_apply:
        page.on_apply()


def _shortened(text: str, most: int = 40) -> str:
    """A link's value as a notice quotes it: a long one (a list of points) cut, saying so."""
    return text if len(text) <= most else f"{text[:most]}... ({len(text):,} characters)"


def publish(page: Page) -> None:
    """Write the settings that differ from their defaults into the URL (the frame's own params stay)."""
    current = _current(page)
    st.session_state[page.key("_saved")] = current
    changed = _changed(page, current)
    kept = {k: v for k, v in st.query_params.to_dict().items() if k in FRAME_PARAMS}
    if st.query_params.to_dict() != kept | changed:
        st.query_params.from_dict(kept | changed)


def _changed(page: Page, values: dict[str, str]) -> dict[str, str]:
    """The values (as URL text) that differ from what a link leaving them out would open: what a link carries."""
    implied = page.implied(values) if page.implied else {}
    return {
        s.name: values[s.name]
        for s in page.settings
        if s.name in values and values[s.name] != s.show(implied.get(s.name, s.default))
    }


def _current(page: Page) -> dict[str, str]:
    """The settings as they are now, as URL text."""
    return {s.name: s.show(st.session_state[s.key]) for s in page.settings}


def apply_step(page: Page, index: int) -> None:
    """Callback: the state of step `index`: every setting at its default, then the step's values."""
    _fill(page, page.steps[index].values, reset=True)
    st.session_state[step_key(page)] = index
    publish(page)


def notice(page: Page) -> None:
    """Say once which settings of a link could not be used."""
    if rejected := st.session_state.pop(page.key("_rejected"), None):
        shown = ", ".join(f"`{r}`" for r in rejected)
        st.info(f"This link had settings the page cannot use ({shown}); their defaults are shown instead.")


def hold(key: str) -> None:
    """Send the widget under `key` its value again with this run. Streamlit sends a widget's value to the browser
    only in a run that set it, and fetches each kind of widget's code the first time a page shows one: a widget
    whose code arrives after a later run has replaced the one that carried the value starts at its default, and
    the page's next message says so (the toggle of presentation mode, off, on a presenter's second press).
    Call it before the widget is made."""
    st.session_state[key] = st.session_state[key]


def step_key(page: Page) -> str:
    """Where presentation mode keeps the step this page is at."""
    return page.key("_step")


def step(page: Page) -> int | None:
    """The presentation step this page is at, if any."""
    return st.session_state.get(step_key(page))
