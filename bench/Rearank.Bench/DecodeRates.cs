using Rearank.Core.Model;
using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Rearank.Core.Inference;
using Rearank.Core.Reranking;

namespace Rearank.Bench;

/// <summary>
/// Prompt processing and generation rates of the session, each beside a bare llama.cpp loop on the same GGUF in the
/// same process: the same context settings (threads, batch size, sequences), the prompt decoded in batches, then
/// one greedy token per sequence per step, nothing else. The session's rates come from its own accounts of time in
/// prompt steps and in generation steps (it never mixes the two in one batch).
/// </summary>
internal static class DecodeRates
{
    public sealed record Rates(double PromptTokensPerSecond, double GeneratedTokensPerSecond);

    public static void Print(string modelPath, IReadOnlyList<ChatMessage> messages, int newTokens, int[] sequenceCounts, int rounds = 3)
    {
        NativeLog.Install();   // llama.cpp's loading chatter goes to the module's log, not the console
        // Which CPU build of llama.cpp LLamaSharp picked (AVX2, AVX-512, ...), from its own system report.
        Console.WriteLine($"llama.cpp natives: {System.Runtime.InteropServices.Marshal.PtrToStringAnsi(NativeApi.llama_print_system_info())}");
        Console.WriteLine();
        Console.WriteLine($"| sequences | prompt tokens/s: session | bare loop | ratio | generated tokens/s: session | bare loop | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        // The context fits the prompt and the new tokens; counted once, not per round (it loads the model).
        var contextSize = ContextFor(modelPath, messages, newTokens);
        foreach (var sequences in sequenceCounts)
        {
            var session = new List<Rates>();
            var bare = new List<Rates>();
            for (var round = 0; round < rounds; round++)
            {
                // Interleaved, so a machine that slows down mid-run slows both alike.
                session.Add(Session(modelPath, messages, newTokens, sequences, contextSize));
                bare.Add(OnOwnThread(() => Bare(modelPath, messages, newTokens, sequences, contextSize)));
                // Each round as it comes: on a shared 2-core machine single rounds can be 10-20% off the median.
                Console.Error.WriteLine($"  {sequences} sequence(s), round {round + 1}: prompt {session[^1].PromptTokensPerSecond:N0} vs {bare[^1].PromptTokensPerSecond:N0} tokens/s, generation {session[^1].GeneratedTokensPerSecond:N1} vs {bare[^1].GeneratedTokensPerSecond:N1}");
            }
            var (sp, bp) = (Median(session.Select(r => r.PromptTokensPerSecond)), Median(bare.Select(r => r.PromptTokensPerSecond)));
            var (sg, bg) = (Median(session.Select(r => r.GeneratedTokensPerSecond)), Median(bare.Select(r => r.GeneratedTokensPerSecond)));
            Console.WriteLine($"| {sequences} | {sp:N0} | {bp:N0} | {sp / bp:F2} | {sg:N1} | {bg:N1} | {sg / bg:F2} |");
        }
    }

    internal static Rates Session(string modelPath, IReadOnlyList<ChatMessage> messages, int newTokens, int sequences, int contextSize)
    {
        using var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = modelPath, ContextSize = contextSize, MaxParallel = sequences });
        void Run(int tokens)
        {
            var request = new WindowRequest("bench", new RankWindow(0, 20), messages, 20, Thinking: true, tokens);
            var completions = Task.WhenAll(Enumerable.Range(0, sequences).Select(_ => session.CompleteAsync(request, CancellationToken.None))).GetAwaiter().GetResult();
            if (completions.FirstOrDefault(c => c.OutputTokens != tokens) is { } early)
                throw new InvalidOperationException($"A window ended early ({early.Stop} after {early.OutputTokens} tokens {early.Failure}); the bench model should never end a turn.");
        }
        Run(1);   // warm-up
        // The session's own accounts: time in prompt steps (tokenizing, decoding, first token) and in generation
        // steps. Prompt and generation never share a step, so each rate is exact even with many windows in flight.
        var (promptTokens, promptTime) = (session.PromptTokens, session.PromptTime);
        var (generated, generationTime) = (session.GenerationStepTokens, session.GenerationTime);
        Run(newTokens);
        return new Rates((session.PromptTokens - promptTokens) / (session.PromptTime - promptTime).TotalSeconds,
            (session.GenerationStepTokens - generated) / (session.GenerationTime - generationTime).TotalSeconds);
    }

    /// <summary>
    /// Runs the bare loop on a thread of its own, as the session decodes on its own thread: llama.cpp's CPU backend
    /// keeps an OpenMP team per calling thread, and a team left behind on the bench's main thread would share the two
    /// cores with the session's in the next round (libgomp then stops spinning at barriers), which is not a cost a
    /// session pays in a module process.
    /// </summary>
    internal static T OnOwnThread<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("The bare loop failed.", failure);
        return result;
    }

    internal static Rates Bare(string modelPath, IReadOnlyList<ChatMessage> messages, int newTokens, int sequences, int contextSize)
    {
        var threads = Environment.ProcessorCount;
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)(contextSize * sequences), SeqMax = (uint)sequences, KVUnified = true, BatchSize = (uint)Math.Min(contextSize, 4096),
            Threads = threads, BatchThreads = threads,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var template = new LLamaTemplate(weights, strict: true) { AddAssistant = true };
        foreach (var message in messages) template.Add(message.Role, message.Content);
        var prompt = weights.Tokenize(Encoding.UTF8.GetString(template.Apply()), false, true, Encoding.UTF8);
        var batch = new LLamaBatch();
        var vocabulary = context.NativeHandle.ModelHandle.Vocab.Count;

        var clock = Stopwatch.StartNew();
        var lastRow = new int[sequences];
        for (var s = 0; s < sequences; s++)
            for (var start = 0; start < prompt.Length; start += (int)parameters.BatchSize)
            {
                var chunk = prompt.AsSpan(start, Math.Min((int)parameters.BatchSize, prompt.Length - start));
                batch.Clear();
                lastRow[s] = batch.AddRange(chunk, start, (LLamaSeqId)s, start + chunk.Length == prompt.Length);
                Check(context.Decode(batch));
            }
        var prompted = clock.Elapsed;

        // Generation of the N - 1 tokens after the first (the first comes with the prompt, as in the session). The
        // first token of every sequence is read off the last prompt batch: which token it is changes nothing of the cost.
        clock.Restart();
        var first = ArgMax(context.NativeHandle.GetLogitsIth(lastRow[sequences - 1]), vocabulary);
        var next = Enumerable.Repeat(first, sequences).ToArray();
        for (var step = 0; step < newTokens - 1; step++)
        {
            batch.Clear();
            for (var s = 0; s < sequences; s++) lastRow[s] = batch.Add(next[s], prompt.Length + step, (LLamaSeqId)s, true);
            Check(context.Decode(batch));
            for (var s = 0; s < sequences; s++) next[s] = ArgMax(context.NativeHandle.GetLogitsIth(lastRow[s]), vocabulary);
        }
        return new Rates(prompt.Length * sequences / prompted.TotalSeconds, (double)(newTokens - 1) * sequences / clock.Elapsed.TotalSeconds);
    }

    private static LLamaToken ArgMax(Span<float> logits, int vocabulary)
    {
        var best = 0;
        for (var i = 1; i < vocabulary; i++)
            if (logits[i] > logits[best]) best = i;
        return (LLamaToken)best;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode failed: {result}");
    }

    /// <summary>Room for the prompt and the new tokens, rounded up.</summary>
    internal static int ContextFor(string modelPath, IReadOnlyList<ChatMessage> messages, int newTokens)
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(modelPath) { ContextSize = 512 });
        var template = new LLamaTemplate(weights, strict: true) { AddAssistant = true };
        foreach (var message in messages) template.Add(message.Role, message.Content);
        var tokens = weights.Tokenize(Encoding.UTF8.GetString(template.Apply()), false, true, Encoding.UTF8).Length;
        return (tokens + newTokens + 256 + 255) / 256 * 256;
    }

    /// <summary>The middle value; of an even count, the mean of the two middle ones.</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
