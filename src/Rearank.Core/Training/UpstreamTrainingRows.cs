using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.Core.Training;

/// <summary>
/// Training rows as REARANK's own pipeline reads them (the layout is in IO's UpstreamTrainingFiles): the window's hits
/// and its initial and ideal nDCG at 1, 5 and 10 as REARANK's reward computes them.
/// </summary>
public static class UpstreamTrainingRows
{
    public static List<UpstreamRow> From(IEnumerable<TrainingRow> rows, string dataSource) => rows.Select(r => Row(r, dataSource)).ToList();

    private static UpstreamRow Row(TrainingRow row, string dataSource)
    {
        var verl = VerlRow.From(row, dataSource);
        var identity = Enumerable.Range(0, row.DocIds.Count).ToArray();
        var metrics = Metrics(row, identity);
        // The reward's definition of best: the grade-stable ideal, never below the given order (protocol §6).
        var ideal = Metrics(row, RearankReward.IdealOrder(row.Grades));
        return new UpstreamRow
        {
            DataSource = dataSource, Prompt = verl.Prompt, Ability = verl.Ability, RewardModel = verl.RewardModel,
            ExtraInfo = new UpstreamExtraInfo { Split = row.Split, Index = row.Index, QueryId = row.QueryId },
            Query = row.QueryText,
            Hits = row.DocIds.Select((id, i) => new UpstreamHit
            {
                Qid = row.QueryId, DocId = id, Rank = i < row.Ranks.Count ? row.Ranks[i] : i + 1,
                Score = i < row.Scores.Count ? row.Scores[i] : row.DocIds.Count - i, Content = i < row.Passages.Count ? row.Passages[i] : "",
            }).ToList(),
            Metrics = metrics,
            BestMetrics = new UpstreamMetrics
            {
                Ndcg1 = Math.Max(ideal.Ndcg1, metrics.Ndcg1), Ndcg5 = Math.Max(ideal.Ndcg5, metrics.Ndcg5), Ndcg10 = Math.Max(ideal.Ndcg10, metrics.Ndcg10),
            },
            Split = row.Split,
        };
    }

    /// <summary>The candidates placed in this order into the slots, read as trec_eval reads them, rounded to 5 decimals.</summary>
    private static UpstreamMetrics Metrics(TrainingRow row, int[] order)
    {
        var grades = RearankReward.Evaluated(order, row.Grades, row.DocIds, row.RewardScores).Select(g => Math.Max(0, g)).ToArray();
        double At(int k)
        {
            var ideal = Dcg(row.IdealGrades.OrderDescending().Take(k));
            return ideal > 0 ? Math.Round(Dcg(grades.Take(k)) / ideal, 5, MidpointRounding.ToEven) : 0;
        }
        return new UpstreamMetrics { Ndcg1 = At(1), Ndcg5 = At(5), Ndcg10 = At(10) };
    }

    private static double Dcg(IEnumerable<int> grades) => grades.Select((g, i) => g > 0 ? g / Math.Log2(i + 2) : 0).Sum();
}
