namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// infAP (Yilmaz and Aslam, CIKM 2006): average precision estimated from a sampled pool. Documents absent from the
/// qrels count as non-relevant, documents judged negative (in the pool, not sampled) are left out, and the precision
/// above each relevant document is estimated from the judged ones.
/// </summary>
public sealed class InferredAveragePrecision() : Measure("infAP", ["infAP"])
{
    private const double Epsilon = 0.00001;   // trec_eval's INFAP_EPSILON

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        long nonRelevant = 0, relevant = 0, poolUnjudged = 0;
        double sum = 0;
        for (var j = 0; j < query.Retrieved; j++)
        {
            var grade = query.Grades[j];
            if (grade == RankedRelevance.NotJudged) continue;
            if (grade == RankedRelevance.JudgedNegative)
            {
                poolUnjudged++;
                continue;
            }
            if (grade < query.RelevanceLevel)
            {
                nonRelevant++;
                continue;
            }
            relevant++;
            if (j == 0)
            {
                sum += 1.0;
                continue;
            }
            double fj = j;
            sum += 1.0 / (fj + 1.0)
                + fj / (fj + 1.0) * ((relevant - 1 + nonRelevant + poolUnjudged) / fj)
                * ((relevant - 1 + Epsilon) / (relevant - 1 + nonRelevant + 2 * Epsilon));
        }
        values[0] = query.RelevantCount > 0 ? sum / query.RelevantCount : sum;
    }
}
