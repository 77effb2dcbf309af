using Rearank.Core.Model;
using Rearank.Core.Reranking;

namespace Rearank.Core.Inference;

/// <summary>
/// One loaded model serving many reranking windows. The weights load once; a single decode loop keeps up to
/// <see cref="LlamaSessionOptions.MaxParallel"/> windows (of different queries) in one llama.cpp batch, admits the
/// next waiting window as soon as one finishes, and ends every window at its token budget, so no sequence can hold
/// the others up. Safe to call from many threads. The parts: <see cref="LlamaModel"/> (opening, template,
/// tokenizer), <see cref="DecodeLoop"/> (scheduling, batches, rates) and <see cref="LlamaWindow"/> (one window's steps).
/// </summary>
public sealed class LlamaSession : IRerankSession, IPromptBudget
{
    private readonly LlamaModel model;
    private readonly DecodeLoop loop;

    private LlamaSession(LlamaModel model)
    {
        this.model = model;
        loop = new DecodeLoop(model);
    }

    /// <summary>Loads a GGUF; a missing file, a damaged one, absent natives or a missing chat template raise a RearankException saying which.</summary>
    public static LlamaSession Open(LlamaSessionOptions options) => new(LlamaModel.Open(options));

    public LlamaSessionOptions Options => model.Options;

    /// <summary>What the session holds: the weights and the KV cache of ContextSize × MaxParallel cells, planned before loading.</summary>
    public MemoryPlan? Memory => model.Memory;

    /// <summary>CPU threads llama.cpp decodes with: -Threads, or else the cores this process may use.</summary>
    public int Threads => model.Threads;

    /// <summary>The KV cache's bytes (f16 keys and values of every layer for every cell).</summary>
    public long KvCacheBytes => Memory?.KvCacheBytes ?? 0;
    public string ModelName => model.Name;
    public string ChatTemplate => model.ChatTemplate;
    public TimeSpan LoadTime => model.LoadTime;
    public long PromptTokens => loop.PromptTokens;
    public long GeneratedTokens => loop.GeneratedTokens;

    /// <summary>Time spent on prompts so far: tokenizing them, decoding them, choosing each window's first token.</summary>
    public TimeSpan PromptTime => loop.PromptTime;

    /// <summary>Time spent in generation steps so far (each decodes the next token of every generating window).</summary>
    public TimeSpan GenerationTime => loop.GenerationTime;

    /// <summary>Tokens decoded in generation steps so far (every generated token but each window's first).</summary>
    public long GenerationStepTokens => loop.GenerationStepTokens;

    /// <summary>Prompt processing rate so far, over <see cref="PromptTime"/>; 0 before any prompt.</summary>
    public double PromptTokensPerSecond => PromptTime.TotalSeconds > 0 ? PromptTokens / PromptTime.TotalSeconds : 0;

    /// <summary>Generation rate so far, all windows in flight together, over <see cref="GenerationTime"/>; 0 before any.</summary>
    public double GeneratedTokensPerSecond => GenerationTime.TotalSeconds > 0 ? GenerationStepTokens / GenerationTime.TotalSeconds : 0;
    public string Description => $"{ModelName} ({Path.GetFileName(Options.ModelPath)})";

    public string Decoding => $"{new SamplingSettings { Temperature = Options.Temperature, Seed = Options.Seed }}, {(Options.ForceAnswer ? "answer guard (-ForceAnswer)" : "no output constraint")}, llama.cpp";
    public int Concurrency => Options.MaxParallel;

    public bool GuardsAnswers => Options.ForceAnswer;

    public async Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        // Checked first: rendering the prompt touches the model's handles, which a closed session has freed.
        if (IsClosed) throw new SessionClosedException("The session is closed (Close-RearankSession); open another with Open-RearankSession.");
        if (request.TopLogprobs is null) CheckAnswerBudget(request.PassageCount, request.Thinking, request.MaxNewTokens);
        var prompt = Render(request.Messages) + request.AnswerPrefix;
        var work = new PendingWindow(request, prompt, new TaskCompletionSource<WindowCompletion>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        await using var registration = cancellationToken.Register(() => work.Completion.TrySetCanceled(cancellationToken));
        if (!loop.TrySubmit(work)) throw new SessionClosedException("The session is closed; open another with Open-RearankSession.");
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

    /// <summary>The messages through the model's own chat template, with the assistant turn opened.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages) => model.Render(messages);

    /// <summary>Whether prompts are composed to NFC before tokenizing (<see cref="LlamaSessionOptions.Normalization"/>).</summary>
    public bool NormalizesToNfc => model.NormalizesToNfc;

    /// <summary>The token ids llama.cpp gives the text, special tokens parsed (for checks against the model's own tokenizer).</summary>
    public int[] TokenIds(string text) => model.Tokenize(text).Select(t => (int)t).ToArray();

    public int CountTokens(string text) => model.Tokenize(text).Length;

    public int ContextSize => Options.ContextSize;

    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) => CountTokens(Render(messages));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        // Freeing the native context under a decode step still running would crash the process: leak it instead.
        if (!loop.Stop()) return;
        model.Dispose();
        loop.Dispose();
    }

    private int disposed;

    public bool IsClosed => Volatile.Read(ref disposed) == 1;
}
