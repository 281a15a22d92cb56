"""One copy of the in-memory indexes per server (graph/shared/process.py): `tvkg serve` starts a
shared process that answers name searches, the relationship questions and the tvf: functions for
every worker and query process; the workers build none of their own."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from tests.conftest import run_cli
from tests.server_process import seeded_server

PARK = "https://w3id.org/tvkg/id/person/park-ji-hu"
YOON = "https://w3id.org/tvkg/id/person/yoon-chan-young"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("service")
    with seeded_server(folder, "--workers", "2") as url:
        yield url, folder / "store"


def projection_process(url: str) -> psutil.Process:
    port = int(url.rsplit(":", 1)[1])
    [server] = [c.pid for c in psutil.net_connections("tcp") if c.laddr and c.laddr.port == port
                and c.status == psutil.CONN_LISTEN][:1]
    root = psutil.Process(server)
    while root.parent() and "tvkg.cli" in " ".join(root.parent().cmdline()):
        root = root.parent()
    [found] = [p for p in root.children(recursive=True) if "tvkg.shared.process" in p.cmdline()]
    return found


def test_every_worker_asks_the_one_projection_process(served: tuple[str, Path]) -> None:
    url, _ = served
    answers = [requests.get(url + "/api/path", params={"from": PARK, "to": YOON}, timeout=60).json()
               for _ in range(6)]  # over new connections, so both workers answer some
    assert all(a["connected"] and a["connections"][0]["length"] == 2 for a in answers)
    ranked = requests.get(url + "/api/rank", params={"measure": "pagerank", "kind": "Person"}, timeout=60).json()
    assert ranked["ranking"] and ranked["ranking"][0]["score"] > 0
    query = ("PREFIX tvf: <https://w3id.org/tvkg/function#> SELECT ?d ?deg WHERE { "
             f"BIND(tvf:distance(<{PARK}>, <{YOON}>) AS ?d) BIND(tvf:degree(<{PARK}>) AS ?deg) }}")
    row = requests.get(url + "/sparql", params={"query": query}, timeout=60,
                       headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"][0]
    assert row["d"]["value"] == "2" and int(row["deg"]["value"]) >= 1
    assert projection_process(url).is_running()
    hits = requests.get(url + "/api/search", params={"q": "park ji hu"}, timeout=60).json()
    assert PARK in [hit["iri"] for hit in hits]


def test_errors_cross_the_socket_with_their_details(served: tuple[str, Path]) -> None:
    url, _ = served
    unknown = requests.get(url + "/api/path", params={"from": "Park Ji", "to": YOON}, timeout=60)
    assert unknown.status_code == 404 and PARK in [s["iri"] for s in unknown.json()["suggestions"]]
    ambiguous = requests.get(url + "/api/path", params={"from": "Now at Our School", "to": YOON}, timeout=60)
    assert ambiguous.status_code == 300 and len(ambiguous.json()["candidates"]) == 2


def test_only_this_user_with_the_key_may_ask(served: tuple[str, Path]) -> None:
    """The socket sits in a directory only the server's user can enter, and a client without the
    32-byte key is turned away; the server goes on answering."""
    url, _ = served
    address = projection_process(url).cmdline()[-2]
    assert stat.S_IMODE(os.stat(Path(address).parent).st_mode) == 0o700
    with pytest.raises(multiprocessing.AuthenticationError):
        multiprocessing.connection.Client(address, family="AF_UNIX", authkey=b"not the key")
    assert requests.get(url + "/api/path", params={"from": PARK, "to": YOON}, timeout=60).json()["connected"]


def test_a_new_generation_reaches_the_projection_process(served: tuple[str, Path], tmp_path: Path) -> None:
    url, store = served
    extra = tmp_path / "extra.ttl"
    extra.write_text(f"""PREFIX tv: <https://w3id.org/tvkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
<https://example.org/new-show> a tv:Show ; skos:prefLabel "A New Show"@en ;
    tv:hasCastRole <https://example.org/new-role> .
<https://example.org/new-role> a tv:CastRole ; tv:actor <{PARK}> .
""", encoding="utf-8")
    assert run_cli("load", "--store", str(store), "--no-validate", str(extra)).returncode == 0
    found = requests.get(url + "/api/path", params={"from": "https://example.org/new-show", "to": YOON},
                         timeout=60).json()
    assert found["connected"] and found["connections"][0]["nodes"][1]["iri"] == PARK


def test_without_the_projection_process_questions_get_503(served: tuple[str, Path]) -> None:
    url, _ = served
    process = projection_process(url)
    process.kill()
    process.wait(30)
    answer = requests.get(url + "/api/path", params={"from": PARK, "to": YOON}, timeout=60)
    assert answer.status_code == 503 and "shared process" in answer.json()["error"]
    assert requests.get(url + "/api/search", params={"q": "park"}, timeout=60).status_code == 503
    assert requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=60).status_code == 200


def test_errors_cross_the_socket_whole_with_their_fields() -> None:
    """Errors travel pickled, as themselves: a name nothing has keeps its suggestions, a score not
    ready its Retry-After (they were rebuilt from a class name with TvkgError.__new__)."""
    import pickle

    from tvkg.entities.search import AmbiguousName, Hit, UnknownEntity
    from tvkg.relations.centrality import NotReady
    from tvkg.shared.process import _pickles

    hit = Hit("https://w3id.org/tvkg/id/person/park-ji-hu", "Park Ji-hu", "Person", "Park Ji-hu")
    for error, field, value in [(UnknownEntity("no one is called that", [hit]), "suggestions", [hit]),
                                (AmbiguousName("two people are", [hit, hit]), "candidates", [hit, hit]),
                                (NotReady("still counting", 7), "retry_after", 7)]:
        assert _pickles(error)
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error) and getattr(again, field) == value


def test_only_the_shared_process_functions_can_be_asked() -> None:
    from tvkg.shared.process import ask
    from tvkg.store.generations import Store

    with pytest.raises(TypeError, match="not one of the shared process's functions"):
        ask(len, Store.memory())  # type: ignore[arg-type]
