using System.Globalization;
using System.Text;

namespace Rearank.Core.Reranking;

/// <summary>
/// Python's <c>\d</c> in a str pattern: any character of category Nd, the astral ones included ('𝟏', U+1D7CF).
/// .NET's <c>\d</c> works on UTF-16 units and so misses digits outside the BMP; this adds them as surrogate pairs.
/// </summary>
internal static class PythonDigitPattern
{
    /// <summary>A non-capturing group that matches one Python digit.</summary>
    public static readonly string Digit = Build();

    private static string Build()
    {
        var pattern = new StringBuilder(@"(?:\d");
        // Astral Nd code points, grouped by high surrogate into runs of consecutive low surrogates.
        var runs = new List<(char High, char From, char To)>();
        for (var codePoint = 0x10000; codePoint <= 0x10FFFF; codePoint++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(codePoint) != UnicodeCategory.DecimalDigitNumber) continue;
            // UTF-16's surrogate pair, computed rather than allocated: this runs over a million code points once.
            var (high, low) = ((char)(0xD800 + ((codePoint - 0x10000) >> 10)), (char)(0xDC00 + ((codePoint - 0x10000) & 0x3FF)));
            if (runs.Count > 0 && runs[^1].High == high && runs[^1].To == low - 1) runs[^1] = (high, runs[^1].From, low);
            else runs.Add((high, low, low));
        }
        foreach (var (high, from, to) in runs)
            pattern.Append(CultureInfo.InvariantCulture, $@"|\u{(int)high:X4}[\u{(int)from:X4}-\u{(int)to:X4}]");
        return pattern.Append(')').ToString();
    }
}
