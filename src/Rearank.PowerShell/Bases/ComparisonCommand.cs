using System.Management.Automation;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// Cmdlets that test runs against a baseline (Compare-RankingRun, Export-RearankReport): one set of settings with one
/// set of defaults, so both give the same p-values for the same runs.
/// </summary>
public abstract class ComparisonCommand : EvaluationCommand
{
    /// <summary>Random sign flips of the randomization test.</summary>
    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int Permutations { get; set; } = 10_000;

    /// <summary>Seed of the randomization test, so its p-value is reproducible.</summary>
    [Parameter]
    public int Seed { get; set; } = 42;

    /// <summary>Adjustment of the p-values for comparing several measures at once.</summary>
    [Parameter]
    public MultipleTestingCorrection Correction { get; set; } = MultipleTestingCorrection.Holm;

    protected ComparisonOptions ComparisonOptions => new() { Permutations = Permutations, Seed = Seed, Correction = Correction };

    /// <summary>
    /// Runs side by side over the judged queries every run ranks (each run's own queries with -OwnQueries, all
    /// judged queries with -Complete), a warning naming what each run lost; empty runs are refused.
    /// </summary>
    protected (IReadOnlyList<RunRankings> Runs, IReadOnlyList<DroppedQueries> Dropped, IReadOnlySet<string>? Kept) SideBySide(
        IReadOnlyList<RunRankings> runs, Qrels qrels, bool ownQueries)
    {
        RefuseEmptyRuns(runs, qrels);
        if (ownQueries || runs.Count < 2) return (runs, [], null);
        var (restricted, dropped, kept) = CommonQueries.Restrict(runs, qrels, Options);
        if (kept.Count == 0 && !Options.Complete)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                    $"The runs share no judged query ({string.Join(", ", runs.Select(r => r.RunTag))}); nothing can be compared. -OwnQueries averages each run over its own."),
                ErrorIds.EmptyRun, ErrorCategory.InvalidData, null));
        foreach (var loss in dropped)
        {
            LeftOut[loss.RunTag] = loss.QueryIds.ToHashSet(StringComparer.Ordinal);
            WriteWarning($"Run '{loss.RunTag}' is averaged over the {kept.Count} judged queries all runs rank, without its {loss.QueryIds.Count} others: " +
                string.Join(", ", loss.QueryIds.Take(20)) + (loss.QueryIds.Count > 20 ? $", ... ({loss.QueryIds.Count - 20} more)" : "") +
                ". -OwnQueries averages each run over its own queries.");
        }
        return (restricted, dropped, kept);
    }

    /// <summary>A run that ranks no judged query stops the command (EmptyRun): a figure over no queries would be a silent 0.</summary>
    protected void RefuseEmptyRuns(IEnumerable<RunRankings> runs, Qrels qrels)
    {
        foreach (var run in runs)
            if (!run.QueryIds.Any(q => qrels.For(q) is not null))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(run.QueryCount == 0
                        ? $"Run '{run.RunTag}' is empty: it ranks no query."
                        : $"Run '{run.RunTag}' ranks none of the judged queries ({run.QueryCount} queries, none in the qrels); check that the run and qrels belong together."),
                    ErrorIds.EmptyRun, ErrorCategory.InvalidData, run.RunTag));
    }
}
