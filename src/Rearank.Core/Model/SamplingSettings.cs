namespace Rearank.Core.Model;

/// <summary>
/// How each next token is chosen. The defaults are REARANK's evaluation (vLLM greedy): temperature 0, top-p 1, no
/// top-k, no min-p, and no repetition, frequency or presence penalty. Above temperature 0 the same neutral filters
/// make it verl's rollout sampling (top-p 1, top-k off), unless a caller narrows them.
/// </summary>
public sealed record SamplingSettings
{
    public static readonly SamplingSettings Greedy = new();

    /// <summary>0 is greedy decoding.</summary>
    public float Temperature { get; init; }

    /// <summary>1 keeps the whole distribution.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>0 (or less) keeps every token.</summary>
    public int TopK { get; init; }

    /// <summary>0 keeps every token.</summary>
    public float MinP { get; init; }

    public uint Seed { get; init; } = 42;

    /// <summary>A short form for traces and verbose output.</summary>
    public override string ToString() => Temperature == 0
        ? "greedy"
        : FormattableString.Invariant($"temperature {Temperature}, top-p {TopP}, top-k {(TopK > 0 ? TopK.ToString(System.Globalization.CultureInfo.InvariantCulture) : "off")}, min-p {MinP}, seed {Seed}");
}
