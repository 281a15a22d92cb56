"""The ``%%sparql`` cell magic: ``%load_ext tvkg``, then a cell of SPARQL.

```
%%sparql
SELECT ?show ?title WHERE { ?show a tv:Show ; skos:prefLabel ?title } LIMIT 5
```

The cell runs on the last graph opened or connected (``tvkg.open`` / ``tvkg.connect``), or on the
one a variable names (``%%sparql kg``). Options: ``-o name`` keeps the results in a variable,
``--merged`` queries the merged view, ``--as-of YYYY-MM-DD`` the claims stated by that day. A
SELECT displays as a table; ``{name}`` in the cell is replaced by a notebook variable's value.
IPython is imported only here, when the extension loads.
"""

from __future__ import annotations

import argparse
import re
import shlex
from typing import Any

from tvkg.api.base import Graph

VARIABLE = re.compile(r"\{([A-Za-z_]\w*)\}")  # {name}: a notebook variable (SPARQL's groups never look so)
_last: list[Graph] = []  # the graph opened or connected most recently, for cells that name none


def remember(graph: Graph) -> Graph:
    _last[:] = [graph]
    return graph


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="%%sparql", add_help=False, exit_on_error=False)
    parser.add_argument("graph", nargs="?", help="a variable holding a tvkg graph")
    parser.add_argument("-o", "--output", help="keep the results in this variable")
    parser.add_argument("--merged", action="store_true")
    parser.add_argument("--as-of", dest="as_of")
    return parser


def run_cell(line: str, cell: str, namespace: dict[str, Any]) -> Any:
    """What ``%%sparql`` does, without IPython: parse ``line``, run ``cell``, return the answer."""
    try:
        options, unknown = _parser().parse_known_args(shlex.split(line))
    except (argparse.ArgumentError, ValueError) as error:
        raise ValueError(f"%%sparql {line}: {error}") from None
    if unknown:
        raise ValueError(f"%%sparql {line}: unknown option {' '.join(unknown)}; use [GRAPH] [-o NAME] [--merged] "
                         "[--as-of YYYY-MM-DD]")
    if options.graph:
        graph = namespace.get(options.graph)
        if not isinstance(graph, Graph):
            raise ValueError(f"%%sparql {options.graph}: that variable is not a tvkg graph (tvkg.open or tvkg.connect)")
    elif _last:
        graph = _last[0]
    else:
        raise ValueError("%%sparql needs a graph: call tvkg.open() or tvkg.connect(url) first, or name one")
    query = VARIABLE.sub(lambda m: str(namespace[m[1]]) if m[1] in namespace else m[0], cell)
    answer = graph.sparql(query, merged=options.merged, as_of=options.as_of)
    if options.output:
        namespace[options.output] = answer
    return answer


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%sparql`` (``%load_ext tvkg``)."""
    def sparql(line: str, cell: str) -> Any:
        return run_cell(line, cell, ipython.user_ns)

    ipython.register_magic_function(sparql, magic_kind="cell", magic_name="sparql")
