namespace Rearank.Core.Reranking;

/// <summary>A model the reranking cmdlets can be pointed at: local llama.cpp or a remote server.</summary>
public interface IRerankSession : IWindowRanker, IDisposable
{
    /// <summary>Windows worth having in flight at once to keep the model busy.</summary>
    int Concurrency { get; }

    /// <summary>Tokens generated so far, for progress and throughput.</summary>
    long GeneratedTokens { get; }

    /// <summary>Closed (Close-RearankSession): every later window is refused.</summary>
    bool IsClosed { get; }
}
