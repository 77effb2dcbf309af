using System.Globalization;

namespace Rearank.Core.Inference;

/// <summary>
/// GBNF grammars that hold a model to REARANK's output format: reasoning, then an answer of bracketed ids that exist
/// in the window. The reasoning is printable ASCII without '&lt;' (so it cannot open a stray tag), which makes every
/// token add at least one character: capping its length at the token budget less the answer's guarantees the
/// answer always fits in the window's max new tokens. The parser still copes with anything a model produces
/// without a grammar.
/// </summary>
public static class AnswerGrammar
{
    /// <summary>Tokens the answer can take at most: tags, then "[n] > " (at most 7 tokens) per passage, then end of turn.</summary>
    public static int AnswerBudget(int passages) => 7 * passages + 32;

    public static string For(int passages, bool thinking, int maxNewTokens)
    {
        var ids = string.Join(" | ", Enumerable.Range(1, passages).Select(i => $"\"{i.ToString(CultureInfo.InvariantCulture)}\""));
        var ranking = $"id (\" > \" id){{0,{(passages - 1).ToString(CultureInfo.InvariantCulture)}}}";
        if (!thinking) return $"root ::= {ranking}\nid ::= \"[\" ({ids}) \"]\"\n";
        var reasoning = Math.Max(1, maxNewTokens - AnswerBudget(passages)).ToString(CultureInfo.InvariantCulture);
        return $"root ::= \"<think>\" reasoning \"</think>\\n<answer>\" {ranking} \"</answer>\"\n"
            + $"id ::= \"[\" ({ids}) \"]\"\n"
            + $"reasoning ::= [ -;=-~\\n]{{1,{reasoning}}}\n";
    }
}
