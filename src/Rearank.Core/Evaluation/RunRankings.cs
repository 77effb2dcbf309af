using Rearank.Core.Model;

namespace Rearank.Core.Evaluation;

/// <summary>A scored document of a run; the order is decided by score, then document id, as trec_eval does.</summary>
public readonly record struct ScoredDocument(string DocId, double Score);

/// <summary>One run (a system's rankings for many queries), grouped by query for evaluation.</summary>
public sealed class RunRankings
{
    private readonly Dictionary<string, List<ScoredDocument>> queries = new(StringComparer.Ordinal);

    public RunRankings(string runTag) => RunTag = runTag;

    /// <summary>The run's name: trec_eval's runid, the last column of its first line.</summary>
    public string RunTag { get; }

    public int QueryCount => queries.Count;

    public IEnumerable<string> QueryIds => queries.Keys;

    public void Add(string queryId, string docId, double score)
    {
        if (!queries.TryGetValue(queryId, out var docs)) queries[queryId] = docs = [];
        docs.Add(new ScoredDocument(docId, score));
    }

    public IReadOnlyList<ScoredDocument>? For(string queryId) => queries.GetValueOrDefault(queryId);

    /// <summary>Groups hits into runs by their RunTag (one run when none carries a tag).</summary>
    public static IReadOnlyList<RunRankings> FromHits(IEnumerable<RankedHit> hits, string defaultTag = "run")
    {
        var runs = new Dictionary<string, RunRankings>(StringComparer.Ordinal);
        var order = new List<RunRankings>();
        foreach (var hit in hits)
        {
            var tag = string.IsNullOrEmpty(hit.RunTag) ? defaultTag : hit.RunTag;
            if (!runs.TryGetValue(tag, out var run))
            {
                runs[tag] = run = new RunRankings(tag);
                order.Add(run);
            }
            run.Add(hit.QueryId, hit.DocId, hit.Score);
        }
        return order;
    }
}
