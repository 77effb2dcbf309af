using System.Management.Automation;
using Rearank.Core.Fusion;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Fuses runs into one with ranx's definitions: reciprocal rank fusion, CombSUM or CombMNZ (min-max or z-score
/// normalised), optionally weighted. Runs come as files, hit variables or piped hits; fused queries stream out as
/// each is done.
/// </summary>
[Cmdlet(VerbsData.Merge, "RankingRun")]
[OutputType(typeof(RankedHit))]
public sealed class MergeRankingRunCommand : RunSetCommand
{
    /// <summary>RRF (default), CombSUM or CombMNZ.</summary>
    [Parameter]
    public FusionMethod Method { get; set; } = FusionMethod.RRF;

    /// <summary>Score normalisation for CombSUM/CombMNZ: MinMax (default), ZScore or None. RRF takes none.</summary>
    [Parameter]
    public ScoreNormalization Normalization { get; set; } = ScoreNormalization.MinMax;

    /// <summary>RRF's constant k.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int K { get; set; } = 60;

    /// <summary>One weight per run: the piped runs in the order their tags first appear, then -Run's, then -LiteralPath's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[] Weight { get; set; } = [];

    /// <summary>Keep the top N fused documents per query (all by default).</summary>
    [Parameter]
    [Alias("Top")]
    [ValidateRange(1, int.MaxValue)]
    public int Depth { get; set; }

    /// <summary>The fused run's tag (default: ranx's name for the method, rrf, comb_sum or comb_mnz).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunTag { get; set; }

    protected override void EndProcessing()
    {
        var runs = ReadRuns();
        if (runs.Count < 2)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"Fusion needs at least two runs; got {runs.Count}{(runs.Count == 1 ? $" ('{runs[0].Name}')" : "")}. Pipe hits of several RunTags or give -Run files."),
                ErrorIds.NoRun, ErrorCategory.InvalidArgument, null));
        WriteVerbose($"Fusing {runs.Count} runs with {Method}: {string.Join(", ", runs.Select(r => $"'{r.Name}'"))}.");
        var options = new FusionOptions
        {
            Method = Method,
            Normalization = MyInvocation.BoundParameters.ContainsKey(nameof(Normalization)) ? Normalization : null,
            K = K,
            Weights = Weight.Length > 0 ? Weight : null,
            Depth = Depth > 0 ? Depth : null,
            RunTag = RunTag,
        };
        IEnumerable<RankedHit> fused = [];
        try
        {
            fused = RunFusion.Fuse(runs, options, WriteWarning, CancellationToken);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidFusion, ErrorCategory.InvalidArgument, options));
        }
        foreach (var hit in fused) WriteObject(hit);
    }
}

