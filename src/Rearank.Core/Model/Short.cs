namespace Rearank.Core.Model;

/// <summary>The start of a long text, for the short forms objects print as.</summary>
internal static class Short
{
    public const int Length = 60;

    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= Length ? oneLine : string.Concat(oneLine.AsSpan(0, Length), "…");
    }
}
