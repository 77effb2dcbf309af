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
    [GeneratedRegex(@"\A<think>.*?</think>\s*<answer>.*?</answer>\z", RegexOptions.Singleline)]
    private static partial Regex WholeFormat();

    [GeneratedRegex(@"<answer>(.*?)</answer>", RegexOptions.Singleline)]
    private static partial Regex AnswerBlock();

    [GeneratedRegex(@"(\[\d+\]\s*>\s*)*\[\d+\]")]
    private static partial Regex RankingList();

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
            text = close >= 0 ? text[(open + "<answer>".Length)..close].Trim() : text.Trim();
        }
        if (text.Contains("<think>", StringComparison.Ordinal))
        {
            var endThink = text.LastIndexOf("</think>", StringComparison.Ordinal);
            if (endThink >= 0) text = text[(endThink + "</think>".Length)..];
        }
        return text;
    }

    /// <summary>Steps 3-4: the numbers in order, 1-based to 0-based, first occurrences in range, then the missing ones.</summary>
    public static IReadOnlyList<int> Permutation(string answer, int count, out bool complete)
    {
        var chars = answer.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiDigit(chars[i])) chars[i] = ' ';
        var seen = new bool[count];
        var order = new List<int>(count);
        foreach (var token in new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // A number too large for an int is out of any window's range anyway.
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) continue;
            var index = number - 1;
            if (index < 0 || index >= count || seen[index]) continue;
            seen[index] = true;
            order.Add(index);
        }
        complete = order.Count == count;
        for (var i = 0; i < count; i++)
            if (!seen[i]) order.Add(i);
        return order;
    }

    /// <summary>The reasoning: the text inside the first &lt;think&gt;…&lt;/think&gt;, or what follows an unclosed &lt;think&gt;.</summary>
    public static string? ThinkText(string output)
    {
        var open = output.IndexOf("<think>", StringComparison.Ordinal);
        if (open < 0) return null;
        var start = open + "<think>".Length;
        var close = output.IndexOf("</think>", start, StringComparison.Ordinal);
        return (close >= 0 ? output[start..close] : output[start..]).Trim();
    }

    /// <summary>The reward's ranking_format_ok: an &lt;answer&gt; block whose trimmed content holds "[a] > [b] > …".</summary>
    public static bool HasRankingList(string output) =>
        AnswerBlock().Match(output) is { Success: true } block && RankingList().IsMatch(block.Groups[1].Value.Trim());

    /// <summary>The reward's format_ok: the whole response is &lt;think&gt;…&lt;/think&gt; then &lt;answer&gt;…&lt;/answer&gt;.</summary>
    public static bool HasWholeFormat(string output) => WholeFormat().IsMatch(output);
}
