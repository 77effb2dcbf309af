using Rearank.Core.Model;
namespace Rearank.Core.Reranking;

/// <summary>One model call: the chat messages of one window of one query.</summary>
public sealed record WindowRequest(string QueryId, RankWindow Window, IReadOnlyList<ChatMessage> Messages, int PassageCount, bool Thinking, int MaxNewTokens)
{
    /// <summary>How this call samples (rollouts); null uses the session's own (greedy by default, as REARANK is evaluated).</summary>
    public SamplingSettings? Sampling { get; init; }

    /// <summary>
    /// Read the first answer token's distribution instead of generating (FIRST, pointwise): the completion lists this
    /// many likeliest tokens with their log-probabilities; null generates as usual.
    /// </summary>
    public int? TopLogprobs { get; init; }

    /// <summary>Text the answer starts with, after the opened assistant turn (FIRST's "["); null for none.</summary>
    public string? AnswerPrefix { get; init; }
}

/// <summary>What the model said for a window, and what it cost.</summary>
public sealed record WindowCompletion(string Text, int PromptTokens, int OutputTokens, TimeSpan Elapsed, WindowStop Stop)
{
    /// <summary>For a failed window: why (the text keeps no answer, so the window keeps its order).</summary>
    public string? Failure { get; init; }

    /// <summary>With -ForceAnswer: when the answer guard took over, and where (if anywhere) it overruled the model.</summary>
    public AnswerGuardReport? Guard { get; init; }

    /// <summary>How long the prompt took, until the first token could be sampled (local sessions); the rest of Elapsed is generation.</summary>
    public TimeSpan? PromptElapsed { get; init; }

    /// <summary>The replica that answered (remote sessions), for the trace: provenance, not identity.</summary>
    public string? ServedBy { get; init; }

    /// <summary>The model the server said answered (the reply's "model"), for the trace.</summary>
    public string? ServedModel { get; init; }

    /// <summary>With <see cref="WindowRequest.TopLogprobs"/>: the likeliest first tokens, likeliest first (ties by token id).</summary>
    public IReadOnlyList<TokenLogprob>? TopLogprobs { get; init; }
}

/// <summary>
/// Anything that can answer a window: the local llama.cpp session, a remote OpenAI-compatible server, or a test
/// double. Implementations take many concurrent calls; batching them is their business, not the reranker's.
/// </summary>
public interface IWindowRanker
{
    /// <summary>A short description for traces and run settings (model file, server and model name).</summary>
    string Description { get; }

    /// <summary>How it decodes (greedy or the sampling, any output constraint), for traces and reports.</summary>
    string Decoding => "";

    /// <summary>
    /// What identifies the model in a trace, so a resume knows the answers are its own: the model file for a local
    /// session, the served model name for servers (whichever replica or URL answered; endpoints are provenance).
    /// </summary>
    string ModelIdentity => Description;

    /// <summary>Something the user should hear about now (a replica taken out, another model answering); null when nothing.</summary>
    string? TakeNotice() => null;

    Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Refuses, before any window is decoded, a new-token budget the ranker cannot give an answer in (the local
    /// session's -ForceAnswer guard); every driver of a rerank calls it through <see cref="RerankRun"/>.
    /// </summary>
    void CheckAnswerBudget(int passages, bool thinking, int maxNewTokens) { }

    /// <summary>
    /// Refuses, before any window, to read first-token log-probabilities it cannot give (a server that does not
    /// return them); the reranker calls it once for FIRST and pointwise runs.
    /// </summary>
    Task CheckLogprobsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether it holds generated answers to REARANK's answer format (the local session's -ForceAnswer guard).</summary>
    bool GuardsAnswers => false;
}

/// <summary>The window's token budget cannot hold the answer the ranker promises (with the answer guard on).</summary>
public sealed class AnswerBudgetTooSmallException(string message) : RearankException(message);

/// <summary>The answer guard would hold a rank_llm template's answers to REARANK's format, which is not theirs.</summary>
public sealed class AnswerGuardNotForTemplateException(string message) : RearankException(message);
