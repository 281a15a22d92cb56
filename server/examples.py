"""Example SPARQL queries about the data, shown in the query editor and on the home page.

The endpoint needs no PREFIX lines for the project's prefixes, but other tools do (and the editor's
syntax check), so each example is shown with the declarations it uses. The test suite runs them
all against the seed data and checks that each returns something.
"""

from __future__ import annotations

from dataclasses import dataclass

from tvkg.ontology.namespaces import PREFIXES
from tvkg.store.sparql_text import query_form, tokens

TASKS = ("cast", "announcements", "provenance", "conflicts", "relationships", "the catalogue")
VIEWS = ("table", "chart", "timeline", "graph")  # the editor's result views (static/result-views.js)


@dataclass(frozen=True)
class Example:
    title: str
    description: str
    body: str
    task: str = "the catalogue"  # one of TASKS: how /examples groups it
    view: str = "table"  # one of VIEWS: how its result is best shown

    @property
    def slug(self) -> str:
        """Its anchor on /examples and its IRI's last part."""
        return "-".join("".join(c if c.isalnum() else " " for c in self.title.lower()).split())

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return (query_form(self.body) or "SELECT").upper()

    @property
    def query(self) -> str:
        """The query with a PREFIX line for each project prefix it uses, so it runs anywhere."""
        used = sorted({t.text.split(":", 1)[0] for t in tokens(self.body) if t.kind == "pname"} & PREFIXES.keys())
        return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + self.body


EXAMPLES = [
    Example("Cast of All of Us Are Dead", "Actor and character for each cast part (n-ary tv:CastRole nodes).", """\
SELECT ?actor ?character WHERE {
  show:all-of-us-are-dead tv:hasCastRole ?role .
  ?role tv:actor/skos:prefLabel ?actor ;
        tv:character/skos:prefLabel ?character .
  FILTER(LANG(?actor) = "en" && LANG(?character) = "en")
}
ORDER BY ?actor""", task="cast", view="table"),
    Example("Announcements timeline", "Each announcement: its date, kind, who made it, the claim's status.", """\
SELECT ?date ?announcement ?kind ?by ?status WHERE {
  ?a a tv:Announcement ;
     skos:prefLabel ?announcement ;
     tv:date ?date ;
     tv:kind/skos:prefLabel ?kind .
  FILTER(LANG(?announcement) = "en" && LANG(?kind) = "en")
  OPTIONAL { ?a tv:announcedBy/skos:prefLabel ?by FILTER(LANG(?by) = "en") }
  OPTIONAL { ?a tv:asserts/tv:status/skos:prefLabel ?status FILTER(LANG(?status) = "en") }
}
ORDER BY ?date""", task="announcements", view="timeline"),
    Example("Conflicting release claims", "Expected release years for season 2, each with the graph that states it and "
            "its status (expected, rumoured).", """\
SELECT ?year ?status ?graph WHERE {
  GRAPH ?graph { season:all-of-us-are-dead-s2 tv:expectedRelease ?year }
  OPTIONAL { ?graph tv:status/skos:prefLabel ?status FILTER(LANG(?status) = "en") }
}
ORDER BY ?year""", task="conflicts", view="table"),
    Example("Where each fact comes from", "The named graphs (claim graphs), their sources and their sizes.", """\
SELECT ?graph ?source (COUNT(*) AS ?triples) WHERE {
  GRAPH ?graph { ?s ?p ?o }
  OPTIONAL { ?graph prov:wasDerivedFrom ?source }
}
GROUP BY ?graph ?source
ORDER BY DESC(?triples)""", task="provenance", view="table"),
    Example("Seasons and their release status", "Each season of each show, with number, status and release date.", """\
SELECT ?show ?number ?status ?released WHERE {
  ?season a tv:Season ;
          tv:seasonOf/skos:prefLabel ?show ;
          tv:seasonNumber ?number .
  FILTER(LANG(?show) = "en")
  OPTIONAL { ?season tv:releaseStatus/skos:prefLabel ?status FILTER(LANG(?status) = "en") }
  OPTIONAL { ?season tv:releaseDate ?released }
}
ORDER BY ?show ?number""", task="announcements", view="table"),
    Example("Episodes of season 1", "Episodes in order.", """\
SELECT ?number ?episode WHERE {
  ?e tv:episodeOf season:all-of-us-are-dead-s1 ;
     tv:episodeNumber ?number ;
     skos:prefLabel ?episode .
}
ORDER BY ?number""", task="the catalogue", view="table"),
    Example("Source work and its adaptation", "The webtoon, its author, its platform and what adapts it.", """\
SELECT ?work ?author ?platform ?adaptation WHERE {
  ?w a tv:SourceWork ;
     skos:prefLabel ?work .
  FILTER(LANG(?work) = "en")
  OPTIONAL { ?w tv:author/skos:prefLabel ?author FILTER(LANG(?author) = "en") }
  OPTIONAL { ?w tv:publishedOn/skos:prefLabel ?platform FILTER(LANG(?platform) = "en") }
  OPTIONAL { ?w tv:adaptedAs/skos:prefLabel ?adaptation FILTER(LANG(?adaptation) = "en") }
}""", task="the catalogue", view="table"),
    Example("Every name of a person", "Preferred and alternative names: romanisations and spellings.", """\
SELECT ?person (GROUP_CONCAT(DISTINCT ?name; separator=" · ") AS ?names) WHERE {
  ?p a tv:Person ;
     skos:prefLabel ?person .
  FILTER(LANG(?person) = "en")
  { ?p skos:prefLabel ?name } UNION { ?p skos:altLabel ?name }
}
GROUP BY ?person
ORDER BY ?person""", task="cast", view="table"),
    Example("Corrections to the article", "What the article got wrong, and what the graph says instead.", """\
SELECT ?concerns ?original ?corrected WHERE {
  ?c a tv:Correction ;
     tv:concerns ?concerns ;
     tv:originalText ?original ;
     tv:correctedText ?corrected .
}""", task="provenance", view="table"),
    Example("Entities per class", "How many of each kind of thing the graph holds.", """\
SELECT ?class (COUNT(DISTINCT ?entity) AS ?count) WHERE {
  ?entity a ?class .
  FILTER(STRSTARTS(STR(?class), STR(tv:)))
}
GROUP BY ?class
ORDER BY DESC(?count)""", task="the catalogue", view="chart"),
    Example("Cast returning in season 2", "Cast parts said to be in season 2, and by which claim graph.", """\
SELECT ?actor ?character ?graph WHERE {
  GRAPH ?graph { ?role tv:inSeason season:all-of-us-are-dead-s2 }
  ?role tv:actor/skos:prefLabel ?actor ;
        tv:character/skos:prefLabel ?character .
  FILTER(LANG(?actor) = "en" && LANG(?character) = "en")
}
ORDER BY ?actor""", task="cast", view="table"),
    Example("Wikidata-style statement", "The same cast, asked with Wikidata's property paths (wdt:P161 cast member).",
            """\
SELECT ?actor WHERE {
  show:all-of-us-are-dead wdt:P161 ?person .
  ?person rdfs:label ?actor .
  FILTER(LANG(?actor) = "en")
}
ORDER BY ?actor""", task="cast", view="table"),
    Example("A catalogue show's cast in billing order", "The Netflix catalogue lists cast in billing order "
            "(tv:castOrder); names are tagged @en in every source.", """\
SELECT ?order ?actor WHERE {
  ?show a tv:Show ;
        skos:prefLabel "Kingdom"@en ;
        tv:hasCastRole ?role .
  ?role tv:actor/skos:prefLabel ?actor ;
        tv:castOrder ?order .
  FILTER(LANG(?actor) = "en")
}
ORDER BY ?order""", task="cast", view="table"),
    Example("Shows per catalogue category", "Netflix files shows under browse categories: a SKOS scheme of its "
            "own (tv:category), not genres.", """\
SELECT ?category (COUNT(DISTINCT ?show) AS ?shows) WHERE {
  ?show tv:category/skos:prefLabel ?category .
}
GROUP BY ?category
ORDER BY DESC(?shows)
LIMIT 20""", task="the catalogue", view="chart"),
    Example("Describe the show as RDF", "A CONSTRUCT: the show's own triples, as a graph.", """\
CONSTRUCT { show:all-of-us-are-dead ?p ?o }
WHERE { show:all-of-us-are-dead ?p ?o }""", task="the catalogue", view="graph"),
    Example("Most central people (networkx)", "Extension functions: PageRank and number of productions of each "
            "person in the credits graph (tvf:pagerank, tvf:degree).", """\
SELECT ?person ?productions ?pagerank WHERE {
  ?p a tv:Person ; skos:prefLabel ?person .
  BIND(tvf:degree(?p) AS ?productions)
  BIND(tvf:pagerank(?p) AS ?pagerank)
  FILTER(BOUND(?productions) && LANG(?person) = "en")
}
ORDER BY DESC(?pagerank) ?person
LIMIT 10""", task="relationships", view="chart"),
    Example("How far from Park Ji-hu (networkx)", "Extension functions: hops in the entity graph (tvf:distance) and "
            "degrees of separation over shared productions (tvf:separation).", """\
SELECT ?person (tvf:distance(person:park-ji-hu, ?p) AS ?hops) (tvf:separation(person:park-ji-hu, ?p) AS ?degrees)
WHERE {
  ?p a tv:Person ; skos:prefLabel ?person .
  FILTER(?p != person:park-ji-hu && LANG(?person) = "en" && tvf:distance(person:park-ji-hu, ?p) <= 2)
}
ORDER BY ?hops ?person""", task="relationships", view="table"),
]
