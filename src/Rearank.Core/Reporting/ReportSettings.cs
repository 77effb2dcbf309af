using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;
using Rearank.Core.Model;

namespace Rearank.Core.Reporting;

/// <summary>What a report shows besides the runs: the measures, the tests' settings, and where everything came from.</summary>
public sealed record ReportSettings
{
    public string Title { get; init; } = "Rearank report";

    /// <summary>The measures, named as asked; the first is the one the chart opens on.</summary>
    public required IReadOnlyList<MeasureGroup> Measures { get; init; }

    /// <summary>The measure the per-query charts open on (the first asked); null opens on the first shown.</summary>
    public string? ChartMeasure { get; init; }

    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>The queries every run is averaged over (those all runs share); null averages each run over its own.</summary>
    public IReadOnlySet<string>? Queries { get; init; }

    /// <summary>The randomization test's permutations and seed, and the correction: Compare-RankingRun's defaults, so both agree.</summary>
    public ComparisonOptions Comparison { get; init; } = new();

    /// <summary>The qrels' files (or a note that they came as objects), for the provenance table.</summary>
    public IReadOnlyList<string> QrelsSources { get; init; } = [];

    /// <summary>The report's own folder: files near it are named relative to it, so the report can move with them.</summary>
    public string? Folder { get; init; }

    /// <summary>The program and version that wrote the report (e.g. "Rearank 0.1.0").</summary>
    public string Generator { get; init; } = "Rearank";

    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Hits shown per run and query.</summary>
    public int ShownHits { get; init; } = 10;

    /// <summary>Query texts by id, for runs whose hits carry none (runs loaded from files).</summary>
    public IReadOnlyDictionary<string, string> QueryTexts { get; init; } = new Dictionary<string, string>();

    /// <summary>Passages by docid, for shown hits that carry no text (runs loaded from files).</summary>
    public IReadOnlyDictionary<string, Document> Passages { get; init; } = new Dictionary<string, Document>();
}
