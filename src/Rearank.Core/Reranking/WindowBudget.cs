using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>
/// What a query's largest window can need: its longest passages (within the depth) in one window, measured with the
/// model's tokenizer, plus the new tokens. Long queries (BRIGHT's are whole posts) can outgrow a context; saying so
/// before decoding is kinder than a failed window an hour in.
/// </summary>
public static class WindowBudget
{
    public static int LargestWindowTokens(IPromptBudget budget, QueryCandidates query, RerankOptions options)
    {
        var longest = query.Hits.Take(options.Depth).Select(h => PassageText.Format(h.Title, h.Text ?? ""))
            .OrderByDescending(p => p.Length).Take(options.WindowSize).ToList();
        return longest.Count == 0 ? 0 : budget.CountPromptTokens(options.Template.Messages(query.QueryText, longest)) + options.MaxNewTokens;
    }
}
