using System.Diagnostics;
using Rearank.Core.Evaluation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;

namespace Rearank.Core.Suites;

/// <summary>What a suite run is asked to do.</summary>
public sealed record SuiteOptions
{
    public required string Suite { get; init; }
    public required string Root { get; init; }
    public required string OutputDirectory { get; init; }
    public IReadOnlyCollection<string>? Datasets { get; init; }

    /// <summary>Where the module's BM25 indexes are kept and reused across runs (null: in each dataset's output folder).</summary>
    public string? IndexDirectory { get; init; }

    /// <summary>The reranking settings; REARANK's (top 100, window 20, step 10, 2048 new tokens) by default.</summary>
    public RerankOptions Rerank { get; init; } = new();

    /// <summary>Run finished datasets again from the start (their traces too), replacing their files; by default they are read back and skipped.</summary>
    public bool Rerun { get; init; }
}

/// <summary>What a suite run reports while it goes.</summary>
public abstract record SuiteEvent;
public sealed record DatasetStarted(SuiteDataset Dataset, int Index, int Count, DatasetFiles? Files) : SuiteEvent;
public sealed record SuiteProgress(SuiteDataset Dataset, int QueriesDone, int QueriesTotal, int Windows, TimeSpan Elapsed) : SuiteEvent;
public sealed record SuiteWarning(string Message) : SuiteEvent;
public sealed record SuiteQueryFailed(string Dataset, string QueryId, Exception Error) : SuiteEvent;
public sealed record SuiteRecordRefused(MalformedRecordException Error) : SuiteEvent;
public sealed record DatasetFinished(DatasetResult Result) : SuiteEvent;
public sealed record DatasetMissing(SuiteDataset Dataset, UnknownLayoutException Error) : SuiteEvent;

/// <summary>A dataset that cannot give a result (no query can be scored): an error, never a finished result of 0.</summary>
public sealed record DatasetFailed(SuiteDataset Dataset, RearankException Error) : SuiteEvent;

/// <summary>A dataset none of whose queries is both in its first stage and in its qrels (all its judgments malformed, say).</summary>
public sealed class NoScorableQueryException(string message) : RearankException(message);

/// <summary>
/// REARANK's `run_evaluation.py`: for each dataset of a suite, the first stage from local files, a rerank with the
/// session, and nDCG@1/5/10 of both, written per dataset (run.bm25.trec, qrels.txt, traces.jsonl, run.rearank.trec,
/// result.json) and as one results.csv. A dataset whose result.json exists is skipped; a dataset cut short continues
/// from its traces, so no finished query is reranked twice.
/// </summary>
public sealed class SuiteRunner(IWindowRanker ranker, SuiteOptions options)
{
    public const string ResultFile = SuiteResultFiles.ResultFile;
    private static readonly IReadOnlyList<Evaluation.Measures.Measure> Measures = MeasureCatalog.Parse(["ndcg_cut.1,5,10"]);

    /// <summary>Runs the suite; the events come on the calling thread, in order, the results in the suite's order.</summary>
    public IEnumerable<SuiteEvent> Run(CancellationToken cancellationToken)
    {
        var datasets = SuiteCatalog.Select(options.Suite, options.Datasets);
        var results = new List<DatasetResult>();
        for (var i = 0; i < datasets.Count; i++)
        {
            var dataset = datasets[i];
            var folder = Path.Combine(options.OutputDirectory, dataset.Name);
            var resultPath = Path.Combine(folder, ResultFile);
            if (!options.Rerun && SuiteResultFiles.ReadFinished(resultPath) is { } done)
            {
                // Another reranker's finished figures are not this one's, and its files are not replaced without -Force.
                if (done.Reranker != options.Rerank.RerankerName)
                    throw new OutputExistsException(resultPath,
                        $"{resultPath} holds {dataset.Name} reranked with '{done.Reranker}', not '{options.Rerank.RerankerName}'; write to another -OutputDirectory, or rerank it with -Force.");
                var earlier = done with { FromEarlierRun = true };
                results.Add(earlier);
                yield return new DatasetFinished(earlier);
                continue;
            }
            if (DatasetLayouts.TryFind(options.Root, dataset, out var files) is { } unknown)
            {
                // One dataset missing or laid out otherwise does not stop the others.
                yield return new DatasetMissing(dataset, unknown);
                continue;
            }
            yield return new DatasetStarted(dataset, i, datasets.Count, files);
            Directory.CreateDirectory(folder);
            foreach (var e in RunDataset(dataset, files, folder, results, cancellationToken)) yield return e;
        }
        Directory.CreateDirectory(options.OutputDirectory);
        SuiteResultFiles.WriteCsv(Path.Combine(options.OutputDirectory, $"results.{options.Suite}.csv"), results);
    }

    private IEnumerable<SuiteEvent> RunDataset(SuiteDataset dataset, DatasetFiles files, string folder, List<DatasetResult> results, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var refused = new List<MalformedRecordException>();
        var indexFolder = options.IndexDirectory is { } indexes ? Path.Combine(indexes, dataset.Name) : folder;
        var first = FirstStage.Load(files, dataset, indexFolder, options.Rerank.Depth, refused.Add, cancellationToken);
        foreach (var error in refused) yield return new SuiteRecordRefused(error);
        foreach (var warning in first.Warnings) yield return new SuiteWarning($"{dataset.Name}: {warning}");
        WriteRun(Path.Combine(folder, "run.bm25.trec"), first.Queries.Select(q => q.Hits), "bm25");
        WriteQrels(Path.Combine(folder, "qrels.txt"), first.Qrels);
        if (ContextWarning(dataset, first.Queries) is { } tooLong) yield return tooLong;
        var scorable = first.Queries.Count(q => first.Qrels.For(q.QueryId) is not null);
        if (scorable == 0)
        {
            yield return new DatasetFailed(dataset, new NoScorableQueryException(
                $"{dataset.Name}: no query can be scored ({first.Queries.Count} queries in the first stage, {first.Qrels.QueryIds.Count} in the qrels '{files.Qrels}', none in both); " +
                "check the qrels (a malformed line is reported above). The dataset is not marked finished."));
            yield break;
        }

        var traces = Path.Combine(folder, "traces.jsonl");
        var reranked = new Dictionary<string, IReadOnlyList<RankedHit>>(StringComparer.Ordinal);
        var failed = 0;
        using (var run = new RerankRun(ranker, new RerankRunOptions
        {
            Rerank = options.Rerank, TracePath = traces, ResumePath = !options.Rerun && File.Exists(traces) ? traces : null, Force = options.Rerun, ContextCheckedUpFront = true,
        }, cancellationToken))
        {
            var hits = first.Queries.SelectMany(q => q.Hits.Select(h => h with { QueryText = q.QueryText }));
            foreach (var next in run.Run(hits, cancellationToken))
            {
                switch (next)
                {
                    case QueryReranked done:
                        reranked[done.Result.QueryId] = done.Result.Hits;
                        break;
                    case RankerUnreachable unreachable:
                        // Nothing more can succeed: the suite stops here (finished datasets keep their results).
                        throw unreachable.Error;
                    case QueryFailed bad:
                        failed++;
                        reranked[bad.QueryId] = bad.Hits;
                        yield return new SuiteQueryFailed(dataset.Name, bad.QueryId, bad.Error);
                        break;
                    case RunWarning warning:
                        yield return new SuiteWarning($"{dataset.Name}: {warning.Message}");
                        break;
                    case ResumeRecordRefused bad:
                        yield return new SuiteRecordRefused(bad.Error);
                        break;
                    case RunStopped stopped:
                        // A trace that cannot be written (a full disk): the suite stops; what is on disk resumes.
                        throw stopped.Error;
                }
                yield return new SuiteProgress(dataset, reranked.Count, first.Queries.Count, run.Windows, clock.Elapsed);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (run.RerankedNothing)
                throw new NothingRerankedException($"{dataset.Name}: every one of the {run.Windows:N0} windows failed, so nothing was reranked; the traces in '{traces}' say why (Failure).");

            // The reranked run in the first stage's query order, so the file is the same however the queries finished.
            var finishedQueries = first.Queries.Where(q => reranked.ContainsKey(q.QueryId)).ToList();
            var ordered = finishedQueries.Select(q => reranked[q.QueryId]).ToList();
            var slotScored = finishedQueries.Select(q => UpstreamSlotScores.Apply(q.Hits, reranked[q.QueryId])).ToList();
            WriteRun(Path.Combine(folder, "run.rearank.trec"), ordered, "rearank");
            SuiteResultFiles.WriteSlotScoredRun(Path.Combine(folder, "run.rearank.upstream.trec"), slotScored);
            // The first stage's figure is upstream's already: its hits carry the scores as read, ties and all.
            var bm25 = Evaluate(first.Qrels, first.Queries.Select(q => q.Hits), "bm25");
            var rerank = Evaluate(first.Qrels, slotScored, "rearank");
            var order = Evaluate(first.Qrels, ordered, "rearank");
            var finished = failed == 0;
            var result = new DatasetResult
            {
                Suite = options.Suite, Dataset = dataset.Name, Layout = files.Kind.ToString(), Queries = first.Queries.Count,
                Bm25Ndcg1 = bm25[0], Bm25Ndcg5 = bm25[1], Bm25Ndcg10 = bm25[2],
                RerankNdcg1 = finished ? rerank[0] : null, RerankNdcg5 = finished ? rerank[1] : null, RerankNdcg10 = finished ? rerank[2] : null,
                RerankedOrderNdcg1 = finished ? order[0] : null, RerankedOrderNdcg5 = finished ? order[1] : null, RerankedOrderNdcg10 = finished ? order[2] : null,
                PublishedBm25 = dataset.PublishedBm25, PublishedRearank = dataset.PublishedRearank,
                FailedQueries = failed, FailedWindows = run.FailedWindows, Finished = finished, ReplayedQueries = run.Replayed, Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
                Model = ranker.Description, Reranker = options.Rerank.RerankerName, Folder = folder,
            };
            // Written last and whole: with Finished true, its presence is what marks the dataset done for the next run.
            SuiteResultFiles.WriteResult(Path.Combine(folder, ResultFile), result);
            results.Add(result);
            yield return new DatasetFinished(result);
        }
    }

    /// <summary>
    /// Long queries (BRIGHT's are whole posts) can outgrow a local session's context. Before any decoding, each
    /// query's largest possible window (its longest passages) is measured with the model's own tokenizer and chat
    /// template; what does not fit is said up front with the context it needs. Such a window still fails on its own,
    /// with its query kept in first-stage order: nothing is dropped silently.
    /// </summary>
    private SuiteWarning? ContextWarning(SuiteDataset dataset, IReadOnlyList<QueryCandidates> queries)
    {
        if (ranker is not IPromptBudget budget) return null;
        var o = options.Rerank;
        var needs = queries.Select(q => WindowBudget.LargestWindowTokens(budget, q, o)).ToList();
        var over = needs.Count(n => n > budget.ContextSize);
        return over == 0 ? null : new SuiteWarning(
            $"{dataset.Name}: {over} of {queries.Count} queries may need up to {needs.Max():N0} tokens per window (prompt + {o.MaxNewTokens:N0} new tokens), " +
            $"more than the session's {budget.ContextSize:N0}; a window that does not fit fails with the size it needs and its query keeps its first-stage order. " +
            $"Open the session with -ContextSize {needs.Max()} to rerank them all.");
    }

    /// <summary>nDCG@1, @5, @10 ×100 as pytrec_eval and trec_eval give them (queries in both run and qrels), rounded to 2 decimals.</summary>
    private static double[] Evaluate(Qrels qrels, IEnumerable<IReadOnlyList<RankedHit>> queries, string tag)
    {
        var run = new RunRankings(tag);
        foreach (var hits in queries)
            foreach (var hit in hits) run.Add(hit.QueryId, hit.DocId, hit.Score);
        var result = TrecEvaluator.Evaluate(qrels, run, Measures);
        return result.Aggregate.Select(v => Math.Round(v * 100, 2, MidpointRounding.AwayFromZero)).ToArray();
    }

    private static void WriteRun(string path, IEnumerable<IReadOnlyList<RankedHit>> queries, string tag) => WholeFile.Write(path, text =>
    {
        using var writer = new TrecRunWriter(text, tag);
        foreach (var hits in queries)
            foreach (var hit in hits) writer.Write(hit);
        writer.Complete();
    });

    /// <summary>The judgments the dataset was scored with, as TREC qrels (BRIGHT's gold ids included), so any tool can score its runs again.</summary>
    private static void WriteQrels(string path, Qrels qrels) => WholeFile.Write(path, text =>
    {
        using var writer = new QrelsWriter(text, QrelsFormat.Trec);
        foreach (var queryId in qrels.QueryIds)
            foreach (var (docId, grade) in qrels.For(queryId)!.Grades.OrderBy(g => g.Key, StringComparer.Ordinal))
                writer.Write(new Judgment(queryId, docId, grade));
    });
}
