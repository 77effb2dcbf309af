using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;
using Rearank.Core.Model;

namespace Rearank.Core.Tests.Evaluation;

public sealed class ComparisonTests
{
    [Theory]
    [InlineData(1.0, 1, 0.5)]                    // Cauchy: P(|T| > 1) = 1/2 exactly
    [InlineData(2.228138851986274, 10, 0.05)]    // the tabulated 97.5% quantile for 10 degrees of freedom
    [InlineData(4.242640687119285, 4, 0.013236)] // differences 1..5: mean 3, standard error 1/sqrt(2)
    [InlineData(0.0, 7, 1.0)]
    public void Student_t_two_sided_p_values_match_tables(double t, double df, double p) =>
        Assert.Equal(p, StudentT.TwoSidedP(t, df), 5);

    [Fact]
    public void The_paired_t_test_handles_constant_differences()
    {
        Assert.Equal((0.0, 1.0), PairedTests.TTest([0, 0, 0]));
        Assert.Equal(0.0, PairedTests.TTest([0.1, 0.1, 0.1]).P);
        var (t, p) = PairedTests.TTest([1, 2, 3, 4, 5]);
        Assert.Equal(3 / Math.Sqrt(2.5 / 5), t, 10);
        Assert.Equal(0.013236, p, 5);
    }

    [Fact]
    public void The_randomization_test_is_reproducible_and_near_the_exact_sign_test()
    {
        double[] allBetter = [0.1, 0.2, 0.05, 0.3, 0.1, 0.2, 0.15, 0.1, 0.25, 0.05];

        var p = PairedTests.RandomizationTest(allBetter, 20_000, seed: 7);

        // Exactly 2 of the 1,024 sign patterns are as extreme: p = 2/1024 = 0.00195.
        Assert.InRange(p, 0.001, 0.003);
        Assert.Equal(p, PairedTests.RandomizationTest(allBetter, 20_000, seed: 7));
        Assert.Equal(1.0, PairedTests.RandomizationTest([0, 0, 0], 100, seed: 1));
    }

    [Fact]
    public void Holm_and_Bonferroni_adjust_as_defined()
    {
        double[] p = [0.01, 0.04, 0.03, double.NaN];

        Assert.Equal([0.03, 0.12, 0.09, double.NaN], PValueCorrection.Adjust(p, MultipleTestingCorrection.Bonferroni), new Tolerance());
        Assert.Equal([0.03, 0.06, 0.06, double.NaN], PValueCorrection.Adjust(p, MultipleTestingCorrection.Holm), new Tolerance());
        Assert.Equal(p, PValueCorrection.Adjust(p, MultipleTestingCorrection.None));
    }

    [Fact]
    public void Comparing_two_runs_counts_wins_ties_and_losses_per_query()
    {
        var qrels = Qrels.From([new Judgment("1", "a", 1), new Judgment("2", "b", 1), new Judgment("3", "c", 1)]);
        var baseline = new RunRankings("base");
        var better = new RunRankings("better");
        // Query 1: both find 'a' first (tie); query 2: the run moves 'b' up (win); query 3: the run drops 'c' (loss).
        foreach (var (q, d, s) in new[] { ("1", "a", 2.0), ("1", "x", 1), ("2", "x", 2), ("2", "b", 1), ("3", "c", 2), ("3", "x", 1) }) baseline.Add(q, d, s);
        foreach (var (q, d, s) in new[] { ("1", "a", 2.0), ("1", "x", 1), ("2", "b", 2), ("2", "x", 1), ("3", "x", 2), ("3", "c", 1) }) better.Add(q, d, s);
        var measures = MeasureCatalog.Parse(["P.1", "recip_rank"]);

        var (summary, perQuery) = RunComparison.Compare(TrecEvaluator.Evaluate(qrels, baseline, measures), TrecEvaluator.Evaluate(qrels, better, measures));

        var p1 = summary.Single(s => s.Measure == "P_1");
        Assert.Equal((1, 1, 1), (p1.Wins, p1.Ties, p1.Losses));
        Assert.Equal(2.0 / 3, p1.BaselineMean, 12);
        Assert.Equal(2.0 / 3, p1.RunMean, 12);
        Assert.Equal(0, p1.MeanDifference, 12);
        Assert.Equal(6, perQuery.Count);
        Assert.Equal(-1.0, perQuery.Single(d => d.Measure == "P_1" && d.QueryId == "3").Delta);
        Assert.Equal(MultipleTestingCorrection.Holm, p1.Correction);
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => (double.IsNaN(x) && double.IsNaN(y)) || Math.Abs(x - y) < 1e-12;
        public int GetHashCode(double obj) => 0;
    }
}
