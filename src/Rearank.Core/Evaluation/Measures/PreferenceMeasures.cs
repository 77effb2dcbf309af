using Rearank.Core.Evaluation.Preferences;

namespace Rearank.Core.Evaluation.Measures;

/// <summary>Which preferences a preference measure counts: all, only between retrieved documents, or not between two unretrieved ones.</summary>
public enum PreferenceScope { All, Retrieved, Implied }

/// <summary>
/// A measure of preference judgments (trec_eval -R prefs or qrels_prefs): it reads the query's
/// <see cref="PreferenceCounts"/>, which exist only when the qrels are preferences.
/// </summary>
public abstract class PreferenceMeasure(string name) : Measure(name, [name])
{
    public override JudgmentsRead Reads => JudgmentsRead.Preferences;

    public sealed override void Compute(RankedRelevance query, Span<double> values) =>
        values[0] = query.Preferences is { } counts ? Compute(counts) : 0;

    protected abstract double Compute(PreferenceCounts counts);

    private protected static (long Fulfilled, long Possible) Totals(PreferenceGroup g, PreferenceScope scope) => scope switch
    {
        PreferenceScope.Retrieved => (g.FulfilledRetrieved, g.PossibleRetrieved),
        PreferenceScope.Implied => (g.FulfilledRetrieved + g.FulfilledImplied, g.PossibleRetrieved + g.PossibleImplied),
        _ => (g.FulfilledRetrieved + g.FulfilledImplied, g.PossibleRetrieved + g.PossibleImplied + g.PossibleNotRetrieved),
    };

    private protected static string Suffix(PreferenceScope scope) => scope switch
    {
        PreferenceScope.Retrieved => "_ret",
        PreferenceScope.Implied => "_imp",
        _ => "",
    };
}

/// <summary>prefs_num_prefs_poss, prefs_num_prefs_ful, prefs_num_prefs_ful_ret: preference counts summed over groups (and queries).</summary>
public sealed class PreferenceCount(string name, Func<PreferenceGroup, long> count) : PreferenceMeasure(name)
{
    public override bool IsCount => true;
    public override Aggregation Aggregation => Aggregation.Sum;

    protected override double Compute(PreferenceCounts counts) => counts.Groups.Sum(count);

    public static PreferenceCount Possible() =>
        new("prefs_num_prefs_poss", g => g.PossibleRetrieved + g.PossibleImplied + g.PossibleNotRetrieved);

    public static PreferenceCount Fulfilled() => new("prefs_num_prefs_ful", g => g.FulfilledRetrieved + g.FulfilledImplied);

    public static PreferenceCount FulfilledRetrieved() => new("prefs_num_prefs_ful_ret", g => g.FulfilledRetrieved);
}

/// <summary>prefs_simp (_ret, _imp): preferences fulfilled over preferences possible, pooled over every group.</summary>
public sealed class PreferenceRatio(PreferenceScope scope) : PreferenceMeasure("prefs_simp" + Suffix(scope))
{
    protected override double Compute(PreferenceCounts counts)
    {
        long fulfilled = 0, possible = 0;
        foreach (var group in counts.Groups)
        {
            var (f, p) = Totals(group, scope);
            fulfilled += f;
            possible += p;
        }
        return possible > 0 ? (double)fulfilled / possible : 0;
    }
}

/// <summary>prefs_avgjg (_ret, _imp): fulfilled over possible in each group, averaged over the groups.</summary>
public sealed class PreferenceGroupAverage(PreferenceScope scope) : PreferenceMeasure("prefs_avgjg" + Suffix(scope))
{
    protected override double Compute(PreferenceCounts counts)
    {
        double sum = 0;
        foreach (var group in counts.Groups)
        {
            var (f, p) = Totals(group, scope);
            if (p > 0) sum += (double)f / p;
        }
        return sum > 0 ? sum / counts.Groups.Count : 0;
    }
}

/// <summary>
/// prefs_pair (_ret, _imp): over each pair of documents some group ranks, the share of groups whose preference the
/// ranking fulfils, averaged over pairs (pairs of two unretrieved documents count, with 0, only for prefs_pair).
/// </summary>
public sealed class PreferencePairAverage(PreferenceScope scope) : PreferenceMeasure("prefs_pair" + Suffix(scope))
{
    protected override double Compute(PreferenceCounts counts)
    {
        var judged = counts.Judged;
        var retrieved = counts.JudgedRetrieved;
        double sum = 0;
        long pairs = 0;
        // Retrieved pairs, then retrieved against unretrieved: trec_eval's order of summing.
        for (var i = 0; i < retrieved; i++)
            for (var j = i + 1; j < retrieved; j++)
                Add(counts, i, j, ref sum, ref pairs);
        if (scope != PreferenceScope.Retrieved)
            for (var i = 0; i < retrieved; i++)
                for (var j = retrieved; j < judged; j++)
                    Add(counts, i, j, ref sum, ref pairs);
        if (scope == PreferenceScope.All)
            for (var i = retrieved; i < judged; i++)
                for (var j = i + 1; j < judged; j++)
                    if (counts.PairCount(i, j) > 0 || counts.PairCount(j, i) > 0) pairs++;
        return pairs > 0 ? sum / pairs : 0;
    }

    private static void Add(PreferenceCounts counts, int i, int j, ref double sum, ref long pairs)
    {
        var forward = counts.PairCount(i, j);
        var backward = counts.PairCount(j, i);
        if (forward == 0 && backward == 0) return;
        pairs++;
        sum += (double)forward / (forward + backward);
    }
}
