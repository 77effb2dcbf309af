using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>
/// What a listwise reranker asks the model for a window and how it reads the answer: REARANK's own prompts
/// (<see cref="PromptTemplate"/>) or a rank_llm template (<see cref="RankLlm.RankLlmPrompt"/>).
/// </summary>
public interface IRerankPrompt
{
    /// <summary>The name traces and run settings record, and a resume compares.</summary>
    string Name { get; }

    /// <summary>Whether the model is asked to reason before it answers (REARANK's &lt;think&gt;).</summary>
    bool Thinking { get; }

    /// <summary>The chat messages for one window of hits of a query, in window order.</summary>
    IReadOnlyList<ChatMessage> Messages(string query, IReadOnlyList<RankedHit> hits);

    /// <summary>The window's new order from the model's answer, never an error: what cannot be read keeps its place.</summary>
    ParsedAnswer Parse(string output, int count);
}
