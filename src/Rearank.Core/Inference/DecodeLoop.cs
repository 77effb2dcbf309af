using System.Diagnostics;
using System.Threading.Channels;
using LLama;
using LLama.Native;
using LLama.Sampling;
using Rearank.Core.Model;
using Rearank.Core.Reranking;

namespace Rearank.Core.Inference;

/// <summary>
/// The scheduler of a <see cref="LlamaSession"/>: one dedicated thread keeps up to MaxParallel windows in one
/// llama.cpp batch, admits the next waiting window as soon as one finishes, frees each window's KV-cache sequence,
/// and keeps the session's accounts of tokens and time (prompt and generation apart). Nothing is thrown out of its
/// thread: every failure reaches the window, or every waiting caller, as an exception.
/// </summary>
internal sealed class DecodeLoop : IDisposable
{
    private readonly LlamaModel model;
    private readonly LlamaSessionOptions options;
    private readonly Stack<LLamaSeqId> freeSequences;
    private readonly Channel<PendingWindow> pending = Channel.CreateUnbounded<PendingWindow>();
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread thread;
    private long promptTokens, generatedTokens;
    private long promptTicks, generationTicks, generationStepTokens;

    /// <summary>Whether the last batch was a prompt chunk (only the decode thread uses it).</summary>
    private bool lastStepWasPrompt;

    public DecodeLoop(LlamaModel model)
    {
        this.model = model;
        options = model.Options;
        freeSequences = new(Enumerable.Range(0, options.MaxParallel).Reverse().Select(id => (LLamaSeqId)id));
        thread = new Thread(Run) { IsBackground = true, Name = "Rearank llama.cpp decode" };
        thread.Start();
    }

    public long PromptTokens => Interlocked.Read(ref promptTokens);
    public long GeneratedTokens => Interlocked.Read(ref generatedTokens);
    public TimeSpan PromptTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref promptTicks));
    public TimeSpan GenerationTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref generationTicks));
    public long GenerationStepTokens => Interlocked.Read(ref generationStepTokens);

    /// <summary>Queues a window; false once the loop is closed.</summary>
    public bool TrySubmit(PendingWindow work) => pending.Writer.TryWrite(work);

    /// <summary>
    /// The decode loop. It runs on one dedicated thread and calls llama_decode synchronously: llama.cpp's CPU backend
    /// keeps an OpenMP thread team per calling thread, and decodes started from pool threads (as LLamaSharp's
    /// BatchedExecutor does through Task.Run) each raise a team of their own, oversubscribe the cores and turn every
    /// barrier inside a decode into a kernel wait. Each step decodes one batch (see <see cref="FillBatch"/>).
    /// </summary>
    private void Run()
    {
        var active = new List<LlamaWindow>();
        try
        {
            var batch = new LLamaBatch();
            while (!stopping.IsCancellationRequested)
            {
                var admitting = Stopwatch.GetTimestamp();
                var admitted = false;
                while (active.Count < options.MaxParallel && pending.Reader.TryRead(out var work))
                {
                    admitted = true;
                    if (Admit(work) is { } started) active.Add(started);
                }
                // Tokenizing is part of a prompt's time; an empty look at the queue is nobody's.
                if (admitted) Interlocked.Add(ref promptTicks, Stopwatch.GetTimestamp() - admitting);
                if (active.Count == 0)
                {
                    // Idle: block this thread (it has nothing else to do) until a window arrives or the session closes.
                    if (!pending.Reader.WaitToReadAsync(stopping.Token).AsTask().GetAwaiter().GetResult()) break;
                    continue;
                }
                foreach (var a in active.Where(a => a.Work.Cancellation.IsCancellationRequested || a.Work.Completion.Task.IsCompleted).ToList())
                {
                    Finish(a, error: new OperationCanceledException(a.Work.Cancellation));
                    active.Remove(a);
                }
                if (active.Count == 0) continue;
                var stepStart = Stopwatch.GetTimestamp();
                FillBatch(batch, active);
                var result = model.Context.NativeHandle.Decode(batch);
                if (result != DecodeResult.Ok)
                {
                    var error = new RearankException(result == DecodeResult.NoKvSlot
                        ? $"llama.cpp ran out of context slots decoding {active.Count} windows at once; lower -MaxParallel or raise -ContextSize."
                        : $"llama.cpp failed to decode ({result}).");
                    foreach (var a in active) Finish(a, error: error);
                    active.Clear();
                    continue;
                }
                foreach (var a in active.ToList())
                {
                    if (a.Row < 0) continue;   // its prompt is still being decoded
                    a.PromptDone ??= a.Clock.Elapsed;
                    try
                    {
                        // NaN or infinite logits (a broken model) would turn every choice into noise: the window fails.
                        var (finite, best) = Scan(model.Context.NativeHandle.GetLogitsIth(a.Row));
                        if (!finite)
                        {
                            Finish(a, WindowStop.Failed, failure: "the model produced NaN or infinite logits");
                            active.Remove(a);
                        }
                        else if (a.Work.Request.TopLogprobs is { } listed)
                        {
                            // FIRST and pointwise read the first token's distribution: nothing is generated.
                            a.TopLogprobs = model.TopLogprobs(model.Context.NativeHandle.GetLogitsIth(a.Row), listed);
                            a.Text.Append(a.TopLogprobs.Count > 0 ? a.TopLogprobs[0].Token : "");
                            a.Generated = 1;
                            Interlocked.Increment(ref generatedTokens);
                            Finish(a, WindowStop.MaxNewTokens);
                            active.Remove(a);
                        }
                        else if (StepCounted(a, best) is { } stop)
                        {
                            Finish(a, stop);
                            active.Remove(a);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One window's failure is that window's: its hits keep their order and the others go on.
                        Finish(a, WindowStop.Failed, failure: $"{e.GetType().Name}: {e.Message}");
                        active.Remove(a);
                    }
                }
                var stepTicks = Stopwatch.GetTimestamp() - stepStart;
                if (lastStepWasPrompt) Interlocked.Add(ref promptTicks, stepTicks);
                else
                {
                    Interlocked.Add(ref generationTicks, stepTicks);
                    Interlocked.Add(ref generationStepTokens, batch.TokenCount);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Whatever broke the loop, no caller may wait forever on it, and nothing is rethrown: an exception left
            // on a dedicated thread would end the process.
            pending.Writer.TryComplete(new SessionClosedException($"The session's decode loop stopped ({e.GetType().Name}: {e.Message}); open another with Open-RearankSession."));
            Abandon(active, e);
            return;
        }
        // Closed: every window, running or still queued, gets its answer now rather than never.
        Abandon(active, new SessionClosedException("The session was closed (Close-RearankSession) before this window was decoded."));
    }

    /// <summary>
    /// The loop's last act: every running and queued window gets the error. Nothing here calls into llama.cpp (the
    /// KV cache goes with the context), so nothing can throw out of the decode thread, which would end the process.
    /// </summary>
    private void Abandon(List<LlamaWindow> active, Exception error)
    {
        foreach (var a in active)
        {
            a.Work.Completion.TrySetException(error);
            try { a.Dispose(); }
            catch (Exception) { /* a sampler that cannot be freed is left to the process's end */ }
        }
        while (pending.Reader.TryRead(out var waiting)) waiting.Completion.TrySetException(error);
    }

    /// <summary>
    /// One step's batch: either a chunk of one window's prompt (up to the batch size), or the next token of every
    /// generating window, never both, so the session can account prompt and generation time apart (its rates).
    /// Prompts go first: windows admitted together start generating together, so each generation step carries every
    /// window it can. On the CPU, llama.cpp decodes a batch of under 8 tokens at about the cost per token of one
    /// window alone, so steps with a few windows each, taken between prompts, would cost as much as decoding those
    /// tokens one window at a time (docs/benchmarks.md). A prompt is one chunk up to the batch size, so generation
    /// waits no longer for a new window than it would taking turns. A window's logits are asked for at its next token,
    /// or at the last token of its prompt.
    /// </summary>
    private void FillBatch(LLamaBatch batch, List<LlamaWindow> active)
    {
        batch.Clear();
        foreach (var a in active) a.Row = -1;
        var prompting = active.FirstOrDefault(a => a.Next is null);
        lastStepWasPrompt = prompting is not null;
        if (lastStepWasPrompt)
        {
            var a = prompting!;
            var count = Math.Min(a.Prompt.Length - a.PromptFed, model.BatchSize);
            var last = a.PromptFed + count == a.Prompt.Length;
            var row = batch.AddRange(a.Prompt.AsSpan(a.PromptFed, count), a.Position, a.Sequence, last);
            a.PromptFed += count;
            a.Position += count;
            if (last) a.Row = row;
            return;
        }
        foreach (var a in active)
            if (a.Next is { } next) a.Row = batch.Add(next, a.Position++, a.Sequence, true);
    }


    /// <summary>
    /// One pass over the logits: whether they are usable (no NaN or +inf) and the first highest one, which is the token
    /// llama.cpp's greedy sampler picks, so greedy decoding need not copy the vocabulary into a sampler chain per token.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (bool Finite, int Best) Scan(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var logit = logits[i];
            if (float.IsNaN(logit) || float.IsPositiveInfinity(logit)) return (false, -1);
            if (logit > logits[best]) best = i;
        }
        return (true, best);
    }


    /// <summary>One step of a window (<see cref="LlamaWindow.Step"/>), its new tokens counted even when it throws.</summary>
    private WindowStop? StepCounted(LlamaWindow a, int greedyToken)
    {
        var before = a.Generated;
        try
        {
            return a.Step(model, greedyToken);
        }
        finally
        {
            Interlocked.Add(ref generatedTokens, a.Generated - before);
        }
    }

    /// <summary>The request's sampling where it sets one, the session's otherwise; filters neutral unless asked.</summary>
    private SamplingSettings SamplingFor(WindowRequest request) =>
        request.Sampling ?? new SamplingSettings { Temperature = options.Temperature, Seed = options.Seed };

    /// <summary>Starts a window: tokenize, check it fits, give it a sequence. Null when it could not start.</summary>
    private LlamaWindow? Admit(PendingWindow work)
    {
        if (work.Cancellation.IsCancellationRequested || work.Completion.Task.IsCompleted)
        {
            work.Completion.TrySetCanceled();
            return null;
        }
        try
        {
            var tokens = model.Context.Tokenize(work.Prompt, addBos: false, special: true);
            if (tokens.Length == 0) throw new RearankException($"The window {work.Request.Window} of query {work.Request.QueryId} renders to an empty prompt.");
            var needed = tokens.Length + work.Request.MaxNewTokens;
            if (needed > options.ContextSize)
                throw new ContextTooSmallException(
                    $"The window {work.Request.Window} of query {work.Request.QueryId} needs {tokens.Length:N0} prompt tokens + {work.Request.MaxNewTokens:N0} new tokens = {needed:N0}, " +
                    $"but each window has a context of {options.ContextSize:N0}. Raise -ContextSize, or lower -MaxNewTokens or -WindowSize.");
            var sampling = SamplingFor(work.Request);
            var sampler = new DefaultSamplingPipeline
            {
                Temperature = sampling.Temperature,
                TopK = sampling.TopK,
                TopP = sampling.TopP,
                MinP = sampling.MinP,
                TypicalP = 1f,
                Seed = sampling.Seed,
                RepeatPenalty = 1f,
                FrequencyPenalty = 0f,
                PresencePenalty = 0f,
            };
            var guard = options.ForceAnswer && work.Request.TopLogprobs is null
                ? new AnswerGuard(new AnswerLanguage(work.Request.PassageCount, work.Request.Thinking), model.GuardVocabulary(), sampling)
                : null;
            Interlocked.Add(ref promptTokens, tokens.Length);
            // The loop admits at most MaxParallel windows, so a sequence is always free here.
            return new LlamaWindow(work, freeSequences.Pop(), tokens, sampler, new StreamingTokenDecoder(model.Context)) { Guard = guard, Greedy = sampling.Temperature == 0 };
        }
        catch (Exception e)
        {
            work.Completion.TrySetException(e);
            return null;
        }
    }

    /// <summary>Answers the window's caller and frees its sequence (its KV cache) for the next window.</summary>
    private void Finish(LlamaWindow active, WindowStop stop = WindowStop.EndOfTurn, Exception? error = null, string? failure = null)
    {
        model.Context.NativeHandle.MemorySequenceRemove(active.Sequence, -1, -1);
        freeSequences.Push(active.Sequence);
        if (error is null)
            active.Work.Completion.TrySetResult(new WindowCompletion(failure is null ? active.Text.ToString() : "", active.Prompt.Length, active.Generated, active.Clock.Elapsed, stop)
            {
                Guard = active.Guard?.Report, Failure = failure, PromptElapsed = active.PromptDone, TopLogprobs = active.TopLogprobs,
            });
        else if (error is OperationCanceledException)
            active.Work.Completion.TrySetCanceled();
        else
            active.Work.Completion.TrySetException(error);
        active.Dispose();
    }

    /// <summary>
    /// Stops the loop: queued and running windows get a SessionClosedException. False when a decode step is still
    /// running after 30 s, so the caller must not free the native context under it (it would crash the process).
    /// </summary>
    public bool Stop()
    {
        pending.Writer.TryComplete();
        stopping.Cancel();
        return thread.Join(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => stopping.Dispose();
}
