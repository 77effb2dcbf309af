namespace Rearank.Core.Reranking;

/// <summary>How the model ranks: by what it writes, by its first token's probabilities, or passage by passage.</summary>
public enum RerankMethod
{
    /// <summary>The model writes its answer (REARANK's reasoning, RankGPT's, RankZephyr's list): the default.</summary>
    Listwise,

    /// <summary>FIRST: one forward pass per window; passages ordered by the probability of their identifier as the first answer token.</summary>
    FirstToken,

    /// <summary>rank_llm's pointwise yes/no: one prompt per passage, scored by the probability of "yes" against "no".</summary>
    Pointwise,
}
