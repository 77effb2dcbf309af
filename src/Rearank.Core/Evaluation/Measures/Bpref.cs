namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// bpref (Buckley and Voorhees 2004): for each relevant retrieved document, one minus the share of judged
/// non-relevant documents ranked above it (capped at num_rel), averaged over num_rel. Unjudged documents are skipped.
/// </summary>
public sealed class Bpref() : Measure("bpref", ["bpref"])
{
    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var judgedNonRelevant = 0;
        for (var g = 0; g < Math.Min(query.RelevanceLevel, query.LevelCounts.Count); g++) judgedNonRelevant += query.LevelCounts[g];
        var relevant = query.RelevantCount;
        double sum = 0;
        var nonRelevantAbove = 0;
        foreach (var grade in query.Grades)
        {
            if (grade < 0) continue;
            if (grade < query.RelevanceLevel)
            {
                nonRelevantAbove++;
                continue;
            }
            sum += nonRelevantAbove > 0
                ? 1.0 - (double)Math.Min(nonRelevantAbove, relevant) / Math.Min(judgedNonRelevant, relevant)
                : 1.0;
        }
        values[0] = relevant > 0 ? sum / relevant : sum;
    }
}
