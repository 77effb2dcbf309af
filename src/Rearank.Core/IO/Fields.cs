namespace Rearank.Core.IO;

/// <summary>Column splitting shared by the whitespace-separated TREC formats.</summary>
internal static class Fields
{
    private static readonly char[] Whitespace = [' ', '\t'];

    public static string[] SplitWhitespace(string line) =>
        line.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
