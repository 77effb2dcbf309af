using System.Globalization;
using Rearank.Core.Evaluation.Measures;

namespace Rearank.Core.Evaluation;

/// <summary>
/// Turns trec_eval measure arguments ("ndcg_cut.10", "P.5,10", "ndcg.1=3,2=9", "map", "all_trec") into measures,
/// with trec_eval's default parameters, and lists them in trec_eval's output order.
/// </summary>
public static class MeasureCatalog
{
    private static readonly int[] DefaultCutoffs = [5, 10, 15, 20, 30, 100, 200, 500, 1000];
    private static readonly double[] ElevenPoints = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    private static readonly double[] RPrecisionMultiplesDefaults = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0];

    /// <summary>How a family's parameters are written and read.</summary>
    private enum Parameters
    {
        /// <summary>None allowed.</summary>
        None,
        /// <summary>Positive integer cutoffs, sorted, one value each (P.5,10).</summary>
        RankCutoffs,
        /// <summary>Real cutoffs, sorted, one value each (iprec_at_recall.0.1,0.5).</summary>
        RealCutoffs,
        /// <summary>Real numbers in the order given, one value in all (utility.1,-1,0,0).</summary>
        Reals,
        /// <summary>name=value pairs, one value in all (ndcg.1=3,2=9; rbp.p=0.8).</summary>
        Pairs,
    }

    private sealed record Family(string Name, Parameters Kind, object? Defaults = null);

    /// <summary>
    /// Every family we offer, in the order trec_eval prints them; judged and recip_rank_cut (ir_measures'), and ERR and
    /// nERR (gdeval's, at 20 by default as gdeval reports), which trec_eval lacks, come last.
    /// </summary>
    private static readonly Family[] Table =
    [
        new("runid", Parameters.None), new("num_q", Parameters.None), new("num_ret", Parameters.None),
        new("num_rel", Parameters.None), new("num_rel_ret", Parameters.None), new("map", Parameters.None),
        new("gm_map", Parameters.None), new("Rprec", Parameters.None), new("bpref", Parameters.None),
        new("recip_rank", Parameters.None), new("iprec_at_recall", Parameters.RealCutoffs, ElevenPoints),
        new("P", Parameters.RankCutoffs, DefaultCutoffs), new("relstring", Parameters.Reals, new[] { 10.0 }),
        new("recall", Parameters.RankCutoffs, DefaultCutoffs), new("infAP", Parameters.None),
        new("gm_bpref", Parameters.None),
        new("Rprec_mult", Parameters.RealCutoffs, RPrecisionMultiplesDefaults),
        new("utility", Parameters.Reals, new[] { 1.0, -1.0, 0.0, 0.0 }), new("11pt_avg", Parameters.Reals, ElevenPoints),
        new("binG", Parameters.None), new("G", Parameters.Pairs), new("dcg", Parameters.Pairs),
        new("ideal_dcg", Parameters.Pairs), new("ndcg", Parameters.Pairs), new("ndcg_rel", Parameters.Pairs),
        new("Rndcg", Parameters.Pairs), new("ndcg_cut", Parameters.RankCutoffs, DefaultCutoffs),
        new("map_cut", Parameters.RankCutoffs, DefaultCutoffs), new("relative_P", Parameters.RankCutoffs, DefaultCutoffs),
        new("success", Parameters.RankCutoffs, new[] { 1, 5, 10 }), new("set_P", Parameters.None),
        new("set_relative_P", Parameters.None), new("set_recall", Parameters.None), new("set_map", Parameters.None),
        new("set_F", Parameters.Reals, new[] { 1.0 }), new("num_nonrel_judged_ret", Parameters.None),
        new("prefs_num_prefs_poss", Parameters.None), new("prefs_num_prefs_ful", Parameters.None),
        new("prefs_num_prefs_ful_ret", Parameters.None), new("prefs_simp", Parameters.None), new("prefs_pair", Parameters.None),
        new("prefs_avgjg", Parameters.None), new("prefs_avgjg_Rnonrel", Parameters.None), new("prefs_simp_ret", Parameters.None),
        new("prefs_pair_ret", Parameters.None), new("prefs_avgjg_ret", Parameters.None), new("prefs_avgjg_Rnonrel_ret", Parameters.None),
        new("prefs_simp_imp", Parameters.None), new("prefs_pair_imp", Parameters.None), new("prefs_avgjg_imp", Parameters.None),
        new("map_avgjg", Parameters.None), new("P_avgjg", Parameters.RankCutoffs, DefaultCutoffs),
        new("Rprec_mult_avgjg", Parameters.RealCutoffs, RPrecisionMultiplesDefaults),
        new("rbp", Parameters.Pairs), new("rbp_resid", Parameters.Pairs), new("unj", Parameters.RankCutoffs, new[] { 5, 10, 20 }),
        new("recip_rank_cut", Parameters.RankCutoffs), new("judged", Parameters.RankCutoffs),
        new("ERR", Parameters.RankCutoffs, new[] { 20 }), new("nERR", Parameters.RankCutoffs, new[] { 20 }),
    ];

    /// <summary>Every family we offer, in the order trec_eval prints them.</summary>
    public static readonly IReadOnlyList<string> Families = Table.Select(f => f.Name).ToArray();

    /// <summary>What trec_eval evaluates without -m ('official').</summary>
    public static readonly IReadOnlyList<string> Official =
        ["runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map", "Rprec", "bpref", "recip_rank", "iprec_at_recall", "P"];

    /// <summary>trec_eval's -m nicknames and the families each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Nicknames = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["official"] = Official,
        ["all_trec"] = ["runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map", "Rprec", "bpref", "recip_rank",
            "iprec_at_recall", "P", "relstring", "recall", "unj", "rbp", "rbp_resid", "infAP", "gm_bpref", "utility", "11pt_avg",
            "ndcg", "relative_P", "Rprec_mult", "success", "map_cut", "ndcg_cut", "ndcg_rel", "Rndcg", "binG", "G", "set_P",
            "set_recall", "set_relative_P", "set_map", "set_F", "num_nonrel_judged_ret"],
        ["qrels_jg"] = ["runid", "num_q", "map_avgjg", "P_avgjg", "Rprec_mult_avgjg"],
        ["all_prefs"] = ["runid", "num_q", "prefs_num_prefs_poss", "prefs_num_prefs_ful", "prefs_num_prefs_ful_ret", "prefs_simp",
            "prefs_pair", "prefs_avgjg", "prefs_avgjg_Rnonrel", "prefs_simp_ret", "prefs_pair_ret", "prefs_avgjg_ret",
            "prefs_avgjg_Rnonrel_ret", "prefs_simp_imp", "prefs_pair_imp", "prefs_avgjg_imp"],
        ["prefs"] = ["runid", "num_q", "prefs_num_prefs_poss", "prefs_num_prefs_ful", "prefs_num_prefs_ful_ret", "prefs_simp",
            "prefs_pair", "prefs_avgjg"],
        ["set"] = ["runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "utility", "set_P", "set_recall", "set_relative_P", "set_map", "set_F"],
    };

    /// <summary>
    /// Parses measure arguments. A nickname (all_trec, official, set) asks for its families with their default
    /// parameters; a family also named with parameters takes those (all_trec with relstring.20). A cutoff family named
    /// twice merges its cutoffs; any other family given two different parameter lists is an error. Throws for unknown names.
    /// </summary>
    public static IReadOnlyList<Measure> Parse(IEnumerable<string> arguments)
    {
        var asked = new Dictionary<string, List<string?>>(StringComparer.Ordinal);   // family -> parameter lists (null: defaults)
        var fromNickname = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            if (Nicknames.TryGetValue(argument, out var members))
            {
                fromNickname.UnionWith(members);
                continue;
            }
            var dot = argument.IndexOf('.');
            var family = Lookup(dot < 0 ? argument : argument[..dot]);
            var parameters = dot < 0 ? null : argument[(dot + 1)..];
            if (parameters is not null && family.Kind == Parameters.None)
                throw new ArgumentException($"Measure '{family.Name}' takes no parameters: '{argument}'.");
            if (parameters is null && family.Defaults is null && family.Kind == Parameters.RankCutoffs)
                throw new ArgumentException($"Measure '{family.Name}' needs a cutoff, like {family.Name}.10.");
            if (!asked.TryGetValue(family.Name, out var lists)) asked[family.Name] = lists = [];
            lists.Add(parameters);
        }

        var measures = new List<Measure>();
        foreach (var family in Table)
        {
            if (asked.TryGetValue(family.Name, out var lists)) measures.Add(Create(family, lists));
            else if (fromNickname.Contains(family.Name)) measures.Add(Create(family, [null]));
        }
        return measures;
    }

    /// <summary>Names for tab completion and error messages, with an example of the parameter syntax.</summary>
    public static IReadOnlyList<string> Suggestions { get; } =
    [
        "ndcg_cut.10", "ndcg_cut.5,10,20", "map", "map_cut.100", "recall.100", "recall.1000", "P.10", "recip_rank", "Rprec",
        "bpref", "success.1,5,10", "ndcg", "ndcg.1=1,2=3", "num_q", "num_ret", "num_rel", "num_rel_ret", "all_trec", "official",
        "gm_map", "infAP", "iprec_at_recall", "11pt_avg", "Rprec_mult", "relative_P.10", "unj.10", "rbp", "rbp.p=0.8",
        "rbp_resid", "set_F", "utility.1,-1,0,0", "ERR.20", "nERR.20", "relstring.20", "ndcg_rel", "Rndcg", "binG", "G", "num_nonrel_judged_ret",
    ];

    private static Family Lookup(string name) =>
        Table.FirstOrDefault(f => f.Name.Equals(name, StringComparison.Ordinal))
        ?? Table.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown measure '{name}'. Did you mean '{IrMeasuresNames.Closest(name, Families.Concat(Nicknames.Keys).Concat(IrMeasuresNames.Suggestions))}'? " +
            $"Valid measures: {string.Join(", ", Families)}; nicknames: {string.Join(", ", Nicknames.Keys)} " +
            $"(cutoffs as in trec_eval: P.5,10, ndcg_cut.10; gains: ndcg.1=3,2=9), " +
            $"or ir_measures' names: {string.Join(", ", IrMeasuresNames.Suggestions)}.");

    private static Measure Create(Family family, List<string?> lists)
    {
        switch (family.Kind)
        {
            case Parameters.None:
                return CreatePlain(family.Name);
            case Parameters.RankCutoffs:
                var cutoffs = new SortedSet<int>();
                foreach (var list in lists)
                    cutoffs.UnionWith(list is null ? (int[])family.Defaults! : ParseRankCutoffs($"{family.Name}.{list}", list));
                return CreateRankCutoff(family.Name, cutoffs.ToArray());
        }
        var given = lists.Where(l => l is not null).Distinct(StringComparer.Ordinal).ToList();
        if (given.Count > 1)
            throw new ArgumentException($"{family.Name} is given two parameter lists ('{given[0]}' and '{given[1]}'); give one.");
        if (given.Count == 1 && lists.Contains(null) && family.Kind == Parameters.Pairs)
            throw new ArgumentException($"Ask for {family.Name} either with parameters or without, not both.");
        var parameters = given.Count == 1 ? given[0] : null;
        var argument = $"{family.Name}.{parameters}";
        return family.Kind switch
        {
            Parameters.RealCutoffs => CreateRealCutoff(family.Name,
                parameters is null ? (double[])family.Defaults! : ParseRealCutoffs(argument, parameters)),
            Parameters.Reals => CreateReals(family.Name, parameters is null ? (double[])family.Defaults! : ParseReals(argument, parameters), parameters),
            _ => CreatePairs(family.Name, parameters is null ? [] : ParsePairs(argument, parameters), parameters),
        };
    }

    private static Measure CreatePlain(string family) => family switch
    {
        "runid" => new RunId(),
        "num_q" => new QueryCount(),
        "num_ret" => new RetrievedCount(),
        "num_rel" => new RelevantCount(),
        "num_rel_ret" => new RelevantRetrievedCount(),
        "map" => new AveragePrecision(),
        "gm_map" => new GeometricMeanAveragePrecision(),
        "Rprec" => new RPrecision(),
        "bpref" => new Bpref(),
        "recip_rank" => new ReciprocalRank(),
        "infAP" => new InferredAveragePrecision(),
        "gm_bpref" => new GeometricMeanBpref(),
        "binG" => new BinaryGain(),
        "set_P" => new SetPrecision(),
        "set_relative_P" => new SetRelativePrecision(),
        "set_recall" => new SetRecall(),
        "set_map" => new SetAveragePrecision(),
        "num_nonrel_judged_ret" => new NonRelevantJudgedRetrievedCount(),
        "map_avgjg" => JudgmentGroupAverage.AveragePrecision(),
        "prefs_num_prefs_poss" => PreferenceCount.Possible(),
        "prefs_num_prefs_ful" => PreferenceCount.Fulfilled(),
        "prefs_num_prefs_ful_ret" => PreferenceCount.FulfilledRetrieved(),
        "prefs_simp" => new PreferenceRatio(PreferenceScope.All),
        "prefs_simp_ret" => new PreferenceRatio(PreferenceScope.Retrieved),
        "prefs_simp_imp" => new PreferenceRatio(PreferenceScope.Implied),
        "prefs_pair" => new PreferencePairAverage(PreferenceScope.All),
        "prefs_pair_ret" => new PreferencePairAverage(PreferenceScope.Retrieved),
        "prefs_pair_imp" => new PreferencePairAverage(PreferenceScope.Implied),
        "prefs_avgjg" => new PreferenceGroupAverage(PreferenceScope.All),
        "prefs_avgjg_ret" => new PreferenceGroupAverage(PreferenceScope.Retrieved),
        "prefs_avgjg_imp" => new PreferenceGroupAverage(PreferenceScope.Implied),
        "prefs_avgjg_Rnonrel" => new PreferenceRNonRelevant(retrievedOnly: false),
        "prefs_avgjg_Rnonrel_ret" => new PreferenceRNonRelevant(retrievedOnly: true),
        _ => throw new InvalidOperationException(family),
    };

    private static Measure CreateRankCutoff(string family, int[] cutoffs) => family switch
    {
        "P" => new Precision(cutoffs),
        "recall" => new Recall(cutoffs),
        "ndcg_cut" => new NdcgAtCutoff(cutoffs),
        "map_cut" => new AveragePrecisionAtCutoff(cutoffs),
        "relative_P" => new RelativePrecision(cutoffs),
        "success" => new Success(cutoffs),
        "unj" => new Unjudged(cutoffs),
        "P_avgjg" => JudgmentGroupAverage.Precision(cutoffs),
        "recip_rank_cut" => new ReciprocalRankAtCutoff(cutoffs),
        "judged" => new Judged(cutoffs),
        "ERR" => new ExpectedReciprocalRank(cutoffs),
        "nERR" => new NormalizedExpectedReciprocalRank(cutoffs),
        _ => throw new InvalidOperationException(family),
    };

    private static Measure CreateRealCutoff(string family, double[] cutoffs) => family switch
    {
        "iprec_at_recall" => new InterpolatedPrecisionAtRecall(cutoffs),
        "Rprec_mult" => new RPrecisionMultiples(cutoffs),
        "Rprec_mult_avgjg" => JudgmentGroupAverage.RPrecisionMultiples(cutoffs),
        _ => throw new InvalidOperationException(family),
    };

    private static Measure CreateReals(string family, double[] values, string? printable) => family switch
    {
        "relstring" => new RelString((int)values[0], printable),
        "utility" => new Utility(values, printable),
        "11pt_avg" => values.Length > 0 ? new ElevenPointAverage(values, printable) : throw new ArgumentException("11pt_avg needs at least one recall point."),
        "set_F" => new SetF(values[0], printable),
        _ => throw new InvalidOperationException(family),
    };

    private static Measure CreatePairs(string family, GainParameter[] pairs, string? printable) => family switch
    {
        "ndcg" => new Ndcg(pairs, printable),
        "dcg" => new Ndcg(pairs, printable, DcgKind.Raw),
        "ideal_dcg" => new Ndcg(pairs, printable, DcgKind.Ideal),
        "ndcg_rel" => new NdcgAtRelevant(pairs, printable),
        "Rndcg" => new NdcgAtRLevels(pairs, printable),
        "G" => new NormalizedGain(pairs, printable),
        "rbp" => new RankBiasedPrecision(pairs, printable),
        "rbp_resid" => new RankBiasedResidual(pairs, printable),
        _ => throw new InvalidOperationException(family),
    };

    /// <summary>Comma-separated positive integers; like trec_eval's atol, '23.4' reads as 23.</summary>
    private static IEnumerable<int> ParseRankCutoffs(string argument, string parameters)
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

    /// <summary>Comma-separated reals, sorted ascending; a value given twice is an error, as in trec_eval.</summary>
    private static double[] ParseRealCutoffs(string argument, string parameters)
    {
        var values = ParseReals(argument, parameters);
        Array.Sort(values);
        for (var i = 1; i < values.Length; i++)
            if (values[i] == values[i - 1]) throw new ArgumentException($"'{argument}': cutoff {values[i].ToString(CultureInfo.InvariantCulture)} is given twice.");
        return values;
    }

    /// <summary>Comma-separated reals in the order given ('.25' and '5.0' read as trec_eval's atof reads them).</summary>
    private static double[] ParseReals(string argument, string parameters) =>
        parameters.Split(',').Select(part =>
            double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException($"'{argument}': parameters must be numbers separated by commas, like {argument[..argument.IndexOf('.')]}.0.5,1."))
        .ToArray();

    /// <summary>name=value pairs; as in trec_eval, a name that is not an integer grade is kept (rbp's p) but is no gain.</summary>
    private static GainParameter[] ParsePairs(string argument, string parameters)
    {
        var pairs = new List<GainParameter>();
        foreach (var pair in parameters.Split(','))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0 || !double.TryParse(pair[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new ArgumentException($"'{argument}': parameters are name=value pairs separated by commas, like ndcg.1=3,2=9 or rbp.p=0.8.");
            pairs.Add(new GainParameter(pair[..equals], value));
        }
        return pairs.ToArray();
    }
}
