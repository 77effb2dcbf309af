#!/usr/bin/env python3
"""The reference for deep BM25 search: Xapian 1.4 over the same corpus and queries, one thread.

Indexes a BEIR corpus (title and text, English stemming, Lucene's English stop words), then runs every query as an
OR of its terms with BM25 (k1 0.9, b 0.4, as Anserini) to the given depth, writing a TREC run. Prints one JSON line:
the seconds spent indexing, searching alone (the match sets), searching and reading every hit's document id and
score, and searching and writing the run, and the counts.
Needs Debian's python3-xapian.
"""
import json
import sys
import tempfile
import time

import xapian

STOP_WORDS = ["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
              "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
              "was", "will", "with"]


def main(corpus_path, queries_path, depth, run_path):
    stemmer = xapian.Stem("english")
    stopper = xapian.SimpleStopper()
    for word in STOP_WORDS:
        stopper.add(word)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        database = xapian.WritableDatabase(folder, xapian.DB_CREATE_OR_OVERWRITE)
        generator = xapian.TermGenerator()
        generator.set_stemmer(stemmer)
        generator.set_stopper(stopper)
        generator.set_stemming_strategy(xapian.TermGenerator.STEM_ALL)
        documents = 0
        with open(corpus_path, encoding="utf-8") as corpus:
            for line in corpus:
                record = json.loads(line)
                document = xapian.Document()
                generator.set_document(document)
                generator.index_text(record.get("title", "") + " " + record.get("text", ""))
                document.set_data(record["_id"])
                database.add_document(document)
                documents += 1
        database.commit()
        indexed = time.perf_counter() - started

        queries = []
        with open(queries_path, encoding="utf-8") as source:
            for line in source:
                record = json.loads(line)
                queries.append((record["_id"], record["text"]))
        parser = xapian.QueryParser()
        parser.set_stemmer(stemmer)
        parser.set_stopper(stopper)
        parser.set_stemming_strategy(xapian.QueryParser.STEM_ALL)
        parser.set_default_op(xapian.Query.OP_OR)
        enquire = xapian.Enquire(database)
        enquire.set_weighting_scheme(xapian.BM25Weight(0.9, 0, 1, 0.4, 0.5))
        # The search alone: each query's top `depth` as Xapian's match set, nothing read from it.
        started = time.perf_counter()
        for query_id, text in queries:
            enquire.set_query(parser.parse_query(text, 0))
            enquire.get_mset(0, depth).size()
        searched = time.perf_counter() - started
        # Search and read each hit's document id and score: what any run needs, without Python's formatting.
        started = time.perf_counter()
        for query_id, text in queries:
            enquire.set_query(parser.parse_query(text, 0))
            for match in enquire.get_mset(0, depth):
                match.document.get_data()
                match.weight
        read = time.perf_counter() - started
        # Search and write the run: each hit's document id read and a TREC line written, as a run file needs.
        hits = 0
        started = time.perf_counter()
        with open(run_path, "w", encoding="utf-8") as run:
            for query_id, text in queries:
                enquire.set_query(parser.parse_query(text, 0))
                for rank, match in enumerate(enquire.get_mset(0, depth), 1):
                    run.write(f"{query_id} Q0 {match.document.get_data().decode()} {rank} {match.weight:.6f} xapian\n")
                    hits += 1
        written = time.perf_counter() - started
    print(json.dumps({"documents": documents, "queries": len(queries), "hits": hits, "index_seconds": indexed,
                      "search_seconds": searched, "search_and_read_seconds": read, "search_and_write_seconds": written}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
