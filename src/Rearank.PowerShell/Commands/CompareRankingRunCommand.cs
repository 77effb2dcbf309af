using System.Management.Automation;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Compares a run with a baseline on the same qrels, query by query: wins, ties, losses, mean difference, a paired
/// t-test and a paired randomization test, corrected for the number of measures compared. Given several runs and no
/// baseline, compares every run with every other (ranx's compare), correcting over all the tests made.
/// </summary>
[Cmdlet(VerbsData.Compare, "RankingRun", DefaultParameterSetName = HitSet)]
[OutputType(typeof(MeasureComparison), typeof(QueryDelta))]
public sealed class CompareRankingRunCommand : ComparisonCommand
{
    private const string HitSet = "Hit";
    private const string RunSet = "Run";
    private const string AllPairsSet = "AllPairs";

    private readonly List<RankedHit> hits = [];

    /// <summary>The baseline: a run file, or hits (e.g. a variable holding Import-TrecRun output).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = HitSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RunSet)]
    [ValidateNotNull]
    public object Baseline { get; set; } = null!;

    /// <summary>The run to compare with the baseline: a run file, or hits. Without -Baseline, several runs compared pair by pair.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = RunSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AllPairsSet)]
    [ValidateNotNull]
    public object Run { get; set; } = null!;

    /// <summary>Hits of the run to compare, from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = HitSet)]
    public RankedHit? InputObject { get; set; }

    /// <summary>Emit the per-query differences, worst first, instead of the summary.</summary>
    [Parameter(ParameterSetName = HitSet)]
    [Parameter(ParameterSetName = RunSet)]
    public SwitchParameter PerQuery { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) hits.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var measures = ParseMeasureGroups(["ndcg_cut.10"]);
        var qrels = LoadQrels();
        if (ParameterSetName == AllPairsSet)
        {
            CompareAllPairs(qrels, measures);
            return;
        }
        var baseline = SingleRun(LoadRuns(Baseline), "-Baseline");
        var run = SingleRun(ParameterSetName == RunSet ? LoadRuns(Run) : RunRankings.FromHits(hits), ParameterSetName == RunSet ? "-Run" : "the pipeline");
        if (baseline is null || run is null) return;
        RefuseEmptyRuns([baseline, run], qrels);
        var baselineResult = Evaluate(qrels, baseline, measures);
        var runResult = Evaluate(qrels, run, measures);
        if (baselineResult is null || runResult is null) return;

        var options = ComparisonOptions;
        var (summary, perQuery) = RunComparison.Compare(baselineResult, runResult, options);
        if (summary.Count > 0 && summary[0].Queries < 2)
            WriteWarning($"The runs share {summary[0].Queries} judged {(summary[0].Queries == 1 ? "query" : "queries")}: a paired test needs at least two, so the t-test's p-values are NaN (no result, not a significance); compare over more queries.");
        if (PerQuery)
            foreach (var delta in perQuery.OrderBy(d => d.Measure, StringComparer.Ordinal).ThenBy(d => d.Delta).ThenBy(d => d.QueryId, StringComparer.Ordinal))
                WriteObject(delta);
        else
            foreach (var row in summary) WriteObject(row);
    }

    private void CompareAllPairs(Qrels qrels, IReadOnlyList<MeasureGroup> measures)
    {
        var runs = LoadRuns(Run).ToList();
        if (runs.Count < 2)
        {
            WriteError(new ErrorRecord(new ArgumentException($"-Run gave {runs.Count} run{(runs.Count == 1 ? "" : "s")}; without -Baseline, give two or more to compare pair by pair."),
                ErrorIds.NotOneRun, ErrorCategory.InvalidArgument, Run));
            return;
        }
        RefuseEmptyRuns(runs, qrels);
        var results = new List<EvaluationResult>();
        foreach (var run in runs)
            if (Evaluate(qrels, run, measures) is { } result) results.Add(result);
        if (results.Count != runs.Count) return;
        foreach (var row in RunComparison.CompareAll(results, ComparisonOptions)) WriteObject(row);
    }

    private RunRankings? SingleRun(IEnumerable<RunRankings> runs, string source)
    {
        var list = runs.ToList();
        if (list.Count == 1) return list[0];
        WriteError(new ErrorRecord(new ArgumentException(list.Count == 0
                ? $"{source} gave no run to compare."
                : $"{source} gave {list.Count} runs ({string.Join(", ", list.Select(r => r.RunTag))}); compare one run at a time."),
            ErrorIds.NotOneRun, ErrorCategory.InvalidArgument, source));
        return null;
    }
}
