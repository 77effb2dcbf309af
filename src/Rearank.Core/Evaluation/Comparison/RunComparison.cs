namespace Rearank.Core.Evaluation.Comparison;

/// <summary>Settings of a run comparison.</summary>
public sealed record ComparisonOptions
{
    public int Permutations { get; init; } = 10_000;
    public int Seed { get; init; } = 42;
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.Holm;
}

/// <summary>One measure, one query: the two runs' values and how the run moved against the baseline.</summary>
public sealed record QueryDelta(string QueryId, string Measure, double Baseline, double Run, double Delta);

/// <summary>The summary of one measure over the queries both runs were evaluated on.</summary>
public sealed record MeasureComparison(
    string Measure, string BaselineRun, string Run, int Queries,
    double BaselineMean, double RunMean, double MeanDifference,
    int Wins, int Ties, int Losses,
    double TStatistic, double TTestP, double RandomizationP,
    double TTestPAdjusted, double RandomizationPAdjusted,
    MultipleTestingCorrection Correction, int Permutations, int Seed);

/// <summary>Compares evaluations of the same qrels and measures, query by query.</summary>
public static class RunComparison
{
    /// <summary>A run against a baseline; p-values are adjusted over the measures compared.</summary>
    public static (IReadOnlyList<MeasureComparison> Summary, IReadOnlyList<QueryDelta> PerQuery) Compare(
        EvaluationResult baseline, EvaluationResult run, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        var deltas = new List<QueryDelta>();
        var rows = Rows(baseline, run, options, deltas);
        return (Adjust(rows, options), deltas);
    }

    /// <summary>
    /// Every run against every other (ranx's compare): for each pair, the earlier run is the baseline. The p-values
    /// of all tests made (pairs × measures) are adjusted together, as one family.
    /// </summary>
    public static IReadOnlyList<MeasureComparison> CompareAll(IReadOnlyList<EvaluationResult> results, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        var rows = new List<MeasureComparison>();
        for (var i = 0; i < results.Count; i++)
            for (var j = i + 1; j < results.Count; j++)
                rows.AddRange(Rows(results[i], results[j], options, deltas: null));
        return Adjust(rows, options);
    }

    private static IReadOnlyList<MeasureComparison> Adjust(IReadOnlyList<MeasureComparison> rows, ComparisonOptions options)
    {
        var tAdjusted = PValueCorrection.Adjust(rows.Select(r => r.TTestP).ToArray(), options.Correction);
        var randomizationAdjusted = PValueCorrection.Adjust(rows.Select(r => r.RandomizationP).ToArray(), options.Correction);
        return rows.Select((r, i) => r with { TTestPAdjusted = tAdjusted[i], RandomizationPAdjusted = randomizationAdjusted[i] }).ToArray();
    }

    /// <summary>Unadjusted rows, one per numeric measure, over the queries both were evaluated on.</summary>
    private static List<MeasureComparison> Rows(EvaluationResult baseline, EvaluationResult run, ComparisonOptions options, List<QueryDelta>? deltas)
    {
        var names = baseline.Measures.Zip(run.Measures).All(p => p.First.Names.SequenceEqual(p.Second.Names)) && baseline.Names.Count == run.Names.Count
            ? baseline.Names
            : throw new ArgumentException("Both runs must be evaluated on the same measures.");
        var baselineById = baseline.PerQuery.ToDictionary(q => q.QueryId, StringComparer.Ordinal);
        var shared = run.PerQuery.Where(q => baselineById.ContainsKey(q.QueryId)).ToArray();
        var numeric = baseline.Measures.SelectMany(m => m.Names.Select(_ => m.HasPerQueryValue && !m.IsCount && !m.IsText)).ToArray();

        var rows = new List<MeasureComparison>();
        for (var v = 0; v < names.Count; v++)
        {
            if (!numeric[v]) continue;
            var differences = new double[shared.Length];
            int wins = 0, ties = 0, losses = 0;
            double baseSum = 0, runSum = 0;
            for (var q = 0; q < shared.Length; q++)
            {
                var b = baselineById[shared[q].QueryId].Values[v];
                var r = shared[q].Values[v];
                differences[q] = r - b;
                baseSum += b;
                runSum += r;
                // Differences below trec_eval's printed precision are ties, not wins or losses.
                if (Math.Abs(r - b) < 5e-5) ties++;
                else if (r > b) wins++;
                else losses++;
                deltas?.Add(new QueryDelta(shared[q].QueryId, names[v], b, r, r - b));
            }
            var n = Math.Max(1, shared.Length);
            var (t, tP) = PairedTests.TTest(differences);
            var randomizationP = PairedTests.RandomizationTest(differences, options.Permutations, options.Seed);
            rows.Add(new MeasureComparison(names[v], baseline.RunTag, run.RunTag, shared.Length, baseSum / n, runSum / n, runSum / n - baseSum / n,
                wins, ties, losses, t, tP, randomizationP, tP, randomizationP, options.Correction, options.Permutations, options.Seed));
        }
        return rows;
    }
}
