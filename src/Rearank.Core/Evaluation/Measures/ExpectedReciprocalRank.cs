namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// ERR.k (ir_measures' ERR@k; Chapelle et al. 2009) as gdeval.pl, the TREC Web track's script, computes it: a
/// document of grade g stops the user with probability (2^g - 1) / 2^4 (gdeval's maximum grade, 4), and ERR sums
/// 1/rank times the chance of stopping there. Unjudged and negative grades give 0; grades above 4 are outside gdeval's range.
/// </summary>
public sealed class ExpectedReciprocalRank(IReadOnlyList<int> cutoffs) : CutoffMeasure("ERR", cutoffs)
{
    /// <summary>gdeval's MAX_JUDGMENT.</summary>
    public const int MaxGrade = 4;

    protected override double AtCutoff(RankedRelevance query, int cutoff)
    {
        var end = Math.Min(cutoff, query.Retrieved);
        double score = 0, stillLooking = 1;
        for (var i = 0; i < end; i++)
        {
            var stop = StopProbability(query.Grades[i]);
            score += stop * stillLooking / (i + 1);
            stillLooking *= 1 - stop;
        }
        return score;
    }

    internal static double StopProbability(int grade) => grade > 0 ? (Math.Pow(2, grade) - 1) / Math.Pow(2, MaxGrade) : 0;
}

/// <summary>
/// nERR.k (nERR@k): ERR.k divided by the ERR.k of the ideal ranking (every judged document, highest grade first),
/// 0 for a query without a positive grade.
/// </summary>
public sealed class NormalizedExpectedReciprocalRank(IReadOnlyList<int> cutoffs) : CutoffMeasure("nERR", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff)
    {
        var ideal = IdealErr(query, cutoff);
        if (ideal <= 0) return 0;
        Span<double> one = stackalloc double[1];
        new ExpectedReciprocalRank([cutoff]).Compute(query, one);
        return one[0] / ideal;
    }

    private static double IdealErr(RankedRelevance query, int cutoff)
    {
        double score = 0, stillLooking = 1;
        var rank = 0;
        for (var grade = query.LevelCounts.Count - 1; grade > 0 && rank < cutoff; grade--)
            for (var n = 0; n < query.LevelCounts[grade] && rank < cutoff; n++, rank++)
            {
                var stop = ExpectedReciprocalRank.StopProbability(grade);
                score += stop * stillLooking / (rank + 1);
                stillLooking *= 1 - stop;
            }
        return score;
    }
}
