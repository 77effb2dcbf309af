using System.Text.RegularExpressions;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Measures;
using Rearank.Core.Reranking;

namespace Rearank.Core.Training;

/// <summary>The reward of one response and its parts (protocol §6).</summary>
public sealed record RewardResult(
    double Reward,
    double NdcgGain,
    bool FormatOk,
    bool RankingFormatOk,
    double InitialNdcg,
    double RerankedNdcg,
    double BestNdcg,
    IReadOnlyList<int> Permutation);

/// <summary>
/// REARANK's GRPO reward: 0.8 × the nDCG@10 gain, normalised between the given order and the ideal order of the same
/// candidates, plus 0.1 for the whole-response format and 0.1 for a ranking inside the answer. nDCG@10 follows
/// trec_eval (grades as gains) and is rounded to 5 decimals; a failure in the gain gives a gain of 0.
/// </summary>
public static partial class RearankReward
{
    [GeneratedRegex(@"<answer>(.*?)</answer>", RegexOptions.Singleline)]
    private static partial Regex AnswerBlock();

    private static readonly NdcgAtCutoff Ndcg10 = new([10]);

    /// <param name="response">The model's whole response.</param>
    /// <param name="candidateDocIds">The window's candidates in the order the model was shown them.</param>
    /// <param name="judgments">The query's judgments; null or empty means nothing is relevant (gain 0).</param>
    public static RewardResult Compute(string response, IReadOnlyList<string> candidateDocIds, QueryJudgments? judgments)
    {
        var formatOk = AnswerParser.HasWholeFormat(response);
        var rankingOk = AnswerParser.HasRankingList(response);
        // The permutation text is the answer block when there is one, otherwise the whole response.
        var text = AnswerBlock().Match(response) is { Success: true } block ? block.Groups[1].Value : response;
        var permutation = AnswerParser.Permutation(text, candidateDocIds.Count, out _);
        double gain = 0, initial = 0, after = 0, best = 0;
        try
        {
            // Unjudged candidates, and negative grades, gain nothing (as in trec_eval).
            var grades = candidateDocIds.Select(id => judgments is not null && judgments.TryGetGrade(id, out var g) ? g : RankedRelevance.NotJudged).ToArray();
            initial = NdcgAt10(grades, judgments);
            after = NdcgAt10(permutation.Select(i => grades[i]).ToArray(), judgments);
            best = NdcgAt10(grades.OrderByDescending(g => g).ToArray(), judgments);
            gain = best == initial ? 0 : (after - initial) / (best - initial);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            gain = 0;
        }
        var reward = 0.8 * gain + (formatOk ? 0.1 : 0) + (rankingOk ? 0.1 : 0);
        return new RewardResult(reward, gain, formatOk, rankingOk, initial, after, best, permutation);
    }

    /// <summary>
    /// nDCG@10 of the candidates' grades in this order, as trec_eval computes it against the qrels: the ideal DCG
    /// comes from every judged document of the query, so a list missing relevant documents stays below 1.
    /// Rounded to 5 decimals.
    /// </summary>
    private static double NdcgAt10(int[] grades, QueryJudgments? judgments)
    {
        if (judgments is null) return 0;
        Span<double> value = stackalloc double[1];
        Ndcg10.Compute(new RankedRelevance(grades, judgments.LevelCounts, relevanceLevel: 1), value);
        return Math.Round(value[0], 5, MidpointRounding.ToEven);
    }
}
