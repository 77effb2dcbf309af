namespace Rearank.Core.Reranking;

/// <summary>A model the reranking cmdlets can be pointed at: local llama.cpp or a remote server.</summary>
public interface IRerankSession : IWindowRanker, IDisposable
{
    /// <summary>Windows worth having in flight at once to keep the model busy.</summary>
    int Concurrency { get; }

    /// <summary>Tokens generated so far, for progress and throughput.</summary>
    long GeneratedTokens { get; }

    /// <summary>
    /// Prompt tokens read so far, for progress: a run reads its prompts first, when nothing is generated yet. A local
    /// session counts them as it decodes them; a remote one as each window's reply reports them.
    /// </summary>
    long PromptTokens { get; }

    /// <summary>Closed (Close-RearankSession): every later window is refused.</summary>
    bool IsClosed { get; }
}
