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
/// one greedy token per sequence per step, nothing else. One window's own clock splits its prompt (until its first
/// token can be sampled) from its generation. With several windows the session mixes one window's prompt with
/// another's generation in a batch, so there the rates are taken by difference: a call with 1 new token per window is
/// the prompt, and a call with N new tokens less that one is the generation of N - 1 tokens per window.
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
                bare.Add(Bare(modelPath, messages, newTokens, sequences, contextSize));
            }
            var (sp, bp) = (Median(session.Select(r => r.PromptTokensPerSecond)), Median(bare.Select(r => r.PromptTokensPerSecond)));
            var (sg, bg) = (Median(session.Select(r => r.GeneratedTokensPerSecond)), Median(bare.Select(r => r.GeneratedTokensPerSecond)));
            Console.WriteLine($"| {sequences} | {sp:N0} | {bp:N0} | {sp / bp:F2} | {sg:N1} | {bg:N1} | {sg / bg:F2} |");
        }
    }

    private static Rates Session(string modelPath, IReadOnlyList<ChatMessage> messages, int newTokens, int sequences, int contextSize)
    {
        using var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = modelPath, ContextSize = contextSize, MaxParallel = sequences });
        var promptTokens = session.CountTokens(session.Render(messages));
        TimeSpan Run(int tokens)
        {
            var request = new WindowRequest("bench", new RankWindow(0, 20), messages, 20, Thinking: true, tokens);
            var clock = Stopwatch.StartNew();
            var completions = Task.WhenAll(Enumerable.Range(0, sequences).Select(_ => session.CompleteAsync(request, CancellationToken.None))).GetAwaiter().GetResult();
            if (completions.Any(c => c.OutputTokens != tokens)) throw new InvalidOperationException("a window ended early");
            return clock.Elapsed;
        }
        Run(1);   // warm-up
        if (sequences == 1)
        {
            // One window: its own clock splits prompt from generation exactly.
            var request = new WindowRequest("bench", new RankWindow(0, 20), messages, 20, Thinking: true, newTokens);
            var completion = session.CompleteAsync(request, CancellationToken.None).GetAwaiter().GetResult();
            var promptTime = completion.PromptElapsed!.Value;
            return new Rates(promptTokens / promptTime.TotalSeconds, (newTokens - 1) / (completion.Elapsed - promptTime).TotalSeconds);
        }
        var prompt = Run(1);
        var whole = Run(newTokens);
        return new Rates(promptTokens * sequences / prompt.TotalSeconds, (double)(newTokens - 1) * sequences / (whole - prompt).TotalSeconds);
    }

    private static Rates Bare(string modelPath, IReadOnlyList<ChatMessage> messages, int newTokens, int sequences, int contextSize)
    {
        var threads = Environment.ProcessorCount;
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)(contextSize * sequences), SeqMax = (uint)sequences, BatchSize = (uint)Math.Min(contextSize, 4096),
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
    private static int ContextFor(string modelPath, IReadOnlyList<ChatMessage> messages, int newTokens)
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(modelPath) { ContextSize = 512 });
        var template = new LLamaTemplate(weights, strict: true) { AddAssistant = true };
        foreach (var message in messages) template.Add(message.Role, message.Content);
        var tokens = weights.Tokenize(Encoding.UTF8.GetString(template.Apply()), false, true, Encoding.UTF8).Length;
        return (tokens + newTokens + 256 + 255) / 256 * 256;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
