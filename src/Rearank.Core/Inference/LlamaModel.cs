using Rearank.Core.Model;
using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Rearank.Core.Reranking;

namespace Rearank.Core.Inference;

/// <summary>
/// The loaded model of a <see cref="LlamaSession"/>: opening it (natives, the memory plan, llama.cpp's context, every
/// way that can fail mapped to an error that says why), its chat template and its tokenizer. What it holds is what
/// the decode loop decodes with; it decodes nothing itself.
/// </summary>
internal sealed class LlamaModel : IDisposable
{
    private LlamaModel(LlamaSessionOptions options, LLamaWeights weights, LLamaContext context, int batchSize, TimeSpan loadTime, MemoryPlan memory, int threads)
    {
        Options = options;
        Weights = weights;
        Context = context;
        BatchSize = batchSize;
        LoadTime = loadTime;
        Memory = memory;
        Threads = threads;
        Name = weights.Metadata.TryGetValue("general.name", out var name) ? name : Path.GetFileNameWithoutExtension(options.ModelPath);
        ChatTemplate = weights.Metadata.GetValueOrDefault("tokenizer.chat_template") ?? "";
        NormalizesToNfc = options.Normalization switch
        {
            PromptNormalization.Nfc => true,
            PromptNormalization.None => false,
            _ => weights.Metadata.TryGetValue("tokenizer.ggml.pre", out var pre) && pre == "qwen2",
        };
    }

    public LlamaSessionOptions Options { get; }
    public LLamaWeights Weights { get; }
    public LLamaContext Context { get; }

    /// <summary>The most tokens one llama_decode takes (a longer prompt is fed in chunks of it).</summary>
    public int BatchSize { get; }
    public TimeSpan LoadTime { get; }
    public MemoryPlan Memory { get; }
    public int Threads { get; }
    public string Name { get; }
    public string ChatTemplate { get; }

    /// <summary>Whether prompts are composed to NFC before tokenizing (<see cref="LlamaSessionOptions.Normalization"/>).</summary>
    public bool NormalizesToNfc { get; }

    /// <summary>Loads a GGUF; a missing file, a damaged one, absent natives or a missing chat template raise a RearankException saying which.</summary>
    public static LlamaModel Open(LlamaSessionOptions options)
    {
        if (!File.Exists(options.ModelPath)) throw new FileNotFoundException($"There is no model file at '{options.ModelPath}'.", options.ModelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ContextSize, 256);
        CheckNatives();
        // What llama.cpp would assert on (and so kill the process) is refused here, with the reason.
        var plan = MemoryPlan.For(GgufValidator.Check(options.ModelPath), options);
        plan.CheckFits(options, MemoryPlan.AvailableBytes());
        NativeLog.Install();
        // LLamaSharp's default is half the cores; decoding one batch is the only work here, so use every core this
        // process may run on. ProcessorCount counts those (its CPU affinity, a container's CPU limit), not the machine's:
        // under `taskset -c 0` it is 1, and more threads than that would only take turns (docs/benchmarks.md).
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
            return new LlamaModel(options, weights, created, (int)context.BatchSize, clock.Elapsed, plan, threads);
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

    /// <summary>The messages through the model's own chat template, with the assistant turn opened.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages)
    {
        var template = new LLamaTemplate(Weights, strict: true) { AddAssistant = true };
        foreach (var message in messages) template.Add(message.Role, message.Content);
        var prompt = Encoding.UTF8.GetString(template.Apply());
        // The chat markup is ASCII, which NFC leaves as it is: normalizing the whole prompt is normalizing its texts.
        return NormalizesToNfc ? prompt.Normalize(NormalizationForm.FormC) : prompt;
    }

    /// <summary>The prompt's tokens, special tokens (the chat markup) parsed, no BOS added (the template has its own).</summary>
    public LLamaToken[] Tokenize(string text) => Weights.Tokenize(text, false, true, Encoding.UTF8);

    /// <summary>Plain text's token count, special tokens not parsed (the guard's written completion).</summary>
    public int CountPlainTokens(string text) => Weights.Tokenize(text, false, false, Encoding.UTF8).Length;

    public bool EndsGeneration(int token) => ((LLamaToken)token).IsEndOfGeneration(Weights.Vocab);

    /// <summary>
    /// The <paramref name="count"/> likeliest next tokens with their log-probabilities (log-softmax over the whole
    /// vocabulary), likeliest first, equal ones by token id, each with its text as the tokenizer spells it.
    /// </summary>
    public IReadOnlyList<TokenLogprob> TopLogprobs(ReadOnlySpan<float> logits, int count)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits) if (logit > max) max = logit;
        var sum = 0.0;
        foreach (var logit in logits) sum += Math.Exp(logit - max);
        var logNormalizer = max + Math.Log(sum);
        // A short list kept sorted: a token enters only when strictly likelier than the last, so ties keep id order.
        var best = new List<int>(count + 1);
        for (var token = 0; token < logits.Length; token++)
        {
            if (best.Count == count && logits[token] <= logits[best[^1]]) continue;
            var at = best.Count;
            while (at > 0 && logits[best[at - 1]] < logits[token]) at--;
            best.Insert(at, token);
            if (best.Count > count) best.RemoveAt(count);
        }
        var buffer = new byte[256];
        var result = new List<TokenLogprob>(best.Count);
        foreach (var token in best)
        {
            var length = (int)Weights.NativeHandle.TokenToSpan((LLamaToken)token, buffer, 0, false);
            var text = length <= 0 || length > buffer.Length ? "" : Encoding.UTF8.GetString(buffer, 0, length);
            result.Add(new TokenLogprob(text, logits[token] - logNormalizer));
        }
        return result;
    }

    private GuardVocabulary? guardVocabulary;

    /// <summary>The guard's view of the vocabulary, read once, on the first guarded window (only the decode loop calls it).</summary>
    public GuardVocabulary GuardVocabulary()
    {
        if (guardVocabulary is not null) return guardVocabulary;
        var vocab = Weights.Vocab;
        var buffer = new byte[512];
        return guardVocabulary = Inference.GuardVocabulary.Read(vocab.Count,
            token =>
            {
                var length = (int)Weights.NativeHandle.TokenToSpan(token, buffer, 0, false);
                return length <= 0 || length > buffer.Length ? [] : buffer[..length];
            },
            token => ((LLamaToken)token).IsEndOfGeneration(vocab));
    }

    private static void CheckNatives()
    {
        if (NativeLibraryFolder.Current is not null) return;   // the user's own build, checked when it was chosen
        // A single-file app (the GPU check's runner) has no assembly location; its natives lie beside the executable.
#pragma warning disable IL3000 // the empty location of a single-file app is the case handled here
        var assemblyFolder = typeof(LLamaWeights).Assembly.Location is { Length: > 0 } location ? Path.GetDirectoryName(location) : AppContext.BaseDirectory;
#pragma warning restore IL3000
        var folder = Path.Combine(assemblyFolder ?? "", "runtimes");
        if (!Directory.Exists(folder))
            throw new RearankException($"The llama.cpp natives are missing: there is no '{folder}'. Publish the module with build.ps1 build, which copies them for this machine.");
    }

    private static string LastNativeProblem() =>
        NativeLog.Drain().LastOrDefault(m => m.IsProblem).Message is { Length: > 0 } message ? $"llama.cpp said: {message}" : "";

    public void Dispose()
    {
        Context.Dispose();
        Weights.Dispose();
    }
}
