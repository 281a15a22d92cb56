"""IRIs every part of tvkg agrees on: the ontology namespace, where entities and graphs live, and prefixes.

Entities are minted under ENTITY (``https://w3id.org/tvkg/id/<kind>/<slug>``), named graphs under
GRAPH, and ontology terms under TV. PREFIXES is the one table used for SPARQL queries, Turtle output
and the query editor's completion.
"""

from rdflib import Namespace

BASE = "https://w3id.org/tvkg/"
TV = Namespace(BASE + "ontology#")
ENTITY = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]
FUNCTION = Namespace(BASE + "function#")  # SPARQL extension functions (graph/query/functions.py)

# The kinds of entity tvkg mints IRIs for: ENTITY/<kind>/<slug>. Each kind is also a prefix
# (``person:park-ji-hu``), because Turtle and SPARQL prefixed names cannot contain "/".
KINDS = ("show", "season", "episode", "person", "character", "role", "work", "org", "place",
         "event", "source", "announcement", "correction", "category")

PREFIXES: dict[str, str] = {
    "tv": str(TV),
    "tvkg": str(ENTITY),
    "tvg": str(GRAPH),
    "tvf": str(FUNCTION),
    **{kind: f"{ENTITY}{kind}/" for kind in KINDS},
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "po": "http://purl.org/ontology/po/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "sh": "http://www.w3.org/ns/shacl#",
}




def compact(iri: str) -> str:
    """``prefix:local`` for an IRI under a known namespace, else ``<iri>``.

    >>> compact("https://w3id.org/tvkg/id/show/all-of-us-are-dead"), compact("https://example.org/x")
    ('show:all-of-us-are-dead', '<https://example.org/x>')
    """
    for prefix, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def expand(name: str) -> str:
    """The IRI of ``prefix:local`` under a known prefix, or of ``<iri>``; anything else as it is.

    >>> expand("tv:Show"), expand("<https://example.org/x>")
    ('https://w3id.org/tvkg/ontology#Show', 'https://example.org/x')
    """
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else name
