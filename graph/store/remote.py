"""A tvkg store kept in another SPARQL 1.1 server (Oxigraph's, Fuseki, ...), for a deployment that
has outgrown one machine: ``--store http://host:7878`` (query and update endpoints ``/query`` and
``/update``, or ``--store http://host/sparql`` for one endpoint doing both).

A server without a plain default graph of its own (Virtuoso's default graph is the union of all
its graphs) is given a named graph to play it: ``--store "http://host:8890/sparql?default-graph=urn:tvkg:merge"``.

``RemoteStore`` offers the part of pyoxigraph's ``Store`` API that tvkg uses (pattern lookups,
queries, named graphs, writes), over the SPARQL 1.1 Protocol with ``requests``. Query results are
parsed back into pyoxigraph's own result objects, so everything above (entity pages, search,
relationship questions, the endpoint's serializers) works unchanged. The default graph is the
remote server's default graph, which tvkg keeps as the merge of the named graphs, as on disk.

What differs from the embedded store: blank nodes are written as IRIs under
``https://w3id.org/tvkg/.well-known/genid/`` (skolemized); each write request is one transaction on the server, but a
tvkg write made of several requests is not all-or-nothing; tvkg extension functions (``tvf:``) do
not exist on the remote server; writes by other clients are seen only after a restart (caches
are keyed by this process's own writes).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Iterator
from typing import cast

import pyoxigraph as ox
import requests

from tvkg.errors import QueryError, StoreError
from tvkg.ontology.namespaces import BASE
from tvkg.store.foreign import ForeignStore, as_query_triples, prologue
from tvkg.store.sparql_text import query_form, tokens

GENID = BASE + ".well-known/genid/"
BATCH = 1_000  # quads per INSERT DATA / DELETE DATA request (Virtuoso refuses much larger ones)
TIMEOUT = 300
RESULTS_JSON = "application/sparql-results+json"


def as_url(location: object) -> str | None:
    """The server's URL if ``location`` names one (also after pathlib has collapsed its "//")."""
    text = str(location)
    for scheme in ("http:", "https:"):
        if text.startswith(scheme + "//"):
            return text
        if text.startswith(scheme + "/"):
            return scheme + "//" + text[len(scheme) + 1:]
    return None


class RemoteStore(ForeignStore):
    """pyoxigraph's Store API (the part tvkg uses) over a SPARQL 1.1 server."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        options = dict(urllib.parse.parse_qsl(parts.query))
        merge = options.get("default-graph")
        self.merge = ox.NamedNode(merge) if merge else None  # the named graph standing for the default graph
        url = urllib.parse.urlunsplit(parts._replace(query="")).rstrip("/")
        if url.endswith(("/sparql", "/query")):
            self.query_url = url
            self.update_url = url[: -len("/query")] + "/update" if url.endswith("/query") else url
        else:
            self.query_url, self.update_url = url + "/query", url + "/update"
        self.session = requests.Session()
        self.url = url

    # -- reading -----------------------------------------------------------------------------

    def query(self, sparql: str, *, prefixes: dict[str, str] | None = None, base_iri: str | None = None,
              default_graph: list[ox.NamedNode] | None = None, named_graphs: list[ox.NamedNode] | None = None,
              custom_functions: object = None, explicit: bool = False, **_: object
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query on the server; the answer as pyoxigraph result objects. ``explicit``: the
        query names every graph it reads, so the stand-in default graph is not set (Virtuoso then
        answers GRAPH <iri> patterns wrongly)."""
        text = prologue(prefixes, base_iri) + sparql
        params: list[tuple[str, str]] = [("default-graph-uri", g.value) for g in default_graph or []]
        params += [("named-graph-uri", g.value) for g in named_graphs or []]
        if self.merge is not None and not params and not explicit and not _names_its_dataset(sparql):
            params = [("default-graph-uri", self.merge.value)]
        form = query_form(sparql)
        graph_result = form in ("CONSTRUCT", "DESCRIBE")
        answer = self._post(self.query_url, "query", text, params,
                            "application/n-triples" if graph_result else RESULTS_JSON)
        if graph_result:
            return as_query_triples(answer.content)
        return ox.parse_query_results(answer.content, format=ox.QueryResultsFormat.JSON)

    def quads_for_pattern(self, subject: ox.NamedNode | ox.BlankNode | ox.Triple | None,
                          predicate: ox.NamedNode | None,
                          obj: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None,
                          graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None
                          ) -> Iterator[ox.Quad]:
        """The quads matching a pattern (None: any), as pyoxigraph's method returns them."""
        terms = [("?s" if subject is None else str(subject)), ("?p" if predicate is None else str(predicate)),
                 ("?o" if obj is None else str(obj))]
        pattern = " ".join(terms)
        if isinstance(graph_name, ox.DefaultGraph):
            where = f"{{ {pattern} }}" if self.merge is None else f"{{ GRAPH {self.merge} {{ {pattern} }} }}"
        elif graph_name is not None:
            where = f"{{ GRAPH {graph_name} {{ {pattern} }} }}"
        elif self.merge is not None:
            where = f"{{ GRAPH ?g {{ {pattern} }} }}"
        else:
            where = f"{{ {{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }} }}"
        for row in cast(ox.QuerySolutions, self.query(f"SELECT * WHERE {where}", explicit=True)):
            graph = graph_name if graph_name is not None else self._graph(row["g"])
            yield ox.Quad(subject or row["s"], predicate or row["p"], obj or row["o"], graph)

    def _graph(self, found: ox.NamedNode | ox.BlankNode | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
        return ox.DefaultGraph() if found is None or found == self.merge else found

    def __len__(self) -> int:
        everything = "GRAPH ?g { ?s ?p ?o }" if self.merge else "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
        found = cast(ox.QuerySolutions, self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {everything} }}", explicit=True))
        return int(next(iter(found))["n"].value)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """The non-empty named graphs. `GRAPH ?g { }` is quick on Oxigraph but answers nothing on
        Virtuoso, which then gets the slower scan."""
        def graphs(query: str) -> list[ox.NamedNode]:
            return [row["g"] for row in cast(ox.QuerySolutions, self.query(query, explicit=True))
                    if isinstance(row["g"], ox.NamedNode)]
        found = graphs("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }") or \
            graphs("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        yield from (g for g in found if g != self.merge)

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", explicit=True))

    # -- writing -----------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
               **_: object) -> None:
        self._post(self.update_url, "update", prologue(prefixes, base_iri) + sparql, [], "*/*")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads, BATCH per request."""
        self._data("INSERT", quads)

    def remove(self, quad: ox.Quad) -> None:
        self._data("DELETE", [quad])

    def add_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"CREATE SILENT GRAPH {graph}")

    def clear_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"CLEAR SILENT GRAPH {graph}")

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {graph}")

    def _data(self, verb: str, quads: Iterable[ox.Quad]) -> None:
        batch: list[ox.Quad] = []
        for quad in quads:
            batch.append(quad)
            if len(batch) >= BATCH:
                self._send(verb, batch)
                batch = []
        if batch:
            self._send(verb, batch)

    def _send(self, verb: str, quads: list[ox.Quad]) -> None:
        """One INSERT DATA / DELETE DATA request: default-graph triples, then a GRAPH block per graph."""
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            graph = self.merge if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
            key = "" if graph is None else str(graph)
            by_graph.setdefault(key, []).append(f"{_skolem(q.subject)} {q.predicate} {_skolem(q.object)} .")
        blocks = [("\n".join(lines) if not graph else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}")
                  for graph, lines in sorted(by_graph.items())]
        self.update(f"{verb} DATA {{\n" + "\n".join(blocks) + "\n}")

    def _post(self, url: str, field: str, text: str, params: list[tuple[str, str]], accept: str
              ) -> requests.Response:
        """A form-encoded POST (the one way of the Protocol's that every server accepts)."""
        try:
            answer = self.session.post(url, data=[(field, text), *params], timeout=TIMEOUT,
                                       headers={"Accept": accept})
        except requests.RequestException as error:
            raise StoreError(f"cannot reach the SPARQL server at {self.url}: {error}") from None
        if answer.status_code >= 400:
            raise QueryError(f"the SPARQL server at {self.url} answered {answer.status_code}: "
                             f"{answer.text.strip()[:500]}")
        return answer


def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
            ) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple:
    """A blank node as an IRI (RDF 1.1 skolemization): a server cannot be told "the same blank node"
    across requests, and some (Virtuoso) refuse blank nodes in INSERT DATA at all."""
    return ox.NamedNode(f"{GENID}{term.value}") if isinstance(term, ox.BlankNode) else term


def _names_its_dataset(sparql: str) -> bool:
    """Whether the query has FROM / FROM NAMED (which a protocol default-graph-uri would override)."""
    return any(t.is_word("FROM") for t in tokens(sparql) if t.depth == 0)
