namespace Rearank.Core.Reranking;

/// <summary>The reranking settings, REARANK's by default; recorded in every trace.</summary>
public sealed record RerankOptions
{
    public IRerankPrompt Template { get; init; } = PromptTemplates.Rearank;

    /// <summary>Generation (the default), FIRST's first-token scores, or pointwise yes/no scores.</summary>
    public RerankMethod Method { get; init; } = RerankMethod.Listwise;

    /// <summary>What traces record as the reranker: the template, with the method when it is not generation ("rank_zephyr_alpha/first").</summary>
    public string RerankerName => Method switch
    {
        RerankMethod.FirstToken => $"{Template.Name}/first",
        RerankMethod.Pointwise => $"{Template.Name}/pointwise",
        _ => Template.Name,
    };
    public int WindowSize { get; init; } = WindowPlan.DefaultWindow;
    public int Step { get; init; } = WindowPlan.DefaultStep;
    public int Depth { get; init; } = WindowPlan.DefaultDepth;

    /// <summary>Tokens the model may generate per window (reasoning included).</summary>
    public int MaxNewTokens { get; init; } = 2048;

    /// <summary>The run tag of the reranked hits (they are a new run, not the first stage's).</summary>
    public string RunTag { get; init; } = "rearank";

    /// <summary>Queries in flight at once: each has one window waiting on the model at a time.</summary>
    public int MaxConcurrentQueries { get; init; } = 8;

    /// <summary>Refuses a method the template cannot serve: FIRST needs a rank_llm listwise template, pointwise a pointwise one.</summary>
    public void Validate()
    {
        var rankLlm = Template as RankLlm.RankLlmPrompt;
        var pointwiseTemplate = rankLlm?.Template.Method == RankLlm.RankLlmMethod.Pointwise;
        switch (Method)
        {
            case RerankMethod.FirstToken when rankLlm is null || pointwiseTemplate:
                throw new ArgumentException($"First-token ranking reads the identifier a rank_llm listwise template asks for first ([1] or [A]); '{Template.Name}' is not one. Use e.g. -Template rank_zephyr_alpha.");
            case RerankMethod.Pointwise when !pointwiseTemplate:
                throw new ArgumentException($"Pointwise ranking needs a pointwise template (rank_llm's pointwise_vllm or a file with method: pointwise); '{Template.Name}' is a listwise one.");
            case RerankMethod.Listwise when pointwiseTemplate:
                throw new ArgumentException($"'{Template.Name}' is a pointwise template: rerank with -Method Pointwise.");
        }
    }
}
