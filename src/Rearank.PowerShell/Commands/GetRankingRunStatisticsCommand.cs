using System.Management.Automation;
using Rearank.Core.Evaluation.Statistics;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;
using Rearank.PowerShell.Completers;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// What to check before trusting a comparison: each run's queries, depth, ties, duplicate docids and score range;
/// the qrels' grades and judged and relevant documents per query; and how far runs overlap at given depths.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RankingRunStatistics")]
[OutputType(typeof(RunStatistics), typeof(QrelsStatistics), typeof(RunOverlap))]
public sealed class GetRankingRunStatisticsCommand : RunSetCommand
{
    /// <summary>A qrels file or judgments: adds the qrels' own statistics and, per run, Judged@10 and the queries the two do not share.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BeirPathCompleter))]
    public object[] Qrels { get; set; } = [];

    /// <summary>The lowest grade that counts as relevant in the qrels' statistics (trec_eval -l).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int RelevanceLevel { get; set; } = 1;

    /// <summary>Depths at which every run is compared with the first one (e.g. 10, 100).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(1, int.MaxValue)]
    public int[] Overlap { get; set; } = [];

    protected override void EndProcessing()
    {
        var runs = ReadRuns();
        var qrels = Qrels.Length > 0 ? LoadQrels(Qrels) : null;
        if (runs.Count == 0 && qrels is null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Nothing to describe: pipe hits in, or give -Run files or -Qrels."), ErrorIds.NoRun, ErrorCategory.InvalidArgument, null));
        foreach (var run in runs)
        {
            CancellationToken.ThrowIfCancellationRequested();
            WriteObject(RunStatistics.Of(run, qrels));
        }
        if (qrels is not null) WriteObject(QrelsStatistics.Of(qrels, RelevanceLevel));
        if (Overlap.Length > 0 && runs.Count < 2)
            WriteWarning($"-Overlap compares runs with the first one; there {(runs.Count == 1 ? "is one run" : "are no runs")}.");
        foreach (var depth in Overlap)
            foreach (var run in runs.Skip(1))
                WriteObject(RunOverlap.Of(run, runs[0], depth));
    }
}
