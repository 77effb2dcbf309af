using Rearank.Core.Model;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Rearank.Core.Reranking;

namespace Rearank.Core.Inference;

/// <summary>The window does not fit the context the session was opened with.</summary>
public sealed class ContextTooSmallException(string message) : RearankException(message);

/// <summary>The session was closed while a window waited for it or was being decoded.</summary>
public sealed class SessionClosedException(string message) : RearankException(message);

/// <summary>
/// One loaded model serving many reranking windows. The weights load once; a single decode loop keeps up to
/// <see cref="LlamaSessionOptions.MaxParallel"/> windows (of different queries) in one llama.cpp batch, admits the
/// next waiting window as soon as one finishes, and ends every window at its token budget, so no sequence can hold
/// the others up. Safe to call from many threads.
/// </summary>
public sealed class LlamaSession : IRerankSession
{
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;
    private readonly int batchSize;
    private readonly Stack<LLamaSeqId> freeSequences;
    private readonly Channel<PendingWindow> pending = Channel.CreateUnbounded<PendingWindow>();
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread loop;
    private long promptTokens, generatedTokens;
    private long promptTicks, generationTicks, generationStepTokens;

    private LlamaSession(LlamaSessionOptions options, LLamaWeights weights, LLamaContext context, int batchSize, TimeSpan loadTime)
    {
        Options = options;
        this.weights = weights;
        this.context = context;
        this.batchSize = batchSize;
        freeSequences = new(Enumerable.Range(0, options.MaxParallel).Reverse().Select(id => (LLamaSeqId)id));
        LoadTime = loadTime;
        ModelName = weights.Metadata.TryGetValue("general.name", out var name) ? name : Path.GetFileNameWithoutExtension(options.ModelPath);
        ChatTemplate = weights.Metadata.GetValueOrDefault("tokenizer.chat_template") ?? "";
        NormalizesToNfc = options.Normalization switch
        {
            PromptNormalization.Nfc => true,
            PromptNormalization.None => false,
            _ => weights.Metadata.TryGetValue("tokenizer.ggml.pre", out var pre) && pre == "qwen2",
        };
        loop = new Thread(DecodeLoop) { IsBackground = true, Name = "Rearank llama.cpp decode" };
        loop.Start();
    }

    public LlamaSessionOptions Options { get; }

    /// <summary>What the session holds: the weights and the KV cache of ContextSize × MaxParallel cells, planned before loading.</summary>
    public MemoryPlan? Memory { get; private init; }

    /// <summary>The KV cache's bytes (f16 keys and values of every layer for every cell).</summary>
    public long KvCacheBytes => Memory?.KvCacheBytes ?? 0;
    public string ModelName { get; }
    public string ChatTemplate { get; }
    public TimeSpan LoadTime { get; }
    public long PromptTokens => Interlocked.Read(ref promptTokens);
    public long GeneratedTokens => Interlocked.Read(ref generatedTokens);

    /// <summary>Time spent on prompts so far: tokenizing them, decoding them, choosing each window's first token.</summary>
    public TimeSpan PromptTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref promptTicks));

    /// <summary>Time spent in generation steps so far (each decodes the next token of every generating window).</summary>
    public TimeSpan GenerationTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref generationTicks));

    /// <summary>Tokens decoded in generation steps so far (every generated token but each window's first).</summary>
    public long GenerationStepTokens => Interlocked.Read(ref generationStepTokens);

    /// <summary>Prompt processing rate so far, over <see cref="PromptTime"/>; 0 before any prompt.</summary>
    public double PromptTokensPerSecond => PromptTime.TotalSeconds > 0 ? PromptTokens / PromptTime.TotalSeconds : 0;

    /// <summary>Generation rate so far, all windows in flight together, over <see cref="GenerationTime"/>; 0 before any.</summary>
    public double GeneratedTokensPerSecond => GenerationTime.TotalSeconds > 0 ? GenerationStepTokens / GenerationTime.TotalSeconds : 0;
    public string Description => $"{ModelName} ({Path.GetFileName(Options.ModelPath)})";

    public string Decoding => $"{new SamplingSettings { Temperature = Options.Temperature, Seed = Options.Seed }}, {(Options.ForceAnswer ? "answer guard (-ForceAnswer)" : "no output constraint")}, llama.cpp";
    public int Concurrency => Options.MaxParallel;

    /// <summary>Loads a GGUF; a missing file, a damaged one, absent natives or a missing chat template raise a RearankException saying which.</summary>
    public static LlamaSession Open(LlamaSessionOptions options)
    {
        if (!File.Exists(options.ModelPath)) throw new FileNotFoundException($"There is no model file at '{options.ModelPath}'.", options.ModelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ContextSize, 256);
        CheckNatives();
        // What llama.cpp would assert on (and so kill the process) is refused here, with the reason.
        var plan = MemoryPlan.For(GgufValidator.Check(options.ModelPath), options);
        plan.CheckFits(options, MemoryPlan.AvailableBytes());
        NativeLog.Install();
        // LLamaSharp's default is half the cores; decoding one batch is the only work here, so use them all.
        var threads = options.Threads ?? Environment.ProcessorCount;
        var clock = Stopwatch.StartNew();
        LLamaWeights? weights = null;
        try
        {
            var model = new ModelParams(options.ModelPath)
            {
                ContextSize = (uint)options.ContextSize,
                GpuLayerCount = options.GpuLayerCount,
                Threads = threads,
                BatchThreads = threads,
            };
            weights = LLamaWeights.LoadFromFile(model);
            _ = new LLamaTemplate(weights, strict: true);
            var context = new ModelParams(options.ModelPath)
            {
                ContextSize = (uint)(options.ContextSize * options.MaxParallel),
                SeqMax = (uint)options.MaxParallel,
                // One KV cache for all windows. With a stream per sequence (llama.cpp's default), a batch is cut into
                // micro-batches of consecutive sequence ids, so once a window in the middle finishes, every step would
                // read the weights twice or more. Other windows' cells are masked out of a window's attention, but still
                // cost time: long prompts beside long windows run slower (docs/benchmarks.md, the DL19-shaped run).
                KVUnified = true,
                BatchSize = (uint)Math.Min(options.ContextSize, 4096),
                Threads = threads,
                BatchThreads = threads,
            };
            LLamaContext created;
            try
            {
                created = weights.CreateContext(context);
            }
            catch (RuntimeError e)
            {
                // llama.cpp answers an allocation it cannot make with no context: the KV cache (or compute buffers) did not fit.
                throw new SessionMemoryException(
                    $"llama.cpp could not allocate the session's context: {plan}. Lower -MaxParallel or -ContextSize{(options.GpuLayerCount > 0 ? ", or offload fewer layers (-GpuLayerCount)" : "")}. " + LastNativeProblem(), e);
            }
            return new LlamaSession(options, weights, created, (int)context.BatchSize, clock.Elapsed) { Memory = plan };
        }
        catch (SessionMemoryException)
        {
            weights?.Dispose();
            throw;
        }
        catch (LoadWeightsFailedException e)
        {
            weights?.Dispose();
            throw new RearankException($"'{options.ModelPath}' is not a loadable GGUF model (damaged, truncated, or an architecture llama.cpp does not know). " + LastNativeProblem(), e);
        }
        catch (TemplateNotFoundException e)
        {
            weights?.Dispose();
            throw new RearankException($"'{options.ModelPath}' has no chat template (tokenizer.chat_template); REARANK needs the model's own (ChatML for Qwen2.5).", e);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or RuntimeError)
        {
            weights?.Dispose();
            throw new RearankException($"llama.cpp could not be loaded ({e.GetBaseException().Message}). The module needs its runtimes/<rid>/native folder from the LLamaSharp backend package.", e);
        }
    }

    public async Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        // Checked first: rendering the prompt touches the model's handles, which a closed session has freed.
        if (IsClosed) throw new SessionClosedException("The session is closed (Close-RearankSession); open another with Open-RearankSession.");
        CheckAnswerBudget(request.PassageCount, request.Thinking, request.MaxNewTokens);
        var prompt = Render(request.Messages);
        var work = new PendingWindow(request, prompt, new TaskCompletionSource<WindowCompletion>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        await using var registration = cancellationToken.Register(() => work.Completion.TrySetCanceled(cancellationToken));
        if (!pending.Writer.TryWrite(work)) throw new SessionClosedException("The session is closed; open another with Open-RearankSession.");
        return await work.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>With -ForceAnswer, refuses a budget the promised answer cannot fit in, before any token is spent.</summary>
    public void CheckAnswerBudget(int passages, bool thinking, int maxNewTokens)
    {
        if (!Options.ForceAnswer) return;
        var needed = AnswerGuard.MinimumNewTokens(passages, thinking);
        if (maxNewTokens < needed)
            throw new AnswerBudgetTooSmallException(
                $"-ForceAnswer promises an answer ranking all {passages} passages, which needs at least {needed} new tokens; the budget is {maxNewTokens}. Raise -MaxNewTokens or lower -WindowSize.");
    }

    /// <summary>The request's sampling where it sets one, the session's otherwise; filters neutral unless asked.</summary>
    private SamplingSettings SamplingFor(WindowRequest request) => new()
    {
        Temperature = request.Temperature ?? Options.Temperature,
        Seed = request.Seed ?? Options.Seed,
        TopP = request.TopP ?? 1f,
        TopK = request.TopK ?? 0,
        MinP = request.MinP ?? 0f,
    };

    private GuardVocabulary? guardVocabulary;

    /// <summary>Read once, on the first guarded window (only the decode loop calls it).</summary>
    private GuardVocabulary GuardVocabulary()
    {
        if (guardVocabulary is not null) return guardVocabulary;
        var vocab = weights.Vocab;
        var buffer = new byte[512];
        return guardVocabulary = Inference.GuardVocabulary.Read(vocab.Count,
            token =>
            {
                var length = (int)weights.NativeHandle.TokenToSpan(token, buffer, 0, false);
                return length <= 0 || length > buffer.Length ? [] : buffer[..length];
            },
            token => ((LLamaToken)token).IsEndOfGeneration(vocab));
    }

    /// <summary>The messages through the model's own chat template, with the assistant turn opened.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages)
    {
        var template = new LLamaTemplate(weights, strict: true) { AddAssistant = true };
        foreach (var message in messages) template.Add(message.Role, message.Content);
        var prompt = Encoding.UTF8.GetString(template.Apply());
        // The chat markup is ASCII, which NFC leaves as it is: normalizing the whole prompt is normalizing its texts.
        return NormalizesToNfc ? prompt.Normalize(NormalizationForm.FormC) : prompt;
    }

    /// <summary>Whether prompts are composed to NFC before tokenizing (<see cref="LlamaSessionOptions.Normalization"/>).</summary>
    public bool NormalizesToNfc { get; }

    /// <summary>The token ids llama.cpp gives the text, special tokens parsed (for checks against the model's own tokenizer).</summary>
    public int[] TokenIds(string text) => weights.Tokenize(text, false, true, Encoding.UTF8).Select(t => (int)t).ToArray();

    public int CountTokens(string text) => weights.Tokenize(text, false, true, Encoding.UTF8).Length;

    /// <summary>
    /// The decode loop. It runs on one dedicated thread and calls llama_decode synchronously: llama.cpp's CPU backend
    /// keeps an OpenMP thread team per calling thread, and decodes started from pool threads (as LLamaSharp's
    /// BatchedExecutor does through Task.Run) each raise a team of their own, oversubscribe the cores and turn every
    /// barrier inside a decode into a kernel wait. Each step decodes one batch (see <see cref="FillBatch"/>).
    /// </summary>
    private void DecodeLoop()
    {
        var active = new List<LlamaWindow>();
        try
        {
            var batch = new LLamaBatch();
            while (!stopping.IsCancellationRequested)
            {
                var admitting = Stopwatch.GetTimestamp();
                var admitted = false;
                while (active.Count < Options.MaxParallel && pending.Reader.TryRead(out var work))
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
                var result = context.NativeHandle.Decode(batch);
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
                        var (finite, best) = Scan(context.NativeHandle.GetLogitsIth(a.Row));
                        if (!finite)
                        {
                            Finish(a, WindowStop.Failed, failure: "the model produced NaN or infinite logits");
                            active.Remove(a);
                        }
                        else if (Step(a, best) is { } stop)
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
    /// generating window, never both, so the session can account prompt and generation time apart (its rates). They
    /// take turns while both wait, so neither stalls the other. A window's logits are asked for at its next token, or
    /// at the last token of its prompt.
    /// </summary>
    private void FillBatch(LLamaBatch batch, List<LlamaWindow> active)
    {
        batch.Clear();
        foreach (var a in active) a.Row = -1;
        var prompting = active.FirstOrDefault(a => a.Next is null);
        var generating = active.Any(a => a.Next is not null);
        lastStepWasPrompt = prompting is not null && (!generating || !lastStepWasPrompt);
        if (lastStepWasPrompt)
        {
            var a = prompting!;
            var count = Math.Min(a.Prompt.Length - a.PromptFed, batchSize);
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

    /// <summary>Whether the decode loop's last batch was a prompt chunk (only the decode thread uses it).</summary>
    private bool lastStepWasPrompt;

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


    /// <summary>
    /// One token of one window: free decoding through llama.cpp's sampler, or the answer guard's choice once it has
    /// taken over. Returns why the window ends, or null when it goes on.
    /// </summary>
    private WindowStop? Step(LlamaWindow a, int greedyToken)
    {
        var remaining = a.Work.Request.MaxNewTokens - a.Generated;
        var guard = a.Guard;
        if (guard is { Engaged: false } && guard.MustStopReasoning(remaining)) guard.EngageAt(a.Generated, AnswerGuard.TokenBudget, a.Text.ToString());
        int token;
        if (guard is null || !guard.Engaged)
        {
            // At temperature 0 with neutral filters the sampler chain ends in greedy: the same token as the scan's.
            token = a.Greedy ? greedyToken : (int)a.Sampler.Sample(context.NativeHandle, a.Row);
            var end = ((LLamaToken)token).IsEndOfGeneration(weights.Vocab);
            if (end && guard is not null && !AnswerGuard.HoldsAnswer(a.Text.ToString()))
                guard.EngageAt(a.Generated, AnswerGuard.EndWithoutAnswer, a.Text.ToString());
            else
            {
                var before = a.Text.Length;
                if (Emit(a, token, end) is { } reason) return reason;
                guard?.Observe(a.Generated - 1, a.Text, before);
                a.Next = token;
                return null;
            }
        }
        var choice = guard!.Choose(context.NativeHandle.GetLogitsIth(a.Row), a.Generated, remaining);
        if (choice.FinishText is { } finish)
        {
            // No token keeps an answer finishable: write the shortest completion and end the window.
            a.Text.Append(finish);
            var cost = weights.Tokenize(finish, false, false, Encoding.UTF8).Length;
            a.Generated += cost;
            Interlocked.Add(ref generatedTokens, cost);
            return WindowStop.AnswerCompletedByGuard;
        }
        if (Emit(a, choice.TokenId, choice.EndsTurn) is { } stop) return stop;
        a.Next = choice.TokenId;
        return null;
    }

    /// <summary>Counts and decodes a token; says why the window ends when it is the end of the turn or the last of the budget.</summary>
    private WindowStop? Emit(LlamaWindow a, int token, bool endOfTurn)
    {
        a.Generated++;
        Interlocked.Increment(ref generatedTokens);
        if (endOfTurn) return WindowStop.EndOfTurn;
        a.Decoder.Add(token);
        a.Text.Append(a.Decoder.Read());
        return a.Generated >= a.Work.Request.MaxNewTokens ? WindowStop.MaxNewTokens : null;
    }

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
            var tokens = context.Tokenize(work.Prompt, addBos: false, special: true);
            if (tokens.Length == 0) throw new RearankException($"The window {work.Request.Window} of query {work.Request.QueryId} renders to an empty prompt.");
            var needed = tokens.Length + work.Request.MaxNewTokens;
            if (needed > Options.ContextSize)
                throw new ContextTooSmallException(
                    $"The window {work.Request.Window} of query {work.Request.QueryId} needs {tokens.Length:N0} prompt tokens + {work.Request.MaxNewTokens:N0} new tokens = {needed:N0}, " +
                    $"but each window has a context of {Options.ContextSize:N0}. Raise -ContextSize, or lower -MaxNewTokens or -WindowSize.");
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
            var guard = Options.ForceAnswer
                ? new AnswerGuard(new AnswerLanguage(work.Request.PassageCount, work.Request.Thinking), GuardVocabulary(), sampling)
                : null;
            Interlocked.Add(ref promptTokens, tokens.Length);
            // The loop admits at most MaxParallel windows, so a sequence is always free here.
            return new LlamaWindow(work, freeSequences.Pop(), tokens, sampler, new StreamingTokenDecoder(context)) { Guard = guard, Greedy = sampling.Temperature == 0 };
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
        context.NativeHandle.MemorySequenceRemove(active.Sequence, -1, -1);
        freeSequences.Push(active.Sequence);
        if (error is null)
            active.Work.Completion.TrySetResult(new WindowCompletion(failure is null ? active.Text.ToString() : "", active.Prompt.Length, active.Generated, active.Clock.Elapsed, stop)
            {
                Guard = active.Guard?.Report, Failure = failure, PromptElapsed = active.PromptDone,
            });
        else if (error is OperationCanceledException)
            active.Work.Completion.TrySetCanceled();
        else
            active.Work.Completion.TrySetException(error);
        active.Dispose();
    }

    private static void CheckNatives()
    {
        if (NativeLibraryFolder.Current is not null) return;   // the user's own build, checked when it was chosen
        var folder = Path.Combine(Path.GetDirectoryName(typeof(LLamaWeights).Assembly.Location) ?? "", "runtimes");
        if (!Directory.Exists(folder))
            throw new RearankException($"The llama.cpp natives are missing: there is no '{folder}'. Publish the module with build.ps1 build, which copies them for this machine.");
    }

    private static string LastNativeProblem() =>
        NativeLog.Drain().LastOrDefault(m => m.IsProblem).Message is { Length: > 0 } message ? $"llama.cpp said: {message}" : "";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        pending.Writer.TryComplete();
        stopping.Cancel();
        var ended = loop.Join(TimeSpan.FromSeconds(30));
        // Freeing the native context under a decode step still running would crash the process: leak it instead.
        if (!ended) return;
        context.Dispose();
        weights.Dispose();
        stopping.Dispose();
    }

    private int disposed;

    public bool IsClosed => Volatile.Read(ref disposed) == 1;
}
