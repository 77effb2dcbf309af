using Rearank.Core.Evaluation.Measures;

namespace Rearank.Core.Evaluation;

/// <summary>
/// One query's values, in the order of <see cref="EvaluationResult.Names"/>; <paramref name="Texts"/> holds the text of a
/// text measure (relstring) at its index, null elsewhere, and is null when no measure is text.
/// </summary>
public sealed record QueryScores(string QueryId, double[] Values, string?[]? Texts = null);

/// <summary>What evaluating one run gives: per-query values, the aggregate, and which queries were averaged.</summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(string runTag, IReadOnlyList<Measure> measures, IReadOnlyList<QueryScores> perQuery,
        double[] aggregate, EvaluationOptions options, IReadOnlyList<string> missingFromRun, int runOnlyQueries, IReadOnlyList<string>? names = null)
    {
        RunTag = runTag;
        Measures = measures;
        Names = names ?? measures.SelectMany(m => m.Names).ToArray();
        PerQuery = perQuery;
        Aggregate = aggregate;
        Options = options;
        QrelsQueriesMissingFromRun = missingFromRun;
        RunQueriesWithoutJudgments = runOnlyQueries;
    }

    public string RunTag { get; }
    public IReadOnlyList<Measure> Measures { get; }

    /// <summary>Output names (P_5, ndcg_cut_10, ...; or as asked, nDCG@10, through MeasureGroups), one per value.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Per query, in trec_eval's order (byte-wise by id).</summary>
    public IReadOnlyList<QueryScores> PerQuery { get; }

    /// <summary>The 'all' values: means or sums, as each measure aggregates.</summary>
    public double[] Aggregate { get; }

    public EvaluationOptions Options { get; }

    /// <summary>Judged queries the run has no ranking for: skipped, or scored as empty with Complete.</summary>
    public IReadOnlyList<string> QrelsQueriesMissingFromRun { get; }

    /// <summary>How many of the run's queries have no judgments (never evaluated, as in trec_eval).</summary>
    public int RunQueriesWithoutJudgments { get; }

    public int QueryCount => PerQuery.Count;

    public double ValueOf(string name) => Aggregate[IndexOf(name)];

    /// <summary>The names with a number for 'all' (not runid, not relstring).</summary>
    public IReadOnlyList<string> AggregateNames => NamesWhere(m => m is not RunId && m.HasAggregateValue);

    /// <summary>
    /// The names with a number per query that means what its name says: not runid or num_q (no per-query value),
    /// not relstring (text), not gm_map or gm_bpref (kept per query as logarithms).
    /// </summary>
    public IReadOnlyList<string> PerQueryNames => NamesWhere(m => m is not RunId && m.HasPerQueryValue && !m.IsText);

    /// <summary>The measure that writes the value at <paramref name="index"/> of <see cref="Names"/>.</summary>
    public Measure MeasureOf(int index)
    {
        foreach (var measure in Measures)
        {
            if (index < measure.Names.Count) return measure;
            index -= measure.Names.Count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private List<string> NamesWhere(Func<Measure, bool> keep)
    {
        var kept = new List<string>();
        var index = 0;
        foreach (var measure in Measures)
            foreach (var _ in measure.Names)
            {
                if (keep(measure)) kept.Add(Names[index]);
                index++;
            }
        return kept;
    }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
            if (Names[i] == name) return i;
        throw new ArgumentException($"No measure '{name}' in this result; it has {string.Join(", ", Names)}.");
    }
}
