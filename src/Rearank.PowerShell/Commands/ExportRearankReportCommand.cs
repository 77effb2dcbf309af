using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reporting;
using Rearank.PowerShell.Infrastructure;

namespace Rearank.PowerShell.Commands;

/// <summary>Writes a self-contained HTML report comparing runs: measures, per-query changes, significance, rankings and reasoning.</summary>
[Cmdlet(VerbsData.Export, "RearankReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportRearankReportCommand : EvaluationCommand
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

    /// <summary>Run files to show after the pipeline's runs.</summary>
    [Parameter]
    public object[] Run { get; set; } = [];

    [Parameter]
    public string Title { get; set; } = "Rearank report";

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) hits.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var measures = (Metric.Length > 0 ? Metric : ["ndcg_cut.10", "map", "recall.100"]).ToList();
        Metric = measures.ToArray();
        ParseMeasures([]);
        var qrels = LoadQrels();
        var runs = hits.GroupBy(h => string.IsNullOrEmpty(h.RunTag) ? "run" : h.RunTag).Select(g => new ReportRun(g.Key, g.ToList())).ToList();
        // A file object (Get-Item -LiteralPath) names its file exactly; a string is a pattern.
        var files = Run.Select(Unwrap).SelectMany(r => r is FileSystemInfo f ? ResolveInputPaths([f.FullName], literal: true) : ResolveInputPaths([r?.ToString() ?? ""]));
        foreach (var file in files)
        {
            var fileHits = TrecRunReader.Read(file, WriteMalformedRecord).ToList();
            runs.Add(new ReportRun(fileHits.FirstOrDefault()?.RunTag ?? System.IO.Path.GetFileName(file), fileHits));
        }
        if (runs.Count == 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("No run to report: pipe hits in or give -Run files."), ErrorIds.NoRun, ErrorCategory.InvalidArgument, null));
        var path = ResolveOutputPath(Path);
        if (!ShouldWrite(path, Force, "Write the HTML report")) return;
        WriteProgress(new ProgressRecord(ProgressIds.Report, "Export-RearankReport", $"Writing {System.IO.Path.GetFileName(path)} ({runs.Count} runs)"));
        File.WriteAllText(path, HtmlReport.Build(runs, qrels, measures, Title, Options), TextFile.Utf8NoBom);
        WriteObject(new FileInfo(path));
    }
}
