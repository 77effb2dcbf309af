using System.Runtime.InteropServices;
using System.Text;
using Rearank.Core.Model;

namespace Rearank.Core.Evaluation;

/// <summary>
/// A scored document of a run. The id is a slice of the run's UTF-8 byte store rather than a string, so a
/// million-document run is a few large arrays instead of a million objects for the garbage collector to trace,
/// and ties are broken on the bytes, exactly as trec_eval's strcmp does.
/// </summary>
public readonly record struct ScoredDocument(int Start, int Length, double Score);

/// <summary>One run (a system's rankings for many queries), grouped by query for evaluation.</summary>
public sealed class RunRankings
{
    private readonly Dictionary<string, List<ScoredDocument>> queries = new(StringComparer.Ordinal);
    private byte[] ids;
    private int used;

    public RunRankings(string runTag) : this(runTag, new byte[1 << 16], 0) { }

    /// <summary>A run whose document ids are slices of <paramref name="idBytes"/> (the file's own bytes, for the loader).</summary>
    internal RunRankings(string runTag, byte[] idBytes, int used)
    {
        RunTag = runTag;
        ids = idBytes;
        this.used = used;
    }

    /// <summary>The run's name: trec_eval's runid, the last column of its first line.</summary>
    public string RunTag { get; }

    public int QueryCount => queries.Count;

    public IEnumerable<string> QueryIds => queries.Keys;

    public void Add(string queryId, string docId, double score)
    {
        var length = Encoding.UTF8.GetByteCount(docId);
        if (used + length > ids.Length) Array.Resize(ref ids, Math.Max(ids.Length * 2, used + length));
        Encoding.UTF8.GetBytes(docId, ids.AsSpan(used));
        Documents(queryId).Add(new ScoredDocument(used, length, score));
        used += length;
    }

    internal void AddRange(string queryId, List<ScoredDocument> documents) => Documents(queryId).AddRange(documents);

    private List<ScoredDocument> Documents(string queryId)
    {
        if (!queries.TryGetValue(queryId, out var docs)) queries[queryId] = docs = [];
        return docs;
    }

    /// <summary>The query's documents in the order added (evaluation sorts them in place, which is idempotent).</summary>
    public Span<ScoredDocument> For(string queryId) =>
        queries.TryGetValue(queryId, out var docs) ? CollectionsMarshal.AsSpan(docs) : default;

    public bool Contains(string queryId) => queries.ContainsKey(queryId);

    /// <summary>The same run with only the given queries (the documents are shared, not copied).</summary>
    public RunRankings Only(IReadOnlySet<string> queryIds)
    {
        var restricted = new RunRankings(RunTag, ids, used);
        foreach (var (queryId, docs) in queries)
            if (queryIds.Contains(queryId)) restricted.queries[queryId] = docs;
        return restricted;
    }

    public ReadOnlySpan<byte> IdBytes(ScoredDocument document) => ids.AsSpan(document.Start, document.Length);

    /// <summary>The byte store the documents' slices point into.</summary>
    internal byte[] IdStore => ids;

    public string DocId(ScoredDocument document) => Encoding.UTF8.GetString(IdBytes(document));

    /// <summary>A named run's hits as one run, named by the run (whose hits' RunTag another run may share).</summary>
    public static RunRankings Of(HitRun run)
    {
        var rankings = new RunRankings(run.Name);
        foreach (var hit in run.Hits) rankings.Add(hit.QueryId, hit.DocId, hit.Score);
        return rankings;
    }

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
