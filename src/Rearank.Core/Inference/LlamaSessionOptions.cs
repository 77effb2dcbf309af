namespace Rearank.Core.Inference;

/// <summary>How a model is loaded and decoded.</summary>
public sealed record LlamaSessionOptions
{
    public required string ModelPath { get; init; }

    /// <summary>Tokens each window may use, prompt plus answer (REARANK: up to about 3,000 + 2,048).</summary>
    public int ContextSize { get; init; } = 8192;

    /// <summary>Layers offloaded to the GPU (needs the Cuda12 backend); 0 runs on the CPU.</summary>
    public int GpuLayerCount { get; init; }

    /// <summary>CPU threads for decoding; null uses every core this process may run on (its affinity and CPU limit).</summary>
    public int? Threads { get; init; }

    /// <summary>Windows (of different queries) decoded together in one batch.</summary>
    public int MaxParallel { get; init; } = 4;

    public uint Seed { get; init; } = 42;

    /// <summary>0 is greedy decoding, as REARANK is evaluated.</summary>
    public float Temperature { get; init; }

    /// <summary>
    /// Guarantee every window an answer (<see cref="AnswerGuard"/>): off by default, as REARANK decodes; the
    /// reasoning stays the model's own either way.
    /// </summary>
    public bool ForceAnswer { get; init; }

    /// <summary>
    /// How prompt text is normalized before llama.cpp tokenizes it. llama.cpp applies no normalizer; the Hugging Face
    /// tokenizer that vLLM feeds the model composes text to NFC first (Qwen2's does), so a decomposed accent would
    /// otherwise give other token ids. Auto: NFC for models with Qwen2's pre-tokenizer, none for others.
    /// </summary>
    public PromptNormalization Normalization { get; init; } = PromptNormalization.Auto;
}

/// <summary>The Unicode normalization applied to a prompt before it is tokenized.</summary>
public enum PromptNormalization
{
    /// <summary>As the model's tokenizer does: NFC where the GGUF names Qwen2's pre-tokenizer (tokenizer.ggml.pre = qwen2).</summary>
    Auto,
    None,
    Nfc,
}
