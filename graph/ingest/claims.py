"""An extraction as one claim graph per article, marked as extracted and not yet reviewed.

The graph ``tvg:ingest/<article>`` is a tv:ClaimGraph derived from the article (a tv:NewsArticle
with its address, outlet and publication date), with ``tv:reviewStatus tv:Extracted``. Each
announcement is a tv:Announcement with its kind, subject, date (typed by its precision), the
words as stated, status and, when the article denies it, ``tv:negated true``; each cast statement a
tv:CastRole with its actor, character and season (and a tv:Correction when the article had them
the wrong way round). Every claim keeps its evidence: a W3C Web Annotation on the article, with
the sentence as a TextQuoteSelector (exact, prefix, suffix) and its offsets as a
TextPositionSelector. Names the graph does not know are listed as candidates (tv:newName), never
minted as entities.
"""

from __future__ import annotations

import hashlib
import re
import typing
from collections.abc import Iterator

import pyoxigraph as ox

from tvkg.ingest.extract import Announcement, CastClaim, Evidence, Extraction
from tvkg.ingest.mentions import Entity
from tvkg.load import infer
from tvkg.load.update import replace_quads
from tvkg.ontology.iris import slug
from tvkg.ontology.namespaces import ENTITY, GRAPH, PREFIXES, TV
from tvkg.ontology.vocabulary import PREF_LABEL, RDF_TYPE, XSD
from tvkg.store.generations import Store

OA = "http://www.w3.org/ns/oa#"
CONTEXT = 32  # characters of prefix and suffix kept with each quote
_Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]  # what a claim graph states


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{TV}{name}")


def graph_name(extraction: Extraction, url: str | None) -> ox.NamedNode:
    key = url or extraction.article.text
    name = slug(extraction.article.title or extraction.article.path.stem)[:60]
    return ox.NamedNode(f"{GRAPH}ingest/{name}-{hashlib.sha1(key.encode()).hexdigest()[:8]}")


def quads(extraction: Extraction, *, url: str | None = None, outlet: str | None = None) -> list[ox.Quad]:
    """The claim graph of an extraction, as quads in its own named graph."""
    graph = graph_name(extraction, url)
    local = graph.value.removeprefix(f"{GRAPH}ingest/")
    article = ox.NamedNode(url) if url else ox.NamedNode(f"{ENTITY}source/article-{local}")
    triples = list(_article(graph, article, extraction, outlet))
    text = extraction.article.text
    for n, claim in enumerate(extraction.announcements, 1):
        triples += _announcement(ox.NamedNode(f"{ENTITY}announcement/{local}-{n}"), claim, extraction, article, text)
    for n, cast in enumerate(_distinct(extraction.cast), 1):
        if cast.actor is None:  # an actor the graph does not know: a new name for a curator, no cast part
            triples.append((graph, tv("newName"), ox.Literal(cast.actor_name)))
            continue
        triples += _cast(ox.NamedNode(f"{ENTITY}role/{local}-{n}"), cast, graph, article, extraction, local, n)
    triples += [(graph, tv("newName"), ox.Literal(name)) for name, _ in extraction.new_names]
    triples += _context(triples, extraction)
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def _context(triples: list[_Triple], extraction: Extraction
             ) -> list[_Triple]:
    """What the claims point at, named and typed, so the graph loads (and validates) on its own as
    the curated files do: each entity's class and label, each season's show and number."""
    known = {e.iri: e for e in extraction.mentions.values()}
    known.update({c.show.iri: c.show for c in extraction.cast if c.show})
    known.update({a.show.iri: a.show for a in extraction.announcements if a.show})
    seasons = {iri: key for key, iri in extraction.seasons.items()}
    claims: list[CastClaim | Announcement] = [*extraction.cast, *extraction.announcements]
    seasons.update({subject.value: (claim.show.iri, claim.season)
                    for claim in claims
                    if claim.show and claim.season is not None
                    and (subject := _subject(extraction, claim.show, claim.season)) is not None})
    context: list[_Triple] = []
    for _, _, o in triples:
        if not isinstance(o, ox.NamedNode):
            continue
        if "/season/" in o.value and (key := seasons.get(o.value)):
            show = known.get(key[0])
            context += [(o, RDF_TYPE, tv("Season")), (o, tv("seasonOf"), ox.NamedNode(key[0])),
                        (o, tv("seasonNumber"), ox.Literal(str(key[1]), datatype=ox.NamedNode(XSD + "integer"))),
                        (o, PREF_LABEL, ox.Literal(f"{show.label if show else key[0]} season {key[1]}", language="en"))]
            if show is not None:
                context += [(ox.NamedNode(show.iri), RDF_TYPE, tv("Show")),
                            (ox.NamedNode(show.iri), PREF_LABEL, ox.Literal(show.label, language="en"))]
        elif o.value in known:
            entity = known[o.value]
            context += [(o, RDF_TYPE, tv(entity.kind)), (o, PREF_LABEL, ox.Literal(entity.label, language="en"))]
    return list(dict.fromkeys(context))


def _article(graph: ox.NamedNode, article: ox.NamedNode, extraction: Extraction, outlet: str | None
             ) -> Iterator[_Triple]:
    title = extraction.article.title or extraction.article.path.name
    source = f" ({outlet}, {extraction.published.isoformat()})" if outlet else f" ({extraction.published.isoformat()})"
    yield graph, RDF_TYPE, tv("ClaimGraph")
    yield graph, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal(f"Claims from “{title}”{source}", language="en")
    yield graph, tv("status"), tv("Reported")
    yield graph, tv("reviewStatus"), tv("Extracted")
    yield graph, ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), article
    yield article, RDF_TYPE, tv("NewsArticle")
    yield article, PREF_LABEL, ox.Literal(extraction.article.title or extraction.article.path.name, language="en")
    yield article, tv("date"), ox.Literal(extraction.published.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    yield article, tv("text"), ox.Literal(extraction.article.text)  # for the review page's highlights
    if outlet:
        yield article, ox.NamedNode(PREFIXES["dcterms"] + "publisher"), ox.Literal(outlet)


def _announcement(node: ox.NamedNode, claim: Announcement, extraction: Extraction, article: ox.NamedNode,
                  text: str) -> list[_Triple]:
    subject = _subject(extraction, claim.show, claim.season)
    triples: list[_Triple] = [(node, RDF_TYPE, tv("Announcement")), (node, tv("kind"), tv(claim.kind)),
                              (node, tv("claimStatus"), tv(claim.status)), (node, tv("reportedIn"), article),
                              (node, PREF_LABEL, ox.Literal(_label(claim), language="en"))]
    if subject is not None:
        triples.append((node, tv("about"), subject))
        if claim.season is not None and claim.show is not None:
            triples.append((node, tv("aboutSeasonNumber"), ox.Literal(str(claim.season),
                                                                        datatype=ox.NamedNode(XSD + "integer"))))
    if claim.date is not None:
        typed = ox.Literal(claim.date.value, datatype=ox.NamedNode(XSD + claim.date.datatype))
        triples.append((node, tv("date"), typed))
        triples.append((node, tv("dateAsStated"), ox.Literal(claim.date.stated)))
    if claim.negated:
        triples.append((node, tv("negated"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))))
    if claim.by is not None:
        triples.append((node, tv("announcedBy"), ox.NamedNode(claim.by.iri)))
    if subject is not None and claim.season is not None:
        triples += _release(subject, claim)
    return triples + _evidence(node, claim.evidence, article, text)


RELEASE_STATUS = {"Renewal": "StatusRenewed", "Cancellation": "StatusCancelled", "Premiere": "StatusReleased",
                  "ProductionStatusNews": "StatusInProduction"}


def _release(season: ox.NamedNode, claim: Announcement) -> list[_Triple]:
    date = ox.Literal(claim.date.value, datatype=ox.NamedNode(XSD + claim.date.datatype)) if claim.date else None
    return release_facts(season, claim.kind, date, claim.negated, claim.evidence.sentence)


def release_facts(season: ox.NamedNode, kind: str, date: ox.Literal | None, negated: bool, sentence: str
                  ) -> list[_Triple]:
    """What a claim of this kind says of the season's release, for its page's release history: a
    status (renewed, in production, released, cancelled), or an expected release date."""
    if negated:
        return []
    if kind in ("ReleaseDateNews", "Forecast") and date is not None:
        return [(season, tv("expectedRelease"), date)]
    status = RELEASE_STATUS.get(kind)
    if status == "StatusInProduction" and not re.search(r"\b(?:began|begun|started|under way|underway|in production"
                                                        r"|rolling|kicked off)\b", sentence, re.I):
        return []  # filming wrapped, or some other production news: no status of its own
    return [(season, tv("releaseStatus"), tv(status))] if status else []


def _subject(extraction: Extraction, show: Entity | None, season: int | None) -> ox.NamedNode | None:
    """The season the graph has for (show, number), else a season IRI of the show's; or the show."""
    if show is None:
        return None
    if season is None:
        return ox.NamedNode(show.iri)
    known = extraction.seasons.get((show.iri, season))
    return ox.NamedNode(known or f"{show.iri.replace('/show/', '/season/', 1)}-s{season}")


def _label(claim: Announcement) -> str:
    about = claim.show.label if claim.show else "an unknown show"
    season = f" season {claim.season}" if claim.season else ""
    return label(claim.kind, f"{about}{season}", claim.date.stated if claim.date else None, claim.negated)


def label(kind: str, about: str, when: str | None, negated: bool) -> str:
    """An announcement's label: "not Renewal: Kingdom season 3 (last year)"."""
    return f"{'not ' if negated else ''}{kind}: {about}{f' ({when})' if when else ''}"


def _distinct(cast: list[CastClaim]) -> list[CastClaim]:
    """One cast statement per actor and character (the article repeats its cast)."""
    kept: dict[tuple[str, str | None], CastClaim] = {}
    for claim in cast:
        key = (claim.actor.iri if claim.actor else claim.actor_name,
               claim.character.iri if claim.character else claim.character_name)
        kept.setdefault(key, claim)
    return list(kept.values())


def _cast(node: ox.NamedNode, claim: CastClaim, graph: ox.NamedNode, article: ox.NamedNode,
          extraction: Extraction, local: str, n: int) -> list[_Triple]:
    triples: list[_Triple] = [(node, RDF_TYPE, tv("CastRole")), (node, tv("creditedAs"), ox.Literal(claim.actor_name))]
    if claim.show is not None:
        triples.append((ox.NamedNode(claim.show.iri), tv("hasCastRole"), node))
    if claim.actor is not None:
        triples.append((node, tv("actor"), ox.NamedNode(claim.actor.iri)))
    if claim.character is not None:
        triples.append((node, tv("character"), ox.NamedNode(claim.character.iri)))
    if claim.character_name:
        triples.append((node, tv("characterName"), ox.Literal(claim.character_name)))
    if claim.season is not None and (season := _subject(extraction, claim.show, claim.season)) is not None:
        triples.append((node, tv("inSeason"), season))  # (a season when there is a show)
    if claim.swapped:
        correction = ox.NamedNode(f"{ENTITY}correction/{local}-{n}")
        triples += [(correction, RDF_TYPE, tv("Correction")), (correction, tv("corrects"), article),
                    (correction, tv("concerns"), node),
                    (correction, tv("originalText"), ox.Literal(f"{claim.character_name} as {claim.actor_name}")),
                    (correction, tv("correctedText"), ox.Literal(f"{claim.actor_name} as {claim.character_name}")),
                    (correction, ox.NamedNode(PREFIXES["rdfs"] + "comment"),
                     ox.Literal("actor and character the wrong way round: the graph knows "
                                f"{claim.actor_name} as a person and {claim.character_name} as a character",
                                language="en"))]
    return triples + _evidence(node, claim.evidence, article, extraction.article.text)


def _evidence(claim: ox.NamedNode, evidence: Evidence, article: ox.NamedNode, text: str
              ) -> list[_Triple]:
    """A Web Annotation whose target is the sentence in the article: quote and offsets."""
    annotation = ox.NamedNode(f"{claim.value}-evidence")
    quote, position = ox.NamedNode(f"{annotation.value}-quote"), ox.NamedNode(f"{annotation.value}-position")
    target = ox.NamedNode(f"{annotation.value}-target")
    integer = ox.NamedNode(XSD + "nonNegativeInteger")
    return [
        (claim, tv("evidence"), annotation),
        (annotation, RDF_TYPE, ox.NamedNode(OA + "Annotation")),
        (annotation, ox.NamedNode(OA + "hasBody"), claim),
        (annotation, ox.NamedNode(OA + "hasTarget"), target),
        (target, ox.NamedNode(OA + "hasSource"), article),
        (target, ox.NamedNode(OA + "hasSelector"), quote),
        (target, ox.NamedNode(OA + "hasSelector"), position),
        (quote, RDF_TYPE, ox.NamedNode(OA + "TextQuoteSelector")),
        (quote, ox.NamedNode(OA + "exact"), ox.Literal(evidence.sentence)),
        (quote, ox.NamedNode(OA + "prefix"), ox.Literal(text[max(0, evidence.start - CONTEXT):evidence.start])),
        (quote, ox.NamedNode(OA + "suffix"), ox.Literal(text[evidence.end:evidence.end + CONTEXT])),
        (position, RDF_TYPE, ox.NamedNode(OA + "TextPositionSelector")),
        (position, ox.NamedNode(OA + "start"), ox.Literal(str(evidence.start), datatype=integer)),
        (position, ox.NamedNode(OA + "end"), ox.Literal(str(evidence.end), datatype=integer)),
    ]



def write(store: Store, extraction: Extraction, *, url: str | None = None, outlet: str | None = None) -> str:
    """Write the claim graph into the store (replacing an earlier ingest of the same article)."""
    graph = graph_name(extraction, url)
    replace_quads(store, graph.value, infer.with_entailments(quads(extraction, url=url, outlet=outlet)))
    return graph.value


def trig(extraction: Extraction, *, url: str | None = None, outlet: str | None = None) -> bytes:
    """The claim graph as TriG, for a curator to read, edit and `tvkg load`."""
    return typing.cast(bytes, ox.serialize(quads(extraction, url=url, outlet=outlet), format=ox.RdfFormat.TRIG,
                                           prefixes=PREFIXES))  # (bytes: no output given)
