namespace Rearank.Core.Evaluation.Comparison;

/// <summary>Significance tests on paired per-query differences (run minus baseline).</summary>
public static class PairedTests
{
    /// <summary>Paired t-test: t and its two-sided p. Identical runs give t = 0, p = 1.</summary>
    public static (double T, double P) TTest(IReadOnlyList<double> differences)
    {
        var n = differences.Count;
        if (n < 2) return (double.NaN, double.NaN);
        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        // Equal differences leave only rounding noise in the variance: treat it as none.
        if (variance <= 1e-24 * Math.Max(1, mean * mean))
            return Math.Abs(mean) <= 1e-12 ? (0, 1) : (Math.Sign(mean) * double.PositiveInfinity, 0);
        var t = mean / Math.Sqrt(variance / n);
        return (t, StudentT.TwoSidedP(t, n - 1));
    }

    /// <summary>
    /// Paired randomization test: flips the sign of each difference at random <paramref name="permutations"/>
    /// times and counts how often the mean is at least as far from zero as observed; p = (count + 1) / (N + 1).
    /// A fixed seed makes the p-value reproducible.
    /// </summary>
    public static double RandomizationTest(IReadOnlyList<double> differences, int permutations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        var n = differences.Count;
        if (n == 0) return double.NaN;
        var observed = Math.Abs(differences.Sum());
        var tolerance = 1e-12 * Math.Max(1, observed);
        var random = new Random(seed);
        var atLeastAsExtreme = 0;
        var values = differences.ToArray();
        for (var p = 0; p < permutations; p++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++) sum += random.Next(2) == 0 ? values[i] : -values[i];
            if (Math.Abs(sum) >= observed - tolerance) atLeastAsExtreme++;
        }
        return (atLeastAsExtreme + 1.0) / (permutations + 1.0);
    }
}

/// <summary>How p-values are adjusted when several measures are compared at once.</summary>
public enum MultipleTestingCorrection
{
    None,
    Bonferroni,
    Holm,
}

public static class PValueCorrection
{
    /// <summary>Adjusted p-values in the input order (NaN stays NaN and does not count as a test).</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues, MultipleTestingCorrection correction)
    {
        var adjusted = pValues.ToArray();
        var tested = Enumerable.Range(0, adjusted.Length).Where(i => !double.IsNaN(adjusted[i])).ToArray();
        var m = tested.Length;
        switch (correction)
        {
            case MultipleTestingCorrection.Bonferroni:
                foreach (var i in tested) adjusted[i] = Math.Min(1, pValues[i] * m);
                break;
            case MultipleTestingCorrection.Holm:
                var running = 0.0;
                var rank = 0;
                foreach (var i in tested.OrderBy(i => pValues[i]))
                {
                    running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
                    adjusted[i] = running;
                    rank++;
                }
                break;
        }
        return adjusted;
    }
}
