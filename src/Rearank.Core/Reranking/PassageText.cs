using System.Text;

namespace Rearank.Core.Reranking;

/// <summary>
/// How REARANK turns a document into the text a prompt shows (protocol §1): "Title: {title} Content: {text}",
/// whitespace collapsed, the empty-title prefix removed, then cut to a number of characters (code points, as
/// Python counts them, so a surrogate pair is never split) or of words (RankGPT's original).
/// </summary>
public static class PassageText
{
    /// <summary>
    /// The stored form, as REARANK's retriever writes a hit's content: with a title field (even an empty one, as BEIR
    /// rows have), "Title: {title} Content: {text}" with whitespace collapsed, so an empty title and text give
    /// "Title: Content:" (protocol §1); without a title field (null), the text exactly as written, as a candidate
    /// file's content reaches upstream's prompt builder: that removes the empty-title marker before collapsing, so a
    /// raw "Title:  Content: foo" keeps its marker, and an empty content renders as "[k] ".
    /// </summary>
    public static string Format(string? title, string text) =>
        title is null ? text : Collapse($"Title: {title} Content: {text}");

    /// <summary>The prompt form: empty-title prefix removed, trimmed, collapsed, then cut.</summary>
    public static string ForPrompt(string formatted, int maxCharacters) =>
        FirstCodePoints(Collapse(formatted.Replace("Title: Content: ", "", StringComparison.Ordinal)), maxCharacters);

    /// <summary>RankGPT's original cut: the first <paramref name="maxWords"/> whitespace-separated words.</summary>
    public static string ForPromptByWords(string formatted, int maxWords) =>
        string.Join(' ', Words(formatted.Replace("Title: Content: ", "", StringComparison.Ordinal)).Take(maxWords));

    /// <summary>Python's " ".join(text.split()): runs of Unicode whitespace become one space, ends trimmed.</summary>
    public static string Collapse(string text) => string.Join(' ', Words(text));

    /// <summary>Python's str.split(): the runs of text between Unicode whitespace.</summary>
    internal static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var boundary = i == text.Length || IsPythonWhitespace(text[i]);
            if (!boundary && start < 0) start = i;
            else if (boundary && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>str.isspace(): .NET's white space plus the four ASCII separators U+001C..U+001F.</summary>
    internal static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    private static string FirstCodePoints(string text, int count)
    {
        var builder = new StringBuilder(Math.Min(text.Length, count * 2));
        var taken = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (taken++ == count) break;
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }
}
