namespace Rearank.Core.Fusion;

/// <summary>How the runs' evidence for a document is combined (ranx's names: rrf, sum, mnz).</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: Σ wᵢ / (k + rankᵢ), over the runs that rank the document.</summary>
    RRF,

    /// <summary>Σ wᵢ · normalised scoreᵢ, over the runs that rank the document.</summary>
    CombSUM,

    /// <summary>CombSUM times the number of runs that rank the document.</summary>
    CombMNZ,
}

/// <summary>How a run's scores for one query are made comparable before CombSUM or CombMNZ (ranx's min-max and zmuv).</summary>
public enum ScoreNormalization
{
    /// <summary>The scores as the run gives them.</summary>
    None,

    /// <summary>(s − min) / max(max − min, 1e-9), per run and query.</summary>
    MinMax,

    /// <summary>(s − mean) / max(σ, 1e-9) with the population σ, per run and query.</summary>
    ZScore,
}

/// <summary>Settings of a fusion; the defaults are ranx's (RRF with k 60; min-max for the score methods).</summary>
public sealed record FusionOptions
{
    public FusionMethod Method { get; init; } = FusionMethod.RRF;

    /// <summary>Null: min-max for CombSUM/CombMNZ, none for RRF (which reads ranks, not scores).</summary>
    public ScoreNormalization? Normalization { get; init; }

    /// <summary>RRF's constant k.</summary>
    public int K { get; init; } = 60;

    /// <summary>One weight per run, in run order; null weighs every run 1.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>Keep only the top N fused documents of each query; null keeps them all (as ranx does).</summary>
    public int? Depth { get; init; }

    /// <summary>The fused run's tag; null gives ranx's name for the method (rrf, comb_sum, comb_mnz).</summary>
    public string? RunTag { get; init; }

    public ScoreNormalization EffectiveNormalization =>
        Normalization ?? (Method == FusionMethod.RRF ? ScoreNormalization.None : ScoreNormalization.MinMax);

    public string EffectiveRunTag => RunTag ?? Method switch
    {
        FusionMethod.RRF => "rrf",
        FusionMethod.CombSUM => "comb_sum",
        _ => "comb_mnz",
    };
}
