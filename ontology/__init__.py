"""The tvkg ontology: Turtle files (classes, properties, SHACL shapes) and the constants code needs."""

from pathlib import Path

from tvkg.ontology.namespaces import ENTITY, GRAPH, ONTOLOGY_GRAPH, PREFIXES, TV

HERE = Path(__file__).parent
ONTOLOGY_FILE = HERE / "tvkg.ttl"
SHAPES_FILE = HERE / "shapes.ttl"

__all__ = ["ENTITY", "GRAPH", "ONTOLOGY_FILE", "ONTOLOGY_GRAPH", "PREFIXES", "SHAPES_FILE", "TV"]
