namespace Rearank.Core.Evaluation.Measures;

/// <summary>How a measure's per-query values become the 'all' value.</summary>
public enum Aggregation
{
    /// <summary>Averaged over the evaluated queries (or over every qrels query with -c).</summary>
    Mean,
    /// <summary>Summed, like num_ret and num_rel.</summary>
    Sum,
    /// <summary>
    /// Geometric mean (gm_map, gm_bpref): per-query values are kept as log(max(value, 0.00001)), as trec_eval keeps
    /// them, and the 'all' value is exp of their mean.
    /// </summary>
    GeometricMean,
    /// <summary>No 'all' value (relstring).</summary>
    None,
}

/// <summary>What a measure reads of the judgments, as trec_eval's -R formats divide them.</summary>
public enum JudgmentsRead { None, Grades, JudgmentGroups, Preferences }

/// <summary>
/// One trec_eval measure family (P, ndcg_cut, map, ...) with its parameters, producing one value per output
/// name (P_5, P_10, ...) for each query. Implementations are pure functions of a <see cref="RankedRelevance"/>.
/// </summary>
public abstract class Measure
{
    protected Measure(string family, IReadOnlyList<string> names)
    {
        Family = family;
        Names = names;
    }

    /// <summary>The name as given to -m, without parameters.</summary>
    public string Family { get; }

    /// <summary>The names trec_eval prints, one per value.</summary>
    public IReadOnlyList<string> Names { get; }

    public virtual Aggregation Aggregation => Aggregation.Mean;

    /// <summary>Counts print as integers, everything else with four decimals.</summary>
    public virtual bool IsCount => false;

    /// <summary>False for num_q, which trec_eval prints only for 'all'.</summary>
    public virtual bool HasPerQueryValue => true;

    /// <summary>False where trec_eval prints no 'all' line (relstring).</summary>
    public bool HasAggregateValue => Aggregation != Aggregation.None;

    /// <summary>True for a measure whose per-query value is text (relstring), written by <see cref="Text"/>.</summary>
    public virtual bool IsText => false;

    /// <summary>The per-query text of a text measure.</summary>
    public virtual string Text(RankedRelevance query) => "";

    /// <summary>
    /// The judgments the measure reads: graded qrels for most, judgment groups (-R qrels_jg) for the *_avgjg family,
    /// preferences (-R prefs, qrels_prefs) for the prefs_* family, none for runid and num_q, which go with any.
    /// </summary>
    public virtual JudgmentsRead Reads => JudgmentsRead.Grades;

    /// <summary>False for runid and num_q, which read no judgments and whose values -Z leaves as they are.</summary>
    public bool TakesZScores => Reads != JudgmentsRead.None;

    /// <summary>Writes this query's values, one per name, into <paramref name="values"/>.</summary>
    public abstract void Compute(RankedRelevance query, Span<double> values);

    /// <summary>An 'all' value trec_eval takes from the qrels rather than from the queries; null for none.</summary>
    public virtual double? AggregateFromQrels(Qrels qrels, EvaluationOptions options) => null;
}

/// <summary>A family evaluated at rank cutoffs (P.5,10 gives P_5 and P_10); cutoffs are sorted and distinct.</summary>
public abstract class CutoffMeasure(string family, IReadOnlyList<int> cutoffs)
    : Measure(family, cutoffs.Select(c => $"{family}_{c}").ToArray())
{
    public IReadOnlyList<int> Cutoffs { get; } = cutoffs;

    public sealed override void Compute(RankedRelevance query, Span<double> values)
    {
        for (var i = 0; i < Cutoffs.Count; i++) values[i] = AtCutoff(query, Cutoffs[i]);
    }

    protected abstract double AtCutoff(RankedRelevance query, int cutoff);

    /// <summary>Relevant documents among the first <paramref name="cutoff"/> retrieved.</summary>
    protected static int RelevantInTop(RankedRelevance query, int cutoff)
    {
        var found = 0;
        var end = Math.Min(cutoff, query.Retrieved);
        for (var i = 0; i < end; i++)
            if (query.IsRelevant(i)) found++;
        return found;
    }
}
