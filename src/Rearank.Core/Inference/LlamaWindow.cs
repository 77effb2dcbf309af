using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Native;
using LLama.Sampling;
using Rearank.Core.Reranking;

namespace Rearank.Core.Inference;

/// <summary>A window waiting for the decode loop: the request, its rendered prompt, and who waits for the answer.</summary>
internal sealed record PendingWindow(WindowRequest Request, string Prompt, TaskCompletionSource<WindowCompletion> Completion, CancellationToken Cancellation);

/// <summary>
/// One window being decoded by a <see cref="LlamaSession"/>: its llama.cpp sequence, how much of its prompt has
/// been fed, the token it feeds next, and what it has written so far. Only the session's decode thread touches it.
/// </summary>
internal sealed class LlamaWindow(PendingWindow work, LLamaSeqId sequence, LLamaToken[] prompt, DefaultSamplingPipeline sampler, StreamingTokenDecoder decoder) : IDisposable
{
    /// <summary>The request and its completion (the session's own record).</summary>
    public PendingWindow Work { get; } = work;

    /// <summary>The KV-cache sequence this window owns until it finishes.</summary>
    public LLamaSeqId Sequence { get; } = sequence;

    public LLamaToken[] Prompt { get; } = prompt;

    /// <summary>Prompt tokens already put into a batch (a long prompt, or many at once, takes several steps).</summary>
    public int PromptFed { get; set; }

    /// <summary>The position the next token takes in this window's sequence.</summary>
    public int Position { get; set; }

    /// <summary>The token chosen last step, fed to the model in the next one; null while the prompt is being fed.</summary>
    public LLamaToken? Next { get; set; }

    /// <summary>This step's batch row whose logits choose the window's next token; -1 when it has none this step.</summary>
    public int Row { get; set; } = -1;

    public DefaultSamplingPipeline Sampler { get; } = sampler;
    public StreamingTokenDecoder Decoder { get; } = decoder;
    public StringBuilder Text { get; } = new();
    public Stopwatch Clock { get; } = Stopwatch.StartNew();
    public int Generated { get; set; }
    public AnswerGuard? Guard { get; init; }

    /// <summary>Greedy decoding (temperature 0): the token is the first highest logit.</summary>
    public bool Greedy { get; init; }

    /// <summary>When the prompt was processed and the first token could be sampled.</summary>
    public TimeSpan? PromptDone { get; set; }

    public void Dispose() => Sampler.Dispose();
}
