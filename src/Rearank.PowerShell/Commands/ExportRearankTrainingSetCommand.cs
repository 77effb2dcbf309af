using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Training;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Builds REARANK training windows from first-stage candidates and qrels and writes them for GRPO trainers:
/// verl's Parquet layout, TRL's JSONL and the rows REARANK's own reward reads, split into train and validation by query.
/// </summary>
[Cmdlet(VerbsData.Export, "RearankTrainingSet", SupportsShouldProcess = true)]
[OutputType(typeof(TrainingSetSummary), typeof(TrainingRow))]
public sealed class ExportRearankTrainingSetCommand : QrelsCommand
{
    private readonly List<QueryCandidates> queries = [];
    private QueryGrouping? grouping;

    /// <summary>First-stage hits with passages (Invoke-Bm25Search, Import-RearankCandidate), grouped by query.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public RankedHit? InputObject { get; set; }

    /// <summary>The folder to write train/validation .parquet and .jsonl files into.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    // Written as named: an output path is never a pattern, so -LiteralPath is the same parameter.
    [Alias("LiteralPath", "LP")]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateRange(2, 1000)]
    public int WindowSize { get; set; } = WindowPlan.DefaultWindow;

    [Parameter]
    [ValidateRange(1, 100)]
    public int WindowsPerQuery { get; set; } = 1;

    [Parameter]
    public SwitchParameter Shuffle { get; set; }

    [Parameter]
    public int Seed { get; set; } = 42;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>The data_source column (verl picks the reward function by it).</summary>
    [Parameter]
    public string DataSource { get; set; } = "rearank";

    /// <summary>Query texts for hits that carry none.</summary>
    [Parameter]
    public object? QueryPath { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit the training rows (for Invoke-RearankRollout) instead of a summary.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        grouping = new QueryGrouping(LoadQueryTexts(QueryPath));
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not null && grouping!.Add(InputObject) is { } query) Take(query);
    }

    private void Take(QueryGroup query)
    {
        if (query.QueryText is null)
            WriteError(new ErrorRecord(new NoQueryTextException(query.QueryId, "pass -QueryPath."), ErrorIds.NoQueryText, ErrorCategory.InvalidData, query.QueryId));
        else
            queries.Add(new QueryCandidates(query.QueryId, query.QueryText, query.Hits.ToList()));
    }

    protected override void EndProcessing()
    {
        if (grouping?.Close() is { } last) Take(last);
        var qrels = LoadQrels();
        var folder = ResolveOutputPath(Path);
        RefuseExisting(TrainingSetFolder.Files(folder), Force);
        var options = new TrainingOptions
        {
            WindowSize = WindowSize, WindowsPerQuery = WindowsPerQuery, Shuffle = Shuffle, Seed = Seed, ValidationFraction = ValidationFraction, DataSource = DataSource,
        };
        var progress = new ProgressReporter(this, ProgressIds.TrainingSet, "Export-RearankTrainingSet");
        var rows = new List<TrainingRow>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < queries.Count; i++) position.TryAdd(queries[i].QueryId, i + 1);
        foreach (var row in TrainingSetBuilder.Build(queries, qrels, options))
        {
            rows.Add(row);
            var built = position[row.QueryId];
            progress.Report($"{rows.Count:N0} windows from {built:N0} of {queries.Count:N0} queries, {built / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0} queries/s", built, queries.Count);
        }
        progress.Complete();
        if (!ShouldProcess(folder, $"Write {rows.Count:N0} training windows")) return;
        var summary = TrainingSetFolder.Write(rows, UpstreamTrainingRows.From(rows, DataSource), folder, DataSource, queries.Count, CancellationToken);
        if (PassThru)
        {
            foreach (var row in rows) WriteObject(row);
            return;
        }
        WriteObject(summary);
    }
}
