namespace Rearank.Core.Reranking;

/// <summary>The reranking settings, REARANK's by default; recorded in every trace.</summary>
public sealed record RerankOptions
{
    public PromptTemplate Template { get; init; } = PromptTemplates.Rearank;
    public int WindowSize { get; init; } = WindowPlan.DefaultWindow;
    public int Step { get; init; } = WindowPlan.DefaultStep;
    public int Depth { get; init; } = WindowPlan.DefaultDepth;

    /// <summary>Tokens the model may generate per window (reasoning included).</summary>
    public int MaxNewTokens { get; init; } = 2048;

    /// <summary>The run tag of the reranked hits (they are a new run, not the first stage's).</summary>
    public string RunTag { get; init; } = "rearank";

    /// <summary>Queries in flight at once: each has one window waiting on the model at a time.</summary>
    public int MaxConcurrentQueries { get; init; } = 8;
}
