using System.Management.Automation;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reporting;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Writes the results table of several runs for a paper, as ranx's report makes it: every run's means over the
/// queries all runs share, the best of each column in bold, and beside each figure the letters of the runs it is
/// significantly better than (every pair tested, p-values adjusted together). LaTeX (booktabs), Markdown, CSV, or
/// the table with its pairwise comparisons as JSON.
/// </summary>
[Cmdlet(VerbsData.Export, "RankingTable", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo), typeof(string))]
public sealed class ExportRankingTableCommand : ComparisonCommand
{
    private readonly List<RankedHit> hits = [];

    /// <summary>The file to write (.tex, .md, .csv or .json sets the format); without it the text goes to the pipeline.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    // Written as named: an output path is never a pattern, so -LiteralPath is the same parameter.
    [Alias("LiteralPath", "LP")]
    public string? Path { get; set; }

    /// <summary>Hits of the runs (told apart by RunTag), in the table's order.</summary>
    [Parameter(ValueFromPipeline = true)]
    public RankedHit? InputObject { get; set; }

    /// <summary>Run files (or hits) after the pipeline's runs; runs sharing a RunTag are told apart by file name.</summary>
    [Parameter]
    public object[] Run { get; set; } = [];

    /// <summary>Latex, Markdown, Csv or Json; by default taken from -Path's extension, Markdown without a path.</summary>
    [Parameter]
    public RankingTableFormat? Format { get; set; }

    /// <summary>The test whose adjusted p-value decides the marks: Student (paired t-test, ranx's default) or Fisher (randomization).</summary>
    [Parameter]
    public SignificanceTest Test { get; set; } = SignificanceTest.Student;

    /// <summary>A mark needs an adjusted p-value below this (ranx's max_p).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double MaxP { get; set; } = 0.01;

    /// <summary>Decimals of each figure.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int Digits { get; set; } = 4;

    /// <summary>Average each run over its own judged queries instead of those all runs share.</summary>
    [Parameter]
    public SwitchParameter OwnQueries { get; set; }

    /// <summary>The LaTeX caption; by default the legend (queries, test, correction, threshold).</summary>
    [Parameter]
    public string? Caption { get; set; }

    /// <summary>The LaTeX label (tab:results, say).</summary>
    [Parameter]
    public string? Label { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) hits.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var measures = ParseMeasureGroups(["ndcg_cut.10", "map", "recall.100"]);
        var format = Format ?? (Path is null ? RankingTableFormat.Markdown : RankingTableText.FormatOf(Path));
        if (format is null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"'{Path}' does not say which format to write (.tex, .md, .csv, .json); give -Format."),
                ErrorIds.UnknownTableFormat, ErrorCategory.InvalidArgument, Path));
        var qrels = LoadQrels();
        var runs = ReadHitRuns(hits, Run, []).Select(RunRankings.Of).ToList();
        if (runs.Count == 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("No run for the table: pipe hits in or give -Run files."), ErrorIds.NoRun, ErrorCategory.InvalidArgument, null));
        var (restricted, dropped, _) = SideBySide(runs, qrels, OwnQueries);
        var results = new List<EvaluationResult>();
        foreach (var run in restricted)
            if (Evaluate(qrels, run, measures) is { } result) results.Add(result);
        if (results.Count != restricted.Count) return;

        var asked = Metric.SelectMany(m => m.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(MeasureGroups.NameOf).ToList();
        var table = RankingTableBuilder.Build(results, ComparisonOptions, Test, MaxP, dropped, asked);
        var text = RankingTableText.Write(table, format!.Value, Digits, Caption, Label);
        if (Path is null)
        {
            WriteObject(text);
            return;
        }
        var path = ResolveOutputPath(Path);
        if (!ShouldWrite(path, Force, $"Write the {format} table")) return;
        try
        {
            WholeFile.Write(path, writer => writer.Write(text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"The table could not be written to '{path}': {e.Message}", e),
                ErrorIds.FileWriteFailed, ErrorCategory.WriteError, path));
        }
        WriteFileItem(path);
    }
}
