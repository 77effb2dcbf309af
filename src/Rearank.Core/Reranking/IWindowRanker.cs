namespace Rearank.Core.Reranking;

/// <summary>One model call: the chat messages of one window of one query.</summary>
public sealed record WindowRequest(string QueryId, RankWindow Window, IReadOnlyList<ChatMessage> Messages, int PassageCount, bool Thinking, int MaxNewTokens)
{
    /// <summary>Sampling temperature for this call (rollouts); null uses the session's (greedy by default).</summary>
    public float? Temperature { get; init; }

    /// <summary>Sampling seed for this call, so each rollout sample differs and all are reproducible; null uses the session's.</summary>
    public uint? Seed { get; init; }
}

/// <summary>What the model said for a window, and what it cost.</summary>
public sealed record WindowCompletion(string Text, int PromptTokens, int OutputTokens, TimeSpan Elapsed, string StopReason);

/// <summary>
/// Anything that can answer a window: the local llama.cpp session, a remote OpenAI-compatible server, or a test
/// double. Implementations take many concurrent calls; batching them is their business, not the reranker's.
/// </summary>
public interface IWindowRanker
{
    /// <summary>A short description for traces and run settings (model file, server and model name).</summary>
    string Description { get; }

    Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken);
}
