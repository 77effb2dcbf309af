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

    protected override double AtCutoff(RankedRelevance query, int cutoff) => Of(query, cutoff);

    internal static double Of(RankedRelevance query, int cutoff)
    {
        var cascade = new Cascade();
        for (var i = 0; i < Math.Min(cutoff, query.Retrieved); i++) cascade.Add(query.Grades[i]);
        return cascade.Score;
    }

    /// <summary>A user reading down a ranking: each grade, in rank order, adds its stop chance times 1/rank times the chance of getting there.</summary>
    internal struct Cascade()
    {
        private double stillLooking = 1;
        private int rank;

        public double Score { get; private set; }

        public void Add(int grade)
        {
            var stop = grade > 0 ? (Math.Pow(2, grade) - 1) / Math.Pow(2, MaxGrade) : 0;
            Score += stop * stillLooking / ++rank;
            stillLooking *= 1 - stop;
        }
    }
}

/// <summary>
/// nERR.k (nERR@k): ERR.k divided by the ERR.k of the ideal ranking (every judged document, highest grade first),
/// 0 for a query without a positive grade.
/// </summary>
public sealed class NormalizedExpectedReciprocalRank(IReadOnlyList<int> cutoffs) : CutoffMeasure("nERR", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff)
    {
        var ideal = new ExpectedReciprocalRank.Cascade();
        var placed = 0;
        for (var grade = query.LevelCounts.Count - 1; grade > 0 && placed < cutoff; grade--)
            for (var n = 0; n < query.LevelCounts[grade] && placed < cutoff; n++, placed++)
                ideal.Add(grade);
        return ideal.Score > 0 ? ExpectedReciprocalRank.Of(query, cutoff) / ideal.Score : 0;
    }
}
