using System.Globalization;
using System.Text.RegularExpressions;

namespace Rearank.Core.Evaluation;

/// <summary>A measure as asked: the trec_eval argument it stands for, the relevance level it sets (rel=N), and the name to print.</summary>
public sealed record MeasureRequest(string TrecArgument, string? DisplayName, string TrecName, int? RelevanceLevel);

/// <summary>
/// ir_measures' names (nDCG@10, R@100, RR, RR@10, P@10, AP, AP@100, Judged@10, Rprec, Bpref, Success@1, ERR@20, nERR@20; P(rel=2)@10
/// for a relevance level) as the trec_eval measures they mean, so either vocabulary can be asked for and each is
/// printed back as it was asked.
/// </summary>
public static partial class IrMeasuresNames
{
    [GeneratedRegex(@"^(?<name>[A-Za-z]+)(\(rel=(?<rel>-?\d+)\))?(@(?<k>\d+))?(\(rel=(?<rel2>-?\d+)\))?$")]
    private static partial Regex Syntax();

    private static readonly Dictionary<string, (string? Plain, string? Cut)> Families = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ERR"] = (null, "ERR"),
        ["nERR"] = (null, "nERR"),
        ["nDCG"] = ("ndcg", "ndcg_cut"),
        ["P"] = ("P", "P"),
        ["R"] = ("recall", "recall"),
        ["AP"] = ("map", "map_cut"),
        ["RR"] = ("recip_rank", "recip_rank_cut"),
        ["Judged"] = ("judged", "judged"),
        ["Rprec"] = ("Rprec", null),
        ["Bpref"] = ("bpref", null),
        ["Success"] = ("success", "success"),
    };

    /// <summary>Names for completion, one of each shape.</summary>
    public static readonly IReadOnlyList<string> Suggestions =
        ["nDCG@10", "nDCG@5", "nDCG", "R@100", "R@1000", "P@10", "RR", "RR@10", "AP", "AP@100", "Judged@10", "Rprec", "Bpref", "Success@1", "P(rel=2)@10", "ERR@20", "nERR@20"];

    /// <summary>The request an ir_measures name stands for; null when the text is not one (a trec_eval argument, say).</summary>
    public static MeasureRequest? Translate(string text)
    {
        if (text.Contains('.') || text.Contains('_')) return null;   // trec_eval syntax: ndcg_cut.10, recip_rank
        var match = Syntax().Match(text);
        if (!match.Success || !Families.TryGetValue(match.Groups["name"].Value, out var family)) return null;
        var hasCut = match.Groups["k"].Success;
        if (!hasCut && family.Plain is "P" or "judged" or "success" or "recall") return null;   // they need a cutoff
        if (hasCut && family.Cut is null) return null;
        if (!hasCut && family.Plain is null) return null;
        var rel = match.Groups["rel"].Success ? match.Groups["rel"].Value : match.Groups["rel2"].Success ? match.Groups["rel2"].Value : null;
        var k = hasCut ? int.Parse(match.Groups["k"].Value, CultureInfo.InvariantCulture) : 0;
        if (hasCut && k <= 0) return null;
        var argument = hasCut ? $"{family.Cut}.{k}" : family.Plain!;
        var trecName = hasCut ? $"{family.Cut}_{k}" : family.Plain!;
        return new MeasureRequest(argument, text, trecName, rel is null ? null : int.Parse(rel, CultureInfo.InvariantCulture));
    }

    /// <summary>The known name closest to <paramref name="text"/> (edit distance, case-insensitive), for "did you mean".</summary>
    public static string Closest(string text, IEnumerable<string> known) =>
        known.MinBy(k => Distance(text.ToLowerInvariant(), k.ToLowerInvariant())) ?? "";

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
