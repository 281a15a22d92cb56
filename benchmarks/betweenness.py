"""How good sampled betweenness is, and what it costs: the answer behind BETWEENNESS_SAMPLE.

tvkg ranks people and productions by betweenness over the credits graph with networkx's source
sampling (Brandes and Pich: shortest paths from k random sources, fixed seed). On a graph small
enough for the exact value (100k generated triples by default), this prints, for several k, how far
the sampled scores are from the exact ones: the largest error on any node (normalized scores), how
many of the exact top 10 and top 50 the sample also ranks there, and Spearman's rank correlation
over the exact top 100. On the large graph (1M triples) it prints the seconds each k takes.

    python -m benchmarks.betweenness [--small 100000] [--large 1000000] [--samples 50,100,150,250,500]
"""

from __future__ import annotations

import argparse
import time

import networkx as nx

from benchmarks.entity_pages import prepare
from tvkg.relations.projections import BETWEENNESS_SAMPLE, build
from tvkg.store.generations import Store


def credits_graph(triples: int) -> nx.Graph:
    with Store.open(prepare(triples), read_only=True) as store:
        return build(store).credits


def ranks(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda node: (-scores[node], node))


def spearman(exact: dict[str, float], sampled: dict[str, float], top: int) -> float:
    """Rank correlation over the exact top ``top`` nodes (ranks within that set)."""
    nodes = ranks(exact)[:top]
    exact_rank = {n: i for i, n in enumerate(nodes)}
    sampled_rank = {n: i for i, n in enumerate(sorted(nodes, key=lambda n: (-sampled[n], n)))}
    squared = sum((exact_rank[n] - sampled_rank[n]) ** 2 for n in nodes)
    return 1 - 6 * squared / (top * (top * top - 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=100_000, help="triples of the graph with exact scores")
    parser.add_argument("--large", type=int, default=1_000_000, help="triples of the graph to time")
    parser.add_argument("--samples", default="50,100,150,250,500")
    args = parser.parse_args()
    samples = [int(k) for k in args.samples.split(",")]

    small = credits_graph(args.small)
    started = time.perf_counter()
    exact = nx.betweenness_centrality(small)
    exact_seconds = time.perf_counter() - started
    print(f"\n{args.small:,} triples: credits graph of {small.number_of_nodes():,} nodes and "
          f"{small.number_of_edges():,} edges; exact betweenness in {exact_seconds:.1f} s")
    print("\n| sources (k) | largest error | mean error | top 10 kept | top 50 kept | Spearman, top 100 |")
    print("|---:|---:|---:|---:|---:|---:|")
    top10, top50 = set(ranks(exact)[:10]), set(ranks(exact)[:50])
    for k in samples:
        sampled = nx.betweenness_centrality(small, k=min(k, small.number_of_nodes()), seed=1)
        errors = [abs(sampled[n] - exact[n]) for n in small]
        order = ranks(sampled)
        print(f"| {k} | {max(errors):.4f} | {sum(errors) / len(errors):.5f} | {len(top10 & set(order[:10]))}/10 | "
              f"{len(top50 & set(order[:50]))}/50 | {spearman(exact, sampled, 100):.3f} |")
    print(f"(largest exact score: {max(exact.values()):.4f})")

    large = credits_graph(args.large)
    print(f"\n{args.large:,} triples: credits graph of {large.number_of_nodes():,} nodes and "
          f"{large.number_of_edges():,} edges\n\n| sources (k) | seconds |\n|---:|---:|")
    for k in samples:
        started = time.perf_counter()
        nx.betweenness_centrality(large, k=k, seed=1)
        mark = " (tvkg's)" if k == BETWEENNESS_SAMPLE else ""
        print(f"| {k}{mark} | {time.perf_counter() - started:.1f} |")


if __name__ == "__main__":
    main()
