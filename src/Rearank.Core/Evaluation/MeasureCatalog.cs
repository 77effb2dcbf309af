using System.Globalization;
using Rearank.Core.Evaluation.Measures;

namespace Rearank.Core.Evaluation;

/// <summary>
/// Turns trec_eval measure arguments ("ndcg_cut.10", "P.5,10", "ndcg.1=3,2=9", "map") into measures, with
/// trec_eval's default cutoffs, and lists them in trec_eval's output order.
/// </summary>
public static class MeasureCatalog
{
    private static readonly int[] DefaultCutoffs = [5, 10, 15, 20, 30, 100, 200, 500, 1000];
    private static readonly int[] DefaultSuccessCutoffs = [1, 5, 10];

    /// <summary>Every family we offer, in the order trec_eval prints them.</summary>
    public static readonly IReadOnlyList<string> Families =
    [
        "runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "Rprec", "bpref", "recip_rank", "P", "recall",
        "ndcg", "ndcg_cut", "map_cut", "success", "recip_rank_cut", "judged",
    ];

    /// <summary>What trec_eval evaluates without -m ('official'), less the measures we do not offer.</summary>
    public static readonly IReadOnlyList<string> Official = ["runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "Rprec", "bpref", "recip_rank", "P"];

    /// <summary>Parses measure arguments; a family named twice merges its cutoffs. Throws for unknown names.</summary>
    public static IReadOnlyList<Measure> Parse(IEnumerable<string> arguments)
    {
        var cutoffs = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        var plain = new HashSet<string>(StringComparer.Ordinal);
        string? ndcgParameters = null;
        var ndcgPlain = false;
        foreach (var argument in arguments)
        {
            var dot = argument.IndexOf('.');
            var name = CanonicalFamily(dot < 0 ? argument : argument[..dot]);
            var parameters = dot < 0 ? null : argument[(dot + 1)..];
            switch (name)
            {
                case "recip_rank_cut" or "judged" when parameters is null:
                    throw new ArgumentException($"Measure '{name}' needs a cutoff, like {name}.10.");
                case "P" or "recall" or "ndcg_cut" or "map_cut" or "success" or "recip_rank_cut" or "judged":
                    if (!cutoffs.TryGetValue(name, out var set)) cutoffs[name] = set = [];
                    set.UnionWith(parameters is null ? name == "success" ? DefaultSuccessCutoffs : DefaultCutoffs : ParseCutoffs(argument, parameters));
                    break;
                case "ndcg" when parameters is not null:
                    if (ndcgParameters is not null && ndcgParameters != parameters)
                        throw new ArgumentException($"ndcg is given two gain maps ('{ndcgParameters}' and '{parameters}'); give one.");
                    ParseGains(argument, parameters);
                    ndcgParameters = parameters;
                    break;
                case "ndcg":
                    ndcgPlain = true;
                    break;
                default:
                    if (parameters is not null) throw new ArgumentException($"Measure '{name}' takes no parameters: '{argument}'.");
                    plain.Add(name);
                    break;
            }
        }
        if (ndcgPlain && ndcgParameters is not null)
            throw new ArgumentException("Ask for ndcg either with a gain map or without one, not both.");

        var measures = new List<Measure>();
        foreach (var family in Families)
        {
            if (plain.Contains(family)) measures.Add(CreatePlain(family));
            else if (cutoffs.TryGetValue(family, out var set)) measures.Add(CreateCutoff(family, set.ToArray()));
            else if (family == "ndcg" && (ndcgPlain || ndcgParameters is not null))
                measures.Add(new Ndcg(ndcgParameters is null ? new Dictionary<int, double>() : ParseGains("ndcg." + ndcgParameters, ndcgParameters), ndcgParameters));
        }
        return measures;
    }

    /// <summary>Names for tab completion and error messages, with an example of the parameter syntax.</summary>
    public static IReadOnlyList<string> Suggestions { get; } =
    [
        "ndcg_cut.10", "ndcg_cut.5,10,20", "map", "map_cut.100", "recall.100", "recall.1000", "P.10", "recip_rank", "Rprec",
        "bpref", "success.1,5,10", "ndcg", "ndcg.1=1,2=3", "num_q", "num_ret", "num_rel", "num_rel_ret",
    ];

    private static string CanonicalFamily(string name) =>
        Families.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown measure '{name}'. Did you mean '{IrMeasuresNames.Closest(name, Families.Concat(IrMeasuresNames.Suggestions))}'? " +
            $"Valid measures: {string.Join(", ", Families)} (cutoffs as in trec_eval: P.5,10, ndcg_cut.10; gains: ndcg.1=3,2=9), " +
            $"or ir_measures' names: {string.Join(", ", IrMeasuresNames.Suggestions)}.");

    private static Measure CreatePlain(string family) => family switch
    {
        "runid" => new RunId(),
        "num_q" => new QueryCount(),
        "num_ret" => new RetrievedCount(),
        "num_rel" => new RelevantCount(),
        "num_rel_ret" => new RelevantRetrievedCount(),
        "map" => new AveragePrecision(),
        "Rprec" => new RPrecision(),
        "bpref" => new Bpref(),
        "recip_rank" => new ReciprocalRank(),
        _ => throw new InvalidOperationException(family),
    };

    private static Measure CreateCutoff(string family, int[] cutoffs) => family switch
    {
        "P" => new Precision(cutoffs),
        "recall" => new Recall(cutoffs),
        "ndcg_cut" => new NdcgAtCutoff(cutoffs),
        "map_cut" => new AveragePrecisionAtCutoff(cutoffs),
        "success" => new Success(cutoffs),
        "recip_rank_cut" => new ReciprocalRankAtCutoff(cutoffs),
        "judged" => new Judged(cutoffs),
        _ => throw new InvalidOperationException(family),
    };

    /// <summary>Comma-separated positive integers; like trec_eval's atol, '23.4' reads as 23.</summary>
    private static IEnumerable<int> ParseCutoffs(string argument, string parameters)
    {
        var values = new List<int>();
        foreach (var part in parameters.Split(','))
        {
            var digits = new string(part.Trim().TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var cutoff) || cutoff <= 0)
                throw new ArgumentException($"'{argument}': cutoffs must be positive integers separated by commas, like P.5,10.");
            if (values.Contains(cutoff)) throw new ArgumentException($"'{argument}': cutoff {cutoff} is given twice.");
            values.Add(cutoff);
        }
        return values;
    }

    /// <summary>grade=gain pairs; as in trec_eval, a pair whose grade is not an integer is ignored.</summary>
    private static Dictionary<int, double> ParseGains(string argument, string parameters)
    {
        var gains = new Dictionary<int, double>();
        foreach (var pair in parameters.Split(','))
        {
            var equals = pair.IndexOf('=');
            if (equals < 0 || !double.TryParse(pair[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var gain))
                throw new ArgumentException($"'{argument}': gains are grade=gain pairs separated by commas, like ndcg.1=3,2=9.");
            if (int.TryParse(pair[..equals], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade)) gains[grade] = gain;
        }
        return gains;
    }
}
