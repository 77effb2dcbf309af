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

/// <summary>Compares two evaluations of the same qrels and measures, query by query.</summary>
public static class RunComparison
{
    public static (IReadOnlyList<MeasureComparison> Summary, IReadOnlyList<QueryDelta> PerQuery) Compare(
        EvaluationResult baseline, EvaluationResult run, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        var names = baseline.Measures.Zip(run.Measures).All(p => p.First.Names.SequenceEqual(p.Second.Names)) && baseline.Names.Count == run.Names.Count
            ? baseline.Names
            : throw new ArgumentException("Both runs must be evaluated on the same measures.");
        var baselineById = baseline.PerQuery.ToDictionary(q => q.QueryId, StringComparer.Ordinal);
        var shared = run.PerQuery.Where(q => baselineById.ContainsKey(q.QueryId)).ToArray();
        var numeric = baseline.Measures.SelectMany(m => m.Names.Select(_ => m.HasPerQueryValue && !m.IsCount && !m.IsText)).ToArray();

        var deltas = new List<QueryDelta>();
        var rows = new List<(string Name, double[] Differences, double BaseMean, double RunMean, int Wins, int Ties, int Losses)>();
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
                deltas.Add(new QueryDelta(shared[q].QueryId, names[v], b, r, r - b));
            }
            var n = Math.Max(1, shared.Length);
            rows.Add((names[v], differences, baseSum / n, runSum / n, wins, ties, losses));
        }

        var tTests = rows.Select(r => PairedTests.TTest(r.Differences)).ToArray();
        var randomization = rows.Select(r => PairedTests.RandomizationTest(r.Differences, options.Permutations, options.Seed)).ToArray();
        var tAdjusted = PValueCorrection.Adjust(tTests.Select(t => t.P).ToArray(), options.Correction);
        var randomizationAdjusted = PValueCorrection.Adjust(randomization, options.Correction);
        var summary = rows.Select((r, i) => new MeasureComparison(
            r.Name, baseline.RunTag, run.RunTag, shared.Length, r.BaseMean, r.RunMean, r.RunMean - r.BaseMean,
            r.Wins, r.Ties, r.Losses, tTests[i].T, tTests[i].P, randomization[i], tAdjusted[i], randomizationAdjusted[i],
            options.Correction, options.Permutations, options.Seed)).ToArray();
        return (summary, deltas);
    }
}
