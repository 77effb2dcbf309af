using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>
/// FIRST (Reddy et al., 2024) as rank_llm's _evaluate_logits reads it: of the likeliest first answer tokens (after
/// the prompt and "["), each that is exactly one identifier of the window scores that passage with its
/// log-probability (the best, if several do); passages are ordered by score, ties in the order the tokens came
/// (likeliest first, then by token id), and passages no listed token names follow in window order. Numeric
/// identifiers are read as rank_llm reads them, single characters "1" to "9" only (Qwen and Llama spell "10" as two
/// tokens, so its first token is "1"); alphabetic ones cover the window.
/// </summary>
public static class FirstTokenRanking
{
    /// <summary>The first-token candidates a local session lists, as rank_llm asks vLLM for (logprobs=30).</summary>
    public const int LocalCandidates = 30;

    /// <summary>The most a remote session can ask for: OpenAI's top_logprobs limit, and vLLM's default max_logprobs.</summary>
    public const int RemoteCandidates = 20;

    /// <summary>What FIRST appends to the prompt: the answer's opening bracket, so the next token is an identifier.</summary>
    public const string Prefill = "[";

    /// <summary>The window's order and each passage's score (null: no listed token named it), by window position.</summary>
    public static (IReadOnlyList<int> Permutation, IReadOnlyList<double?> Scores, string Answer) Rank(IReadOnlyList<TokenLogprob> tokens, int count, bool alphabetic)
    {
        var scores = new double?[count];
        var order = new List<int>();
        foreach (var token in tokens)
        {
            var index = IdentifierIndex(token.Token, count, alphabetic);
            if (index < 0) continue;
            if (scores[index] is null) order.Add(index);
            if (scores[index] is not { } previous || token.Logprob > previous) scores[index] = token.Logprob;
        }
        // A stable sort: equal scores keep the order their tokens came in.
        var ranked = order.Select((index, arrival) => (index, arrival)).OrderByDescending(p => scores[p.index]!.Value).ThenBy(p => p.arrival).Select(p => p.index).ToList();
        var answer = string.Join(">", ranked.Select(i => $"[{RankLlm.RankLlmPrompt.IdentifierOf(i, alphabetic)}]"));
        for (var i = 0; i < count; i++)
            if (!ranked.Contains(i)) ranked.Add(i);
        return (ranked, scores, answer);
    }

    /// <summary>The window position a token names, or -1: one letter A.. within the window, or one digit 1-9 within it.</summary>
    private static int IdentifierIndex(string token, int count, bool alphabetic)
    {
        if (alphabetic)
            return token.Length == 1 && char.IsLetter(token[0]) && token[0] >= 'A' && token[0] < 'A' + count ? token[0] - 'A' : -1;
        // rank_llm: one numeric character, not a superscript, subscript, fraction or CJK numeral, read with int()
        // (decimal digits of any script), kept within 1..9.
        if (token.Length != 1 || char.GetUnicodeCategory(token[0]) != System.Globalization.UnicodeCategory.DecimalDigitNumber) return -1;
        var value = (int)char.GetNumericValue(token[0]);
        return value >= 1 && value <= 9 && value <= count ? value - 1 : -1;
    }
}
