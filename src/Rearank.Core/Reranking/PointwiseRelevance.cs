using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>
/// rank_llm's pointwise yes/no score (score_from_top_logprobs): of the likeliest first answer tokens, those that
/// are "yes", "Yes" or "YES" once stripped of spaces add their probability to yes, the no's to no; the score is
/// yes / (yes + no), and 0 when neither is listed. Passages are then ordered by score, ties keeping their order.
/// </summary>
public static class PointwiseRelevance
{
    /// <summary>The first-token candidates read, as rank_llm asks (top_logprobs=20).</summary>
    public const int Candidates = 20;

    private static readonly HashSet<string> Yes = new(StringComparer.Ordinal) { "yes", "Yes", "YES" };
    private static readonly HashSet<string> No = new(StringComparer.Ordinal) { "no", "No", "NO" };

    public static double Score(IReadOnlyList<TokenLogprob> tokens)
    {
        double yes = 0, no = 0;
        foreach (var token in tokens)
        {
            var text = AnswerParser.PythonStrip(token.Token);
            if (Yes.Contains(text)) yes += Math.Exp(token.Logprob);
            else if (No.Contains(text)) no += Math.Exp(token.Logprob);
        }
        return yes == 0 && no == 0 ? 0 : yes / (yes + no);
    }

    /// <summary>Window positions by score, highest first; equal scores keep their order (Python's stable sort).</summary>
    public static IReadOnlyList<int> Order(IReadOnlyList<double> scores) =>
        Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToList();

}
