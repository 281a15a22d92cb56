"""The external terms tvkg's code names, once, as pyoxigraph nodes (``RDF_TYPE.value`` for the IRI
text), and the base of the datatypes it writes literals in. The ontology's own terms are
attributes of its namespace TV (tvkg.ontology.namespaces), and a test fails when code names one that
ontology/tvkg.ttl lacks (tests/test_vocabulary.py)."""

from __future__ import annotations

import pyoxigraph as ox

from tvkg.ontology.namespaces import PREFIXES

XSD = PREFIXES["xsd"]  # datatypes: XSD + "date"
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
PREF_LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")
ALT_LABEL = ox.NamedNode(PREFIXES["skos"] + "altLabel")
SAME_AS = ox.NamedNode(PREFIXES["owl"] + "sameAs")
