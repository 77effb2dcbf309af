using Rearank.Core.Model;
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
/// been fed, the token it feeds next, what it has written so far, and how it takes its next token. Only the session's
/// decode thread touches it.
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

    /// <summary>For a request that reads the first token's distribution: the likeliest tokens, once read.</summary>
    public IReadOnlyList<TokenLogprob>? TopLogprobs { get; set; }

    /// <summary>Greedy decoding (temperature 0): the token is the first highest logit.</summary>
    public bool Greedy { get; init; }

    /// <summary>When the prompt was processed and the first token could be sampled.</summary>
    public TimeSpan? PromptDone { get; set; }

    /// <summary>
    /// One token of this window: free decoding through llama.cpp's sampler, or the answer guard's choice once it has
    /// taken over. Returns why the window ends, or null when it goes on.
    /// </summary>
    public WindowStop? Step(LlamaModel model, int greedyToken)
    {
        var remaining = Work.Request.MaxNewTokens - Generated;
        var guard = Guard;
        if (guard is { Engaged: false } && guard.MustStopReasoning(remaining)) guard.EngageAt(Generated, AnswerGuard.TokenBudget, Text.ToString());
        int token;
        if (guard is null || !guard.Engaged)
        {
            // At temperature 0 with neutral filters the sampler chain ends in greedy: the same token as the scan's.
            token = Greedy ? greedyToken : (int)Sampler.Sample(model.Context.NativeHandle, Row);
            var end = model.EndsGeneration(token);
            if (end && guard is not null && !AnswerGuard.HoldsAnswer(Text.ToString()))
                guard.EngageAt(Generated, AnswerGuard.EndWithoutAnswer, Text.ToString());
            else
            {
                var before = Text.Length;
                if (Emit(token, end) is { } reason) return reason;
                guard?.Observe(Generated - 1, Text, before);
                Next = token;
                return null;
            }
        }
        var choice = guard!.Choose(model.Context.NativeHandle.GetLogitsIth(Row), Generated, remaining);
        if (choice.FinishText is { } finish)
        {
            // No token keeps an answer finishable: write the shortest completion and end the window.
            Text.Append(finish);
            var cost = model.CountPlainTokens(finish);
            Generated += cost;
            return WindowStop.AnswerCompletedByGuard;
        }
        if (Emit(choice.TokenId, choice.EndsTurn) is { } stop) return stop;
        Next = choice.TokenId;
        return null;
    }

    /// <summary>Counts and decodes a token; says why the window ends when it is the end of the turn or the last of the budget.</summary>
    private WindowStop? Emit(int token, bool endOfTurn)
    {
        Generated++;
        if (endOfTurn) return WindowStop.EndOfTurn;
        Decoder.Add(token);
        Text.Append(Decoder.Read());
        return Generated >= Work.Request.MaxNewTokens ? WindowStop.MaxNewTokens : null;
    }

    public void Dispose() => Sampler.Dispose();
}
