using System.Globalization;
using System.Text;

namespace Rearank.Core.Reranking.RankLlm;

/// <summary>
/// rank_llm's reading of a listwise answer (clean_ranking_response, then receive_permutation): the text after the
/// last &lt;/think&gt;; superscript, subscript, circled and fullwidth digits read as digits; every run of digits (or,
/// with letters as identifiers, every letter) an identifier; repeats and identifiers outside the window dropped;
/// the passages it never named after the others, in their order. A digit Python cannot read as a number ('⑴')
/// makes rank_llm keep the whole window's order, and so it does here.
/// </summary>
public static class RankLlmResponse
{
    private const string FakeDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉①②③④⑤⑥⑦⑧⑨❶❷❸❹❺❻❼❽❾０１２３４５６７８９🄀🄁🄂🄃🄄🄅🄆🄇🄈🄉";
    private const string TheirDigits = "0123456789012345678912345678912345678901234567890123456789";

    private static readonly Dictionary<int, char> FakeDigitMap = BuildFakeDigitMap();

    private static Dictionary<int, char> BuildFakeDigitMap()
    {
        var map = new Dictionary<int, char>();
        var i = 0;
        foreach (var rune in FakeDigits.EnumerateRunes()) map[rune.Value] = TheirDigits[i++];
        return map;
    }

    public static ParsedAnswer Parse(string output, int count, bool alphabetic)
    {
        var answer = output;
        string? think = null;
        var close = output.LastIndexOf("</think>", StringComparison.Ordinal);
        if (close >= 0)
        {
            think = output[..close];
            answer = AnswerParser.PythonStrip(output[(close + "</think>".Length)..]);
        }
        var named = Identifiers(answer, alphabetic);
        var permutation = new List<int>(count);
        if (named is not null)
            foreach (var index in named)
                if (index >= 0 && index < count && !permutation.Contains(index)) permutation.Add(index);
        var complete = named is not null && named.Count == count && permutation.Count == count;
        var listed = permutation.Count > 0;
        for (var i = 0; i < count; i++)
            if (!permutation.Contains(i)) permutation.Add(i);
        // rank_llm keeps its templates' validation regexes only as a record; here an answer is well-formed when it
        // names a passage of the window, and complete when it names each once.
        return new ParsedAnswer(permutation, think, answer, listed, listed) { Complete = complete };
    }

    /// <summary>The 0-based identifiers the answer names, in order; null where rank_llm's int() would fail (it then keeps the order).</summary>
    private static List<int>? Identifiers(string answer, bool alphabetic)
    {
        var cleaned = new StringBuilder(answer.Length * 2);
        foreach (var original in answer.EnumerateRunes())
        {
            var rune = FakeDigitMap.TryGetValue(original.Value, out var digit) ? new Rune(digit) : original;
            if (alphabetic)
                cleaned.Append(Rune.IsLetter(rune) ? (rune.Value - ('A' - 1)).ToString(CultureInfo.InvariantCulture) : " ");
            else if (IsPythonDigit(rune)) cleaned.Append(rune.ToString());
            else cleaned.Append(' ');
        }
        var identifiers = new List<int>();
        foreach (var token in cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = 0L;
            foreach (var rune in token.EnumerateRunes())
            {
                var decimalValue = CharUnicodeInfo.GetDecimalDigitValue(rune.ToString(), 0);
                if (decimalValue < 0) return null;
                value = value * 10 + decimalValue;
                if (value > int.MaxValue) value = int.MaxValue;
            }
            identifiers.Add((int)value - 1);
        }
        return identifiers;
    }

    /// <summary>str.isdigit: decimal digits and the other characters with a digit value (superscripts, circled digits).</summary>
    private static bool IsPythonDigit(Rune rune) => CharUnicodeInfo.GetDigitValue(rune.ToString(), 0) >= 0;

}
