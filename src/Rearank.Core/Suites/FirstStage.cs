using Rearank.Core.Evaluation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Retrieval;

namespace Rearank.Core.Suites;

/// <summary>A dataset's first stage, ready to rerank: each judged query's top hits (with passages) and the qrels.</summary>
public sealed record FirstStageResult(IReadOnlyList<QueryCandidates> Queries, Qrels Qrels, IReadOnlyList<string> Warnings);

/// <summary>
/// Builds a dataset's first stage from whichever layout it has: a given candidate file, a given run (passages from
/// the corpus), or the module's BM25 over the corpus (Anserini's, query ids not removed, as Pyserini's BEIR runs);
/// BRIGHT with its own semantics. Only judged queries are kept (the others cannot change any measure).
/// </summary>
public static class FirstStage
{
    public static FirstStageResult Load(DatasetFiles files, SuiteDataset dataset, string workFolder, int depth, MalformedRecordHandler onMalformed,
        CancellationToken cancellationToken = default) => files.Kind switch
        {
            LayoutKind.Candidates => FromCandidates(files, depth, onMalformed),
            LayoutKind.Run => FromRun(files, depth, onMalformed, brightOrder: false),
            LayoutKind.BrightPrepared => FromRun(files, depth, onMalformed, brightOrder: true),
            LayoutKind.Corpus => FromBm25(files, workFolder, depth, onMalformed, cancellationToken),
            LayoutKind.BrightPublished => FromBrightPublished(files, workFolder, depth, onMalformed, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(files)),
        };

    private static FirstStageResult FromCandidates(DatasetFiles files, int depth, MalformedRecordHandler onMalformed)
    {
        var qrels = Qrels.From(QrelsReader.Read(files.Qrels!, onMalformed: onMalformed));
        var queries = CandidateListReader.Read(files.Candidates!, onMalformed)
            .GroupBy(h => h.QueryId, StringComparer.Ordinal)
            .Where(g => qrels.For(g.Key) is not null)
            .Select(g => new QueryCandidates(g.Key, g.First().QueryText ?? "", g.Take(depth).ToList()))
            .ToList();
        return new FirstStageResult(queries, qrels, []);
    }

    /// <summary>
    /// A TREC run with passages from the corpus. With <paramref name="brightOrder"/> (REARANK's BRIGHT reading) hits
    /// keep the file's order by docid: a repeated docid keeps its first position and its last score; otherwise the
    /// run is read as trec_eval sorts it (score descending, docid descending). Docids missing from the corpus are
    /// dropped, with a count in a warning.
    /// </summary>
    private static FirstStageResult FromRun(DatasetFiles files, int depth, MalformedRecordHandler onMalformed, bool brightOrder)
    {
        var qrels = Qrels.From(QrelsReader.Read(files.Qrels!, onMalformed: onMalformed));
        var texts = QueryReader.Read(files.Queries!, onMalformed: onMalformed).Where(q => qrels.For(q.QueryId) is not null)
            .GroupBy(q => q.QueryId).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        var perQuery = new Dictionary<string, List<(string DocId, double Score)>>(StringComparer.Ordinal);
        foreach (var hit in TrecRunReader.Read(files.Run!, onMalformed))
        {
            if (!texts.ContainsKey(hit.QueryId)) continue;
            if (!perQuery.TryGetValue(hit.QueryId, out var list)) perQuery[hit.QueryId] = list = [];
            list.Add((hit.DocId, hit.Score));
        }
        var ordered = perQuery.ToDictionary(p => p.Key, p => brightOrder ? FileOrder(p.Value) : TrecEvalOrder(p.Value), StringComparer.Ordinal);
        var wanted = ordered.Values.SelectMany(l => l).Select(h => h.DocId).ToHashSet(StringComparer.Ordinal);
        var passages = new Dictionary<string, Document>(StringComparer.Ordinal);
        foreach (var document in DocumentReader.Read(files.Corpus!, onMalformed: onMalformed))
            if (wanted.Contains(document.DocId)) passages[document.DocId] = document;
        var warnings = new List<string>();
        var missing = 0;
        var queries = new List<QueryCandidates>();
        foreach (var (queryId, hits) in ordered)
        {
            var kept = new List<RankedHit>();
            foreach (var (docId, score) in hits)
            {
                if (!passages.TryGetValue(docId, out var document)) { missing++; continue; }
                if (kept.Count == depth) break;
                kept.Add(new RankedHit
                {
                    QueryId = queryId, QueryText = texts[queryId], DocId = docId, Rank = kept.Count + 1, Score = score,
                    Title = document.Title, Text = document.Text, RunTag = "bm25",
                });
            }
            queries.Add(new QueryCandidates(queryId, texts[queryId], kept));
        }
        if (missing > 0) warnings.Add($"{missing:N0} hits of '{Path.GetFileName(files.Run)}' name documents that are not in the corpus '{Path.GetFileName(files.Corpus)}'; they were dropped before reranking.");
        return new FirstStageResult(queries, qrels, warnings);
    }

    /// <summary>File order by docid: first position wins, last score wins.</summary>
    private static List<(string DocId, double Score)> FileOrder(List<(string DocId, double Score)> hits)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<(string DocId, double Score)>();
        foreach (var (docId, score) in hits)
        {
            if (position.TryGetValue(docId, out var at)) result[at] = (docId, score);
            else
            {
                position[docId] = result.Count;
                result.Add((docId, score));
            }
        }
        return result;
    }

    private static List<(string DocId, double Score)> TrecEvalOrder(List<(string DocId, double Score)> hits) =>
        hits.DistinctBy(h => h.DocId).OrderByDescending(h => h.Score).ThenByDescending(h => h.DocId, TrecOrder.Ids).ToList();

    private static FirstStageResult FromBm25(DatasetFiles files, string workFolder, int depth, MalformedRecordHandler onMalformed, CancellationToken cancellationToken)
    {
        var qrels = Qrels.From(QrelsReader.Read(files.Qrels!, onMalformed: onMalformed));
        var queries = QueryReader.Read(files.Queries!, onMalformed: onMalformed).Where(q => qrels.For(q.QueryId) is not null).DistinctBy(q => q.QueryId).ToList();
        using var searcher = OpenOrBuild(Path.Combine(workFolder, "index"), DocumentReader.Read(files.Corpus!, onMalformed: onMalformed), files.Corpus!, cancellationToken);
        var results = searcher.Search(queries, new SearchOptions { Top = depth, RunTag = "bm25" }, cancellationToken);
        return new FirstStageResult(queries.Zip(results, (q, hits) => new QueryCandidates(q.QueryId, q.Text, hits)).ToList(), qrels, []);
    }

    /// <summary>
    /// BRIGHT as published: the module's BM25 over the documents; each query's excluded ids are removed from its
    /// ranking before the top <paramref name="depth"/> are taken; gold ids are the grade-1 qrels.
    /// </summary>
    private static FirstStageResult FromBrightPublished(DatasetFiles files, string workFolder, int depth, MalformedRecordHandler onMalformed, CancellationToken cancellationToken)
    {
        var examples = BrightFiles.ReadExamples(files.Examples!);
        var qrels = Qrels.From(examples.SelectMany(e => e.GoldIds.Distinct().Select(g => new Judgment(e.Id, g, 1))));
        var documents = BrightFiles.ReadDocuments(files.Corpus!, onMalformed);
        using var searcher = OpenOrBuild(Path.Combine(workFolder, "index"), documents, files.Corpus!, cancellationToken);
        var judged = examples.Where(e => e.GoldIds.Count > 0).ToList();
        var queries = new List<QueryCandidates>();
        foreach (var example in judged)
        {
            var excluded = example.ExcludedIds.Where(id => id != "N/A").ToHashSet(StringComparer.Ordinal);
            var hits = searcher.Search([new Query(example.Id, example.Query)], new SearchOptions { Top = depth + excluded.Count, RunTag = "bm25" }, cancellationToken)[0];
            var kept = hits.Where(h => !excluded.Contains(h.DocId)).Take(depth).Select((h, i) => h with { Rank = i + 1 }).ToList();
            queries.Add(new QueryCandidates(example.Id, example.Query, kept));
        }
        return new FirstStageResult(queries, qrels, []);
    }

    private static Bm25Searcher OpenOrBuild(string index, IEnumerable<Document> documents, string corpus, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(index, Bm25IndexInfo.FileName)))
        {
            using var builder = Bm25IndexBuilder.Create(index, new Bm25IndexOptions { Overwrite = true, CorpusFiles = [Path.GetFullPath(corpus)] });
            foreach (var document in documents) builder.Add(document, cancellationToken);
            builder.Complete(cancellationToken);
        }
        return Bm25Searcher.Open(index);
    }
}
