"""A SELECT answer: rows of Python values, DataFrames with typed columns, an HTML table in Jupyter.

pandas and polars are not dependencies of tvkg: ``to_pandas`` and ``to_polars`` import them when
called (``pip install 'tvkg[notebook]'`` brings both, with matplotlib and Jupyter's kernel).
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from tvkg.api.terms import IRI, BlankNode, LangString, PartialDate, TypedLiteral, python_value

SHOWN_ROWS = 50  # rows of the HTML table; the rest are counted
PERIOD_FREQ = {"year": "Y", "month": "M", "day": "D"}


class Results:
    """The solutions of a SELECT query, in the order the answer gave them.

    Iterating gives one ``dict`` per solution (variable name -> Python value, see ``tvkg.api.terms``;
    an unbound variable is absent), ``len()`` counts them, and ``to_pandas()`` / ``to_polars()``
    make DataFrames. In Jupyter the result displays as a table."""

    def __init__(self, variables: list[str], bindings: list[dict[str, dict[str, str]]],
                 link: Callable[[str], str | None] | None = None) -> None:
        self.variables = variables
        self.rows = [{name: python_value(term) for name, term in binding.items()} for binding in bindings]
        self._link = link  # an IRI's page, when the results came from a server

    @classmethod
    def from_json(cls, answer: dict[str, Any], link: Callable[[str], str | None] | None = None) -> Results:
        """From a SPARQL 1.1 Query Results JSON document."""
        return cls(answer["head"].get("vars", []), answer["results"]["bindings"], link)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.rows[index]

    def column(self, name: str) -> list[Any]:
        """One variable's values, None where it is unbound."""
        if name not in self.variables:
            raise KeyError(f"no variable {name!r} in these results; they have {', '.join(self.variables)}")
        return [row.get(name) for row in self.rows]

    # -- DataFrames --------------------------------------------------------------------------------

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one typed column per variable.

        Integers are ``Int64`` (nullable), doubles ``float64``, booleans ``boolean``, date-times
        ``datetime64``, plain strings ``string``. Dates keep their precision as ``Period``s (a
        ``period[Y]``, ``period[M]`` or ``period[D]`` column when all share one; mixed ones keep a
        Period each). Decimals stay ``Decimal``; IRIs and language-tagged strings stay ``IRI`` and
        ``LangString`` (``str`` subclasses: ``.language`` keeps the tag). ``df.attrs["tvkg"]``
        names each column's kind."""
        pd = _optional("pandas")
        columns, kinds = {}, {}
        for name in self.variables:
            values = self.column(name)
            kinds[name] = _kind(values)
            columns[name] = _pandas_column(pd, values, kinds[name])
        frame = pd.DataFrame(columns, index=pd.RangeIndex(len(self.rows)))
        frame.attrs["tvkg"] = kinds
        return frame

    def to_polars(self) -> Any:
        """A polars DataFrame, one typed column per variable.

        Integers are ``Int64``, decimals ``Decimal``, doubles ``Float64``, booleans ``Boolean``,
        date-times ``Datetime``, day dates ``Date``. Polars has no str subclasses, so IRIs are
        ``String``, language-tagged strings are ``Struct{text, language}`` and dates of year or
        month precision are ``Struct{start, end, precision}``. A column mixing kinds is ``String``."""
        pl = _optional("polars")
        return pl.DataFrame([_polars_column(pl, name, self.column(name)) for name in self.variables])

    # -- display -----------------------------------------------------------------------------------

    def _repr_html_(self) -> str:
        head = "".join(f"<th>?{html.escape(v)}</th>" for v in self.variables)
        body = "".join("<tr>" + "".join(f"<td>{self._cell(row.get(v))}</td>" for v in self.variables) + "</tr>"
                       for row in self.rows[:SHOWN_ROWS])
        more = len(self.rows) - SHOWN_ROWS
        foot = f"<p>… and {more:,} more rows (<code>.to_pandas()</code> has them all)</p>" if more > 0 else ""
        return (f'<table class="tvkg-results"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
                f"<p>{len(self.rows):,} row{'s' if len(self.rows) != 1 else ''}</p>{foot}")

    def _cell(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, IRI):
            text = html.escape(value.short)
            page = self._link(value) if self._link else None
            return f'<a href="{html.escape(page)}" title="{html.escape(value)}">{text}</a>' if page else \
                f'<span title="{html.escape(value)}">{text}</span>'
        if isinstance(value, LangString):
            tag = html.escape(value.language)
            return f'{html.escape(value)} <small lang="{tag}">@{tag}</small>'
        if isinstance(value, PartialDate):
            return f'{value} <small>({value.precision})</small>'
        return html.escape(str(value))

    def __repr__(self) -> str:
        lines = [" | ".join(self.variables)]
        lines += [" | ".join(_text(row.get(v)) for v in self.variables) for row in self.rows[:10]]
        if len(self.rows) > 10:
            lines.append(f"… {len(self.rows) - 10:,} more rows")
        return f"<Results: {len(self.rows):,} rows>\n" + "\n".join(lines)


def _optional(name: str) -> Any:
    """An optional dependency, or an ImportError that says how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ImportError(f"this needs {name}, which tvkg does not install by itself: "
                          f"pip install 'tvkg[notebook]' (or pip install {name})") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.short if isinstance(value, IRI) else str(value)


KINDS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    ("boolean", lambda v: isinstance(v, bool)),
    ("integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    ("decimal", lambda v: isinstance(v, Decimal)),
    ("double", lambda v: isinstance(v, float)),
    ("datetime", lambda v: isinstance(v, dt.datetime)),
    ("date", lambda v: isinstance(v, PartialDate)),
    ("iri", lambda v: isinstance(v, IRI)),
    ("blank", lambda v: isinstance(v, BlankNode)),
    ("langstring", lambda v: isinstance(v, LangString)),
    ("typed", lambda v: isinstance(v, TypedLiteral)),
    ("string", lambda v: type(v) is str),
)


def _kind(values: list[Any]) -> str:
    """The one kind every bound value of a column has, else "mixed" ("empty" when none is bound)."""
    bound = [v for v in values if v is not None]
    if not bound:
        return "empty"
    for kind, test in KINDS:
        if all(test(v) for v in bound):
            return kind
    return "mixed"


def _pandas_column(pd: Any, values: list[Any], kind: str) -> Any:
    if kind == "integer":
        return pd.array(values, dtype="Int64")
    if kind == "double":
        return pd.array([float("nan") if v is None else v for v in values], dtype="float64")
    if kind == "boolean":
        return pd.array(values, dtype="boolean")
    if kind == "string":
        return pd.array(values, dtype="string")
    if kind == "datetime":
        try:
            return pd.to_datetime(pd.Series(values, dtype=object))
        except (ValueError, TypeError):  # time zones that differ: keep the datetimes themselves
            return pd.Series(values, dtype=object)
    if kind == "date":
        periods = [None if v is None else pd.Period(str(v), freq=PERIOD_FREQ[v.precision]) for v in values]
        precisions = {v.precision for v in values if v is not None}
        if len(precisions) == 1:
            return pd.array(periods, dtype=pd.PeriodDtype(PERIOD_FREQ[precisions.pop()]))
        return pd.Series(periods, dtype=object)
    return pd.Series(values, dtype=object)


def _polars_column(pl: Any, name: str, values: list[Any]) -> Any:
    kind = _kind(values)
    if kind == "integer":
        return pl.Series(name, values, dtype=pl.Int64)
    if kind == "double":
        return pl.Series(name, values, dtype=pl.Float64)
    if kind == "boolean":
        return pl.Series(name, values, dtype=pl.Boolean)
    if kind == "decimal":
        scale = max(0, *(-v.as_tuple().exponent for v in values if v is not None and v.is_finite()))
        return pl.Series(name, values, dtype=pl.Decimal(scale=scale))
    if kind == "datetime":
        return pl.Series(name, values)
    if kind == "date":
        if all(v is None or v.precision == "day" for v in values):
            return pl.Series(name, [v and v.start for v in values], dtype=pl.Date)
        return pl.Series(name, [v and {"start": v.start, "end": v.end, "precision": v.precision} for v in values],
                         dtype=pl.Struct({"start": pl.Date, "end": pl.Date, "precision": pl.String}))
    if kind == "langstring":
        return pl.Series(name, [v and {"text": str(v), "language": v.language} for v in values],
                         dtype=pl.Struct({"text": pl.String, "language": pl.String}))
    return pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String)
