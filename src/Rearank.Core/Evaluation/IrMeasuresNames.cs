using System.Globalization;
using System.Text.RegularExpressions;

namespace Rearank.Core.Evaluation;

/// <summary>A measure as asked: the trec_eval argument it stands for, the relevance level it sets (rel=N), and the name to print.</summary>
public sealed record MeasureRequest(string TrecArgument, string? DisplayName, string TrecName, int? RelevanceLevel);

/// <summary>
/// ir_measures' names (nDCG@10, R@100, RR, RR@10, P@10, AP, AP@100, Judged@10, Rprec, Bpref, Success@1, ERR@20,
/// nERR@20, infAP, IPrec@0.5, NumQ, NumRet, NumRel, SetP, SetR, SetF, SetAP; P(rel=2)@10 for a relevance level,
/// NumRet(rel=1) for the relevant retrieved, SetF(beta=2), SetP(relative=True)) as the trec_eval measures they mean,
/// as ir_measures' pytrec_eval provider maps them, so either vocabulary can be asked for and each is printed back as
/// it was asked.
/// </summary>
public static partial class IrMeasuresNames
{
    [GeneratedRegex(@"^(?<name>[A-Za-z]+)(\((?<args>[^()]*)\))?(@(?<k>[0-9]*\.?[0-9]+))?(\((?<args2>[^()]*)\))?$")]
    private static partial Regex Syntax();

    /// <summary>Each name: its trec_eval measure without a cutoff, and the one with (@k); null where the form does not exist.</summary>
    private static readonly Dictionary<string, (string? Plain, string? Cut)> Families = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ERR"] = (null, "ERR"),
        ["nERR"] = (null, "nERR"),
        ["nDCG"] = ("ndcg", "ndcg_cut"),
        ["P"] = (null, "P"),
        ["R"] = (null, "recall"),
        ["AP"] = ("map", "map_cut"),
        ["RR"] = ("recip_rank", "recip_rank_cut"),
        ["Judged"] = (null, "judged"),
        ["Rprec"] = ("Rprec", null),
        ["Bpref"] = ("bpref", null),
        ["Success"] = (null, "success"),
        ["infAP"] = ("infAP", null),
        ["IPrec"] = (null, "iprec_at_recall"),
        ["NumQ"] = ("num_q", null),
        ["NumRet"] = ("num_ret", null),
        ["NumRel"] = ("num_rel", null),
        ["SetP"] = ("set_P", null),
        ["SetR"] = ("set_recall", null),
        ["SetF"] = ("set_F", null),
        ["SetAP"] = ("set_map", null),
    };

    /// <summary>Names for completion, one of each shape.</summary>
    public static readonly IReadOnlyList<string> Suggestions =
    [
        "nDCG@10", "nDCG@5", "nDCG", "R@100", "R@1000", "P@10", "RR", "RR@10", "AP", "AP@100", "Judged@10", "Rprec", "Bpref",
        "Success@1", "P(rel=2)@10", "ERR@20", "nERR@20", "infAP", "IPrec@0.5", "NumQ", "NumRet", "NumRet(rel=1)", "NumRel",
        "SetP", "SetR", "SetF", "SetAP",
    ];

    /// <summary>The request an ir_measures name stands for; null when the text is not one (a trec_eval argument, say).</summary>
    public static MeasureRequest? Translate(string text)
    {
        var match = Syntax().Match(text);
        if (!match.Success || !Families.TryGetValue(match.Groups["name"].Value, out var family)) return null;
        var arguments = Arguments(match.Groups["args"].Value + "," + match.Groups["args2"].Value);
        if (arguments is null) return null;
        var hasCut = match.Groups["k"].Success;
        if (hasCut ? family.Cut is null : family.Plain is null) return null;   // P, R, Judged, Success, IPrec need @k; Rprec takes none
        int? rel = arguments.TryGetValue("rel", out var relText)
            ? int.TryParse(relText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var level) ? level : null
            : null;
        if (relText is not null && rel is null) return null;
        var k = match.Groups["k"].Value;
        var isReal = family.Cut == "iprec_at_recall";
        if (hasCut && (isReal ? !double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out _) : !int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var cut) || cut <= 0))
            return null;

        var (argument, trecName) = hasCut
            ? ($"{family.Cut}.{k}", isReal ? $"{family.Cut}_{double.Parse(k, CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture)}" : $"{family.Cut}_{k}")
            : (family.Plain!, family.Plain!);
        switch (family.Plain)
        {
            case "num_ret" when rel is not null:
                (argument, trecName) = ("num_rel_ret", "num_rel_ret");   // ir_measures: retrieved documents at or above rel
                break;
            case "set_P" when arguments.TryGetValue("relative", out var relative) && relative.Equals("true", StringComparison.OrdinalIgnoreCase):
                (argument, trecName) = ("set_relative_P", "set_relative_P");
                break;
            case "set_F" when arguments.TryGetValue("beta", out var beta) && double.TryParse(beta, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && b != 1:
                (argument, trecName) = ($"set_F.{beta}", $"set_F_{beta}");
                break;
        }
        return new MeasureRequest(argument, text, trecName, rel);
    }

    /// <summary>key=value pairs separated by commas; null when one is malformed.</summary>
    private static Dictionary<string, string>? Arguments(string text)
    {
        var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) return null;
            arguments[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        return arguments;
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
