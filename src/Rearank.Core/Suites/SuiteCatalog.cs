namespace Rearank.Core.Suites;

/// <summary>A dataset of an evaluation suite: its name, the folder names it may have, and the published nDCG@10 (×100).</summary>
public sealed record SuiteDataset(string Name, IReadOnlyList<string> Folders, double? PublishedBm25, double? PublishedRearank, bool Bright = false);

/// <summary>
/// REARANK's evaluation suites (`run_evaluation.py --standard` and `--bright`) and the figures the paper reports for
/// them (protocol §7): BM25 top-100 from Pyserini's flat indexes, reranked once by REARANK-7B.
/// </summary>
public static class SuiteCatalog
{
    public static readonly IReadOnlyList<SuiteDataset> Standard =
    [
        new("dl19", ["dl19", "dl19-passage", "trec-dl-2019"], 50.58, 74.16),
        new("dl20", ["dl20", "dl20-passage", "trec-dl-2020"], null, null),
        new("covid", ["covid", "trec-covid"], 59.47, 81.28),
        new("nfc", ["nfc", "nfcorpus"], 33.75, 38.83),
        new("dbpedia", ["dbpedia", "dbpedia-entity"], 31.80, 44.99),
        new("scifact", ["scifact"], 67.89, 75.02),
        new("signal", ["signal", "signal1m", "signal-1m"], 33.04, 32.69),
        new("news", ["news", "trec-news"], 39.52, 51.04),
        new("robust04", ["robust04"], 40.70, 56.16),
    ];

    public static readonly IReadOnlyList<SuiteDataset> Bright =
        new[] { "biology", "earth_science", "economics", "psychology", "robotics", "stackoverflow", "sustainable_living", "pony", "leetcode", "aops",
                "theoremqa_theorems", "theoremqa_questions" }
            .Select(task => new SuiteDataset(task, [task], null, null, Bright: true)).ToList();

    public static IReadOnlyList<SuiteDataset> Get(string suite) => suite.ToLowerInvariant() switch
    {
        "standard" => Standard,
        "bright" => Bright,
        _ => throw new ArgumentException($"There is no suite '{suite}'; the suites are standard, bright and local.", nameof(suite)),
    };

    /// <summary>
    /// The datasets named (by name or folder name), in the suite's order; every unknown name is an error. The local
    /// suite takes any names: each is a folder under the root, in any layout of the standard suite, with no published figures.
    /// </summary>
    public static IReadOnlyList<SuiteDataset> Select(string suite, IReadOnlyCollection<string>? names)
    {
        if (suite.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            if (names is null || names.Count == 0) throw new ArgumentException("The local suite runs the datasets named with -Dataset (folders under -Root).", nameof(names));
            return names.Select(n => new SuiteDataset(n, [n], null, null)).ToList();
        }
        var all = Get(suite);
        if (names is null || names.Count == 0) return all;
        var unknown = names.Where(n => !all.Any(d => Matches(d, n))).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The {suite} suite has no dataset {string.Join(", ", unknown.Select(u => $"'{u}'"))}; it has {string.Join(", ", all.Select(d => d.Name))}.", nameof(names));
        return all.Where(d => names.Any(n => Matches(d, n))).ToList();
    }

    private static bool Matches(SuiteDataset dataset, string name) =>
        dataset.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || dataset.Folders.Contains(name, StringComparer.OrdinalIgnoreCase);
}
