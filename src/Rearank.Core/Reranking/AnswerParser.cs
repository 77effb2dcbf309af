using System.Globalization;
using System.Text.RegularExpressions;

namespace Rearank.Core.Reranking;

/// <summary>What a model's answer for one window came to.</summary>
public sealed record ParsedAnswer(
    IReadOnlyList<int> Permutation,
    string? Think,
    string Answer,
    bool FormatValid,
    bool RankingFormatValid)
{
    /// <summary>True when the answer named every passage exactly once (no fall-back filling was needed).</summary>
    public bool Complete { get; init; }
}

/// <summary>
/// Turns a model's output into a permutation of the window exactly as REARANK does (protocol §4), so that garbage
/// means "keep the order" rather than an error, and reports the reasoning and whether the format was kept.
/// </summary>
public static partial class AnswerParser
{
    // Python's \s also matches the separators U+001C..U+001F, which .NET's does not.
    [GeneratedRegex(@"\A<think>.*?</think>[\s\x1c-\x1f]*<answer>.*?</answer>\z", RegexOptions.Singleline)]
    private static partial Regex WholeFormat();

    [GeneratedRegex(@"<answer>(.*?)</answer>", RegexOptions.Singleline)]
    private static partial Regex AnswerBlock();

    // Python's \d: astral digits ('[𝟏]') count, as they do in the reward's re.search.
    private static readonly Regex RankingListPattern = new(
        $@"(\[{PythonDigitPattern.Digit}+\][\s\x1c-\x1f]*>[\s\x1c-\x1f]*)*\[{PythonDigitPattern.Digit}+\]", RegexOptions.Compiled);

    private static Regex RankingList() => RankingListPattern;

    public static ParsedAnswer Parse(string output, int count)
    {
        var answer = AnswerText(output);
        return new ParsedAnswer(Permutation(answer, count, out var complete), ThinkText(output), answer,
            WholeFormat().IsMatch(output), HasRankingList(output))
        { Complete = complete };
    }

    /// <summary>Steps 1-2: the text between the first &lt;answer&gt; and the next &lt;/answer&gt; (or everything), after the last &lt;/think&gt;.</summary>
    public static string AnswerText(string output)
    {
        var text = output;
        var open = text.IndexOf("<answer>", StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = text.IndexOf("</answer>", open + "<answer>".Length, StringComparison.Ordinal);
            text = PythonStrip(close >= 0 ? text[(open + "<answer>".Length)..close] : text);
        }
        if (text.Contains("<think>", StringComparison.Ordinal))
        {
            var endThink = text.LastIndexOf("</think>", StringComparison.Ordinal);
            if (endThink >= 0) text = text[(endThink + "</think>".Length)..];
        }
        return text;
    }

    /// <summary>Steps 3-4: the numbers in order, 1-based to 0-based, first occurrences in range, then the missing ones.</summary>
    /// <remarks>
    /// With <c>strict</c>, the reward's variant: a number Python's int() refuses (superscript or circled digits, which
    /// pass isdigit()) throws <see cref="FormatException"/> instead of being skipped (protocol §6).
    /// </remarks>
    public static IReadOnlyList<int> Permutation(string answer, int count, out bool complete, bool strict = false)
    {
        var seen = new bool[count];
        var order = new List<int>(count);
        foreach (var number in Numbers(answer))
        {
            if (number is null)
            {
                if (strict) throw new FormatException("A number of digits Python's int() refuses (such as a superscript) is in the answer.");
                continue;
            }
            var index = number.Value - 1;
            if (index < 0 || index >= count || seen[index]) continue;
            seen[index] = true;
            order.Add((int)index);
        }
        complete = order.Count == count;
        for (var i = 0; i < count; i++)
            if (!seen[i]) order.Add(i);
        return order;
    }

    /// <summary>
    /// Python's digit step: every character for which str.isdigit() is false becomes a space, and each run left is
    /// read with int(), which takes any Unicode decimal digit ('４', '٤', '𝟒') and refuses the other isdigit()
    /// characters (null here). Values past any window's size are capped, as they fall out of range anyway.
    /// </summary>
    public static IEnumerable<long?> Numbers(string text)
    {
        long value = 0;
        bool inNumber = false, decimalOnly = true;
        for (var i = 0; i <= text.Length; i++)
        {
            var digit = i < text.Length ? CharUnicodeInfo.GetDigitValue(text, i) : -1;
            if (digit >= 0)
            {
                if (!inNumber) (inNumber, value, decimalOnly) = (true, 0, true);
                if (CharUnicodeInfo.GetDecimalDigitValue(text, i) < 0) decimalOnly = false;
                value = Math.Min(value * 10 + digit, int.MaxValue);
            }
            else if (inNumber)
            {
                inNumber = false;
                yield return decimalOnly ? value : null;
            }
            if (i < text.Length && char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
    }

    /// <summary>Python's str.strip(): also removes U+001C..U+001F, which .NET's Trim keeps.</summary>
    public static string PythonStrip(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && PassageText.IsPythonWhitespace(text[start])) start++;
        while (end > start && PassageText.IsPythonWhitespace(text[end - 1])) end--;
        return text[start..end];
    }

    /// <summary>The reasoning: the text inside the first &lt;think&gt;…&lt;/think&gt;, or what follows an unclosed &lt;think&gt;.</summary>
    public static string? ThinkText(string output)
    {
        var open = output.IndexOf("<think>", StringComparison.Ordinal);
        if (open < 0) return null;
        var start = open + "<think>".Length;
        var close = output.IndexOf("</think>", start, StringComparison.Ordinal);
        return PythonStrip(close >= 0 ? output[start..close] : output[start..]);
    }

    /// <summary>The reward's ranking_format_ok: an &lt;answer&gt; block whose trimmed content holds "[a] > [b] > …".</summary>
    public static bool HasRankingList(string output) =>
        AnswerBlock().Match(output) is { Success: true } block && RankingList().IsMatch(PythonStrip(block.Groups[1].Value));

    /// <summary>The reward's format_ok: the whole response is &lt;think&gt;…&lt;/think&gt; then &lt;answer&gt;…&lt;/answer&gt;.</summary>
    public static bool HasWholeFormat(string output) => WholeFormat().IsMatch(output);
}
