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
        var longest = query.Hits.Take(options.Depth).OrderByDescending(h => PassageText.Format(h.Title, h.Text ?? "").Length)
            .Take(options.Method == RerankMethod.Pointwise ? 1 : options.WindowSize).ToList();
        if (longest.Count == 0) return 0;
        return options.Method switch
        {
            // A pointwise prompt holds one passage and is answered with one token.
            RerankMethod.Pointwise => budget.CountPromptTokens(((RankLlm.RankLlmPrompt)options.Template).PointwiseMessages(query.QueryText, longest[0])) + 1,
            // FIRST's prompt has "[" after the messages, then the one position whose logits are read.
            RerankMethod.FirstToken => budget.CountPromptTokens(options.Template.Messages(query.QueryText, longest)) + 2,
            _ => budget.CountPromptTokens(options.Template.Messages(query.QueryText, longest)) + options.MaxNewTokens,
        };
    }
}
