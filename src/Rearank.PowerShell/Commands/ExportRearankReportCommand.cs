using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.Evaluation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reporting;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Writes a self-contained HTML report comparing runs: provenance, measures with Judged@10, significance tests as
/// Compare-RankingRun computes them, a per-query chart and sortable table, and each query's rankings with passages
/// and the model's reasoning.
/// </summary>
[Cmdlet(VerbsData.Export, "RearankReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportRearankReportCommand : ComparisonCommand
{
    private readonly List<RankedHit> hits = [];

    /// <summary>The HTML file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    // Written as named: an output path is never a pattern, so -LiteralPath is the same parameter.
    [Alias("LiteralPath", "LP")]
    public string Path { get; set; } = "";

    /// <summary>Hits of the runs to show (told apart by RunTag); the first run is the baseline.</summary>
    [Parameter(ValueFromPipeline = true)]
    public RankedHit? InputObject { get; set; }

    /// <summary>Run files (or hits) to show after the pipeline's runs; runs sharing a RunTag are told apart by file name.</summary>
    [Parameter]
    public object[] Run { get; set; } = [];

    /// <summary>A query file, for the texts of queries whose hits carry none (runs loaded from files).</summary>
    [Parameter]
    [ValidateNotNull]
    public object? QueryPath { get; set; }

    /// <summary>A BM25 index to look up the passages of shown hits that carry none.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Index { get; set; }

    /// <summary>A corpus file to look up the passages of shown hits that carry none (only those are kept in memory).</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Corpus { get; set; }

    [Parameter]
    public string Title { get; set; } = "Rearank report";

    /// <summary>Average each run over its own judged queries instead of those all runs share.</summary>
    [Parameter]
    public SwitchParameter OwnQueries { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) hits.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var measures = ParseMeasureGroups(["ndcg_cut.10", "map", "recall.100"]);
        var qrels = LoadQrels();
        var runs = ReadHitRuns(hits, Run, []);
        if (runs.Count == 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("No run to report: pipe hits in or give -Run files."), ErrorIds.NoRun, ErrorCategory.InvalidArgument, null));
        var (_, _, kept) = SideBySide(runs.Select(RunRankings.Of).ToList(), qrels, OwnQueries);
        var path = ResolveOutputPath(Path);
        if (!ShouldWrite(path, Force, "Write the HTML report")) return;

        WriteProgress(new ProgressRecord(ProgressIds.Report, "Export-RearankReport", $"Reading the passages and queries {System.IO.Path.GetFileName(path)} shows"));
        var settings = new ReportSettings
        {
            Title = Title, Measures = measures, Evaluation = Options, ChartMeasure = MeasureGroups.NameOf(Metric.SelectMany(m => m.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault() ?? "ndcg_cut.10"),
            Comparison = ComparisonOptions,
            Queries = kept,
            QrelsSources = Qrels.Select(Unwrap).Where(q => q is not Judgment).Select(q => q is FileSystemInfo f ? f.FullName : ResolveOutputPath(q?.ToString() ?? "")).Distinct().ToList(),
            Folder = System.IO.Path.GetDirectoryName(path),
            Generator = $"Rearank {MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(HtmlReport).Assembly.GetName().Version?.ToString()}",
            QueryTexts = LoadQueryTexts(QueryPath),
            Passages = LoadPassages(runs),
        };
        WriteProgress(new ProgressRecord(ProgressIds.Report, "Export-RearankReport", $"Writing {System.IO.Path.GetFileName(path)} ({runs.Count} runs)"));
        try
        {
            // Built whole in memory first: an interrupted or failed report leaves no half-written file.
            File.WriteAllText(path, HtmlReport.Build(runs, qrels, settings, CancellationToken), TextFile.Utf8NoBom);
        }
        catch (RearankException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidRun, ErrorCategory.InvalidData, path));
        }
        WriteProgress(new ProgressRecord(ProgressIds.Report, "Export-RearankReport", "Done") { RecordType = ProgressRecordType.Completed });
        WriteFileItem(path);
    }

    /// <summary>Passages of the shown hits that carry no text, from -Corpus or -Index; only those documents are kept.</summary>
    private Dictionary<string, Document> LoadPassages(IReadOnlyList<HitRun> runs)
    {
        var passages = new Dictionary<string, Document>(StringComparer.Ordinal);
        if (Corpus is null && Index is null) return passages;
        var wanted = runs.SelectMany(r => r.Hits.GroupBy(h => h.QueryId).SelectMany(g => g.OrderBy(h => h.Rank).Take(10)))
            .Where(h => string.IsNullOrEmpty(h.Text)).Select(h => h.DocId).ToHashSet(StringComparer.Ordinal);
        if (Corpus is not null)
            foreach (var file in ResolveInputArguments([Corpus]))
                foreach (var document in DocumentReader.Read(file, onMalformed: WriteMalformedRecord))
                    if (wanted.Contains(document.DocId)) passages[document.DocId] = document;
        if (Index is not null)
        {
            using var index = OpenIndex(Index);
            foreach (var docId in wanted)
                if (!passages.ContainsKey(docId) && index.Find(docId) is { } document) passages[docId] = document;
        }
        var missing = wanted.Count(d => !passages.ContainsKey(d));
        if (missing > 0) WriteWarning($"{missing:N0} shown documents are not in the {(Corpus is not null ? "corpus" : "index")}; their passages are empty.");
        return passages;
    }
}
