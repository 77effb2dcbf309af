using Rearank.Core.Model;
using System.Text.RegularExpressions;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Measures;
using Rearank.Core.Reranking;

namespace Rearank.Core.Training;

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
    /// <param name="candidateScores">
    /// The candidates' first-stage scores, in the same order. Upstream evaluates a reranked window through trec_eval
    /// with each slot keeping its score, so tied scores are put back in trec_eval's order (score descending, then
    /// docid descending) and a window whose scores all tie gains nothing. Null evaluates positions, as if the scores
    /// strictly decreased.
    /// </param>
    public static RewardResult Compute(string response, IReadOnlyList<string> candidateDocIds, QueryJudgments? judgments,
        IReadOnlyList<double>? candidateScores = null)
    {
        if (candidateScores is not null && candidateScores.Count != candidateDocIds.Count)
            throw new ArgumentException("There must be one score per candidate.", nameof(candidateScores));
        var formatOk = AnswerParser.HasWholeFormat(response);
        var rankingOk = AnswerParser.HasRankingList(response);
        // The permutation text is the answer block (stripped) when there is one, otherwise the whole response.
        var text = AnswerBlock().Match(response) is { Success: true } block ? AnswerParser.PythonStrip(block.Groups[1].Value) : AnswerParser.PythonStrip(response);
        var count = candidateDocIds.Count;
        IReadOnlyList<int> permutation = Enumerable.Range(0, count).ToList();
        double gain = 0, initial = 0, after = 0, best = 0;
        try
        {
            // Upstream reads the numbers without a try: one that int() refuses makes the whole nDCG term 0.
            permutation = AnswerParser.Permutation(text, count, out _, strict: true);
            // Unjudged candidates, and negative grades, gain nothing (as in trec_eval).
            var grades = candidateDocIds.Select(id => judgments is not null && judgments.TryGetGrade(id, out var g) ? g : RankedRelevance.NotJudged).ToArray();
            var identity = Enumerable.Range(0, count).ToArray();
            initial = NdcgAt10(Evaluated(identity, grades, candidateDocIds, candidateScores), judgments);
            after = NdcgAt10(Evaluated(permutation, grades, candidateDocIds, candidateScores), judgments);
            // Where tied slots still put the ideal below the given order, there is nothing to gain (protocol §6).
            best = Math.Max(initial, NdcgAt10(Evaluated(IdealOrder(grades), grades, candidateDocIds, candidateScores), judgments));
            gain = best == initial ? 0 : (after - initial) / (best - initial);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            gain = 0;
        }
        var reward = 0.8 * gain + (formatOk ? 0.1 : 0) + (rankingOk ? 0.1 : 0);
        return new RewardResult(reward, gain, formatOk, rankingOk, initial, after, best, permutation);
    }

    /// <summary>
    /// The ideal order of a window: by grade, unjudged (and negative) as 0, stable in the order shown. Sorting
    /// unjudged below judged-irrelevant candidates would, where tie groups mix the two, move relevant ones down and put
    /// the "best" below the start (a gain that explodes).
    /// </summary>
    public static int[] IdealOrder(IReadOnlyList<int> grades) =>
        Enumerable.Range(0, grades.Count).OrderByDescending(i => Math.Max(0, grades[i])).ToArray();

    /// <summary>
    /// The grades in the order trec_eval reads the reranked window: slot p holds candidate order[p] with slot p's
    /// score, sorted by score descending, then docid descending (byte-wise). Without scores, the slots' order.
    /// </summary>
    internal static int[] Evaluated(IReadOnlyList<int> order, IReadOnlyList<int> grades, IReadOnlyList<string> docIds, IReadOnlyList<double>? scores)
    {
        var slots = Enumerable.Range(0, order.Count);
        if (scores is not null)
            slots = slots.OrderByDescending(p => scores[p]).ThenByDescending(p => docIds[order[p]], TrecOrder.Ids);
        return slots.Select(p => grades[order[p]]).ToArray();
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
