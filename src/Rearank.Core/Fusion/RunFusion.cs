using Rearank.Core.Evaluation;
using Rearank.Core.Model;

namespace Rearank.Core.Fusion;

/// <summary>
/// Fuses runs query by query with ranx's definitions. Each run's ranking of a query is read in trec_eval's order
/// (score descending, then docid descending), so rankᵢ is the position trec_eval gives the document; RRF scores
/// Σ wᵢ/(k + rankᵢ); CombSUM Σ wᵢ·sᵢ and CombMNZ Σ wᵢ·sᵢ × (runs ranking the document), with sᵢ the run's score
/// after min-max or z-score normalisation of that query's scores. A run that does not rank a document adds nothing.
/// The fused list is sorted in trec_eval's order too: equal fused scores go by docid descending.
/// Queries are those of any run, in order of first appearance; a document listed twice by one run counts once,
/// at its first (best) place.
/// </summary>
public static class RunFusion
{
    /// <summary>
    /// The fused hits, one query at a time (each query's list complete before the next starts). The settings are
    /// checked here, before the first hit is asked for: an ArgumentException says what does not fit.
    /// </summary>
    public static IEnumerable<RankedHit> Fuse(IReadOnlyList<HitRun> runs, FusionOptions options, Action<string>? onDuplicate = null, CancellationToken cancellationToken = default)
    {
        if (runs.Count == 0) throw new ArgumentException("Fusion needs at least one run.", nameof(runs));
        if (options.Weights is { } weights && weights.Count != runs.Count)
            throw new ArgumentException($"{weights.Count} weights for {runs.Count} runs ({string.Join(", ", runs.Select(r => r.Name))}): give one weight per run, in run order.", nameof(options));
        if (options.Method == FusionMethod.RRF && options.EffectiveNormalization != ScoreNormalization.None)
            throw new ArgumentException("RRF combines ranks, not scores: a score normalisation does not apply to it.", nameof(options));
        if (options.K < 0) throw new ArgumentException("RRF's k must be 0 or more.", nameof(options));
        return FuseQueries(runs, options, onDuplicate, cancellationToken);
    }

    private static IEnumerable<RankedHit> FuseQueries(IReadOnlyList<HitRun> runs, FusionOptions options, Action<string>? onDuplicate, CancellationToken cancellationToken)
    {
        var byQuery = runs.Select(r => r.ByQuery()).ToList();
        var queries = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in byQuery)
            foreach (var queryId in run.Keys)
                if (seen.Add(queryId)) queries.Add(queryId);

        foreach (var queryId in queries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var hit in FuseQuery(runs, byQuery, queryId, options, onDuplicate)) yield return hit;
        }
    }

    private static IEnumerable<RankedHit> FuseQuery(IReadOnlyList<HitRun> runs, List<IReadOnlyDictionary<string, List<RankedHit>>> byQuery, string queryId, FusionOptions options, Action<string>? onDuplicate)
    {
        var fused = new Dictionary<string, (double Score, int Runs, RankedHit First)>(StringComparer.Ordinal);
        for (var r = 0; r < runs.Count; r++)
        {
            var ranking = Ranking(runs[r].Name, byQuery[r].GetValueOrDefault(queryId) ?? [], queryId, onDuplicate);
            if (ranking.Count == 0) continue;
            var contributions = Contributions(ranking, options);
            var weight = options.Weights?[r] ?? 1.0;
            for (var i = 0; i < ranking.Count; i++)
            {
                var hit = ranking[i];
                fused[hit.DocId] = fused.TryGetValue(hit.DocId, out var entry)
                    ? (entry.Score + weight * contributions[i], entry.Runs + 1, entry.First)
                    : (weight * contributions[i], 1, hit);
            }
        }

        var list = fused.Select(p => (DocId: p.Key, Score: options.Method == FusionMethod.CombMNZ ? p.Value.Score * p.Value.Runs : p.Value.Score, p.Value.First)).ToList();
        list.Sort(static (a, b) => TrecOrder.Compare(a.Score, a.DocId, b.Score, b.DocId));
        var depth = Math.Min(list.Count, options.Depth ?? int.MaxValue);
        var tag = options.EffectiveRunTag;
        for (var i = 0; i < depth; i++)
        {
            var (docId, score, first) = list[i];
            yield return new RankedHit
            {
                QueryId = queryId, QueryText = first.QueryText, DocId = docId, Rank = i + 1, Score = score,
                Title = first.Title, Text = first.Text, RunTag = tag,
            };
        }
    }

    /// <summary>One run's ranking of the query in trec_eval's order, each document once.</summary>
    private static List<RankedHit> Ranking(string runName, List<RankedHit> queryHits, string queryId, Action<string>? onDuplicate)
    {
        var hits = queryHits.ToList();
        hits.Sort(static (a, b) => TrecOrder.Compare(a.Score, a.DocId, b.Score, b.DocId));
        var unique = new HashSet<string>(StringComparer.Ordinal);
        var ranking = new List<RankedHit>(hits.Count);
        foreach (var hit in hits)
            if (unique.Add(hit.DocId)) ranking.Add(hit);
            else onDuplicate?.Invoke($"Run '{runName}' lists document '{hit.DocId}' twice for query '{queryId}'; its best place is used.");
        return ranking;
    }

    /// <summary>What each document of the ranking adds before weighting: 1/(k + rank), or its normalised score.</summary>
    private static double[] Contributions(List<RankedHit> ranking, FusionOptions options)
    {
        var values = new double[ranking.Count];
        if (options.Method == FusionMethod.RRF)
        {
            for (var i = 0; i < values.Length; i++) values[i] = 1.0 / (options.K + i + 1);
            return values;
        }
        for (var i = 0; i < values.Length; i++) values[i] = ranking[i].Score;
        switch (options.EffectiveNormalization)
        {
            case ScoreNormalization.MinMax:
                {
                    var min = values.Min();
                    var range = Math.Max(values.Max() - min, 1e-9);
                    for (var i = 0; i < values.Length; i++) values[i] = (values[i] - min) / range;
                    break;
                }
            case ScoreNormalization.ZScore:
                {
                    var mean = values.Average();
                    var sigma = Math.Max(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length), 1e-9);
                    for (var i = 0; i < values.Length; i++) values[i] = (values[i] - mean) / sigma;
                    break;
                }
        }
        return values;
    }
}
