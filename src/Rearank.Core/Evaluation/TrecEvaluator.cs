using Rearank.Core.Evaluation.Measures;

namespace Rearank.Core.Evaluation;

/// <summary>Evaluates runs against qrels the way trec_eval does, query by query, then aggregates.</summary>
public static class TrecEvaluator
{
    public static EvaluationResult Evaluate(Qrels qrels, RunRankings run, IReadOnlyList<Measure> measures,
        EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EvaluationOptions();
        if (qrels.HasJudgmentGroups && measures.FirstOrDefault(m => m.Reads is not (JudgmentsRead.None or JudgmentsRead.JudgmentGroups)) is { } plain)
            throw new JudgmentFormatMismatchException(
                $"'{plain.Family}' needs plain qrels; judgment groups (qrels_jg) are evaluated by map_avgjg, P_avgjg and Rprec_mult_avgjg (the qrels_jg nickname), as in trec_eval.");
        if (qrels.HasPreferences && measures.FirstOrDefault(m => m.Reads is not (JudgmentsRead.None or JudgmentsRead.Preferences)) is { } graded)
            throw new JudgmentFormatMismatchException(
                $"'{graded.Family}' needs plain qrels; preference judgments (prefs, qrels_prefs) are evaluated by the prefs_* measures (the prefs and all_prefs nicknames), as in trec_eval.");
        if (!qrels.HasPreferences && measures.FirstOrDefault(m => m.Reads == JudgmentsRead.Preferences) is { } preference)
            throw new JudgmentFormatMismatchException(
                $"'{preference.Family}' needs preference judgments: read the qrels as preferences (trec_eval -R prefs or qrels_prefs).");
        var queryIds = qrels.QueryIds.Where(q => options.Complete || run.Contains(q)).ToArray();
        var missing = qrels.QueryIds.Where(q => !run.Contains(q)).ToArray();
        var runOnly = run.QueryIds.Count(q => qrels.For(q) is null);
        var width = measures.Sum(m => m.Names.Count);

        // Queries are independent; on a 1,000-query run this is where a second core pays off.
        var perQuery = new QueryScores[queryIds.Length];
        try
        {
            Parallel.For(0, queryIds.Length, new ParallelOptions { CancellationToken = cancellationToken },
                i => perQuery[i] = EvaluateQuery(qrels, run, queryIds[i], measures, width, options));
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is RearankException)
        {
            // Callers get the error itself (a duplicate document, say), not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return new EvaluationResult(run.RunTag, measures, perQuery, Aggregate(qrels, measures, perQuery, width, options), options, missing, runOnly);
    }

    private static QueryScores EvaluateQuery(Qrels qrels, RunRankings run, string queryId, IReadOnlyList<Measure> measures,
        int width, EvaluationOptions options)
    {
        var judgments = qrels.For(queryId)!;
        var ranked = Rank(run, queryId, judgments, options);
        if (judgments.Preferences is { } preferences)
            ranked.Preferences = Preferences.PreferenceCounts.Build(PreferenceRanking(run, queryId, options), preferences);
        if (judgments.Groups is { } groups)
            ranked.JudgmentGroups = [ranked, .. groups.Skip(1).Select(g => Rank(run, queryId, g, options))];
        var values = new double[width];
        string?[]? texts = null;
        var offset = 0;
        foreach (var measure in measures)
        {
            measure.Compute(ranked, values.AsSpan(offset, measure.Names.Count));
            if (measure.IsText) (texts ??= new string?[width])[offset] = measure.Text(ranked);
            if (options.ZScores is { } z && measure.TakesZScores)
                for (var i = 0; i < measure.Names.Count; i++) values[offset + i] = z.Convert(queryId, measure.Names[i], values[offset + i]);
            offset += measure.Names.Count;
        }
        return new QueryScores(queryId, values, texts);
    }

    /// <summary>
    /// The ranking as trec_eval's preference code orders it: score descending, ties by document id ascending (the
    /// reverse of the other measures' tie order, a quirk kept), then cut at -M.
    /// </summary>
    private static List<string> PreferenceRanking(RunRankings run, string queryId, EvaluationOptions options)
    {
        var docs = run.For(queryId).ToArray();
        var ids = run.IdStore;
        Array.Sort(docs, (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : ids.AsSpan(a.Start, a.Length).SequenceCompareTo(ids.AsSpan(b.Start, b.Length));
        });
        var count = options.Depth is { } depth ? Math.Min(depth, docs.Length) : docs.Length;
        var ranking = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var id = run.DocId(docs[i]);
            if (!seen.Add(id))
                throw new RearankException($"Run '{run.RunTag}' ranks document '{id}' twice for query '{queryId}'; each document may appear once per query.");
            ranking.Add(id);
        }
        return ranking;
    }

    private static RankedRelevance Rank(RunRankings run, string queryId, QueryJudgments judgments, EvaluationOptions options) =>
        run.Contains(queryId) ? RankedRelevance.Build(run, queryId, judgments, options) : RankedRelevance.Placeholder(judgments, options);

    /// <summary>Sums in query order (as trec_eval accumulates), then divides the means by the query count.</summary>
    private static double[] Aggregate(Qrels qrels, IReadOnlyList<Measure> measures, QueryScores[] perQuery, int width, EvaluationOptions options)
    {
        var aggregate = new double[width];
        foreach (var query in perQuery)
            for (var v = 0; v < width; v++) aggregate[v] += query.Values[v];
        var offset = 0;
        foreach (var measure in measures)
        {
            for (var v = offset; v < offset + measure.Names.Count && perQuery.Length > 0; v++)
                aggregate[v] = measure.Aggregation switch
                {
                    Aggregation.Mean => aggregate[v] / perQuery.Length,
                    Aggregation.GeometricMean => Math.Exp(aggregate[v] / perQuery.Length),
                    Aggregation.None => 0,
                    _ => aggregate[v],
                };
            if (measure.AggregateFromQrels(qrels, options) is { } fromQrels) aggregate[offset] = fromQrels;
            offset += measure.Names.Count;
        }
        return aggregate;
    }
}
