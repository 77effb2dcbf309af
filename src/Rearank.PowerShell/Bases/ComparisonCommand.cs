using System.Management.Automation;
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
}
