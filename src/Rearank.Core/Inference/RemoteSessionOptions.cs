namespace Rearank.Core.Inference;

/// <summary>How an OpenAI-compatible server (vLLM, SGLang, llama.cpp server, Ollama) is used.</summary>
public sealed record RemoteSessionOptions
{
    /// <summary>Base URLs ending in /v1; windows are spread across them.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The served model name (vLLM's --served-model-name, or the Hugging Face id).</summary>
    public required string Model { get; init; }


    /// <summary>Windows in flight at once, across all endpoints.</summary>
    public int MaxConcurrency { get; init; } = 32;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Further attempts after a failed one (429, 5xx, timeouts, dropped connections, malformed replies).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff; it doubles with each retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most one window may take, every attempt and wait included; null: every attempt's timeout and backoff, plus a minute.</summary>
    public TimeSpan? WindowTimeout { get; init; }

    /// <summary>How long a replica that failed is left alone before it is tried again.</summary>
    public TimeSpan ReplicaCooldown { get; init; } = TimeSpan.FromSeconds(30);

    public float Temperature { get; init; }

    /// <summary>
    /// Until a server has answered once, this many windows failing (after their retries) means the servers cannot be
    /// reached: every later window fails at once with <see cref="ServersUnreachableException"/> instead of waiting
    /// out its own retries. A refused connection or a wrong scheme stops a run in seconds; a server that accepts and
    /// never answers, after about (MaxRetries + 1) × Timeout.
    /// </summary>
    public int FailFastAfter { get; init; } = 4;

    /// <summary>The largest reply read (8 MiB: a 2,048-token answer is some 10 KB); a larger one fails its window, unread.</summary>
    public long MaxReplyBytes { get; init; } = 8L << 20;

    /// <summary>The server kind, for the field names that pin its sampling (vLLM by default, as REARANK was run).</summary>
    public ServerProfile Profile { get; init; } = ServerProfile.Vllm;
}
