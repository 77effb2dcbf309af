using Rearank.Core.TestModels;
using System.Diagnostics;
using Rearank.Core.Inference;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;

namespace Rearank.Bench;

/// <summary>
/// Reranking throughput with a random model shaped like Qwen2.5-0.5B (Q8_0) whose tokenizer merges are learned from
/// the passages, so prompts have realistic lengths: prompt and generation speed for one sequence, aggregate speed
/// with more sequences in flight, the reranking loop against the raw session, free decoding against the answer guard, and a DL19-shaped run.
/// </summary>
internal static class RerankBenchmark
{
    /// <summary>Only the guard's cost (--guard): writes the bench model, then free against guarded decoding.</summary>
    public static void RunGuard(string scratch, string? shared)
    {
        var candidates = LoadCandidates(shared, 1);
        var modelPath = Path.Combine(scratch, "random-qwen05b.gguf");
        RandomQwen2Model.Write(modelPath, ModelShape.Qwen05B, sampleText: candidates.SelectMany(c => c.Hits.Select(h => h.Text ?? "")).Take(2000));
        var window = candidates[0].Hits.Take(20).Select(h => PassageText.Format(h.Title, h.Text ?? "")).ToList();
        Guard(modelPath, PromptTemplates.Rearank.Messages(candidates[0].QueryText, window));
    }

    /// <summary>Only the rates (--rates): writes the bench model, then the session's rates beside a bare llama.cpp loop.</summary>
    public static void RunRates(string scratch, string? shared, bool shortOnly = false, int rounds = 3)
    {
        var candidates = LoadCandidates(shared, 1);
        var modelPath = Path.Combine(scratch, "random-qwen05b-endless.gguf");
        // A model that never ends a turn, so the session generates every token the bare loop does.
        RandomQwen2Model.Write(modelPath, ModelShape.Qwen05B, sampleText: candidates.SelectMany(c => c.Hits.Select(h => h.Text ?? "")).Take(2000), neverEnds: true);
        Rates(modelPath, candidates[0], shortOnly, rounds);
    }

    /// <summary>A window of 20 DL19 passages on one sequence, and a short window on 1 and 8 sequences: prompt and generation apart.</summary>
    private static void Rates(string modelPath, QueryCandidates query, bool shortOnly = false, int rounds = 3)
    {
        var window = query.Hits.Take(20).Select(h => PassageText.Format(h.Title ?? "", h.Text ?? "")).ToList();
        if (!shortOnly)
        {
            Console.WriteLine();
            Console.WriteLine("A window of 20 DL19 passages, 64 new tokens:");
            DecodeRates.Print(modelPath, PromptTemplates.Rearank.Messages(query.QueryText, window), 64, [1], rounds);
        }
        Console.WriteLine();
        Console.WriteLine("A window of 2 passages, 64 new tokens, 1 and 8 windows in flight:");
        DecodeRates.Print(modelPath, PromptTemplates.Rearank.Messages(query.QueryText, window.Take(2).ToList()), 64, [1, 8], rounds);
    }

    public static void Run(string scratch, string? shared, int queries)
    {
        var candidates = LoadCandidates(shared, queries);
        var modelPath = Path.Combine(scratch, "random-qwen05b.gguf");
        var clock = Stopwatch.StartNew();
        RandomQwen2Model.Write(modelPath, ModelShape.Qwen05B, sampleText: candidates.SelectMany(c => c.Hits.Select(h => h.Text ?? "")).Take(2000));
        Console.WriteLine($"## Reranking with a random Qwen2.5-0.5B-shaped model (Q8_0, {new FileInfo(modelPath).Length / 1e6:F0} MB, written in {clock.Elapsed.TotalSeconds:F1} s)");
        var template = PromptTemplates.Rearank;
        var window = candidates[0].Hits.Take(20).Select(h => PassageText.Format(h.Title ?? "", h.Text ?? "")).ToList();
        var messages = template.Messages(candidates[0].QueryText, window);

        using (var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = modelPath, ContextSize = 8192, MaxParallel = 1 }))
        {
            var promptTokens = session.CountTokens(session.Render(messages));
            Console.WriteLine($"A window of 20 DL19 passages is {promptTokens:N0} prompt tokens; loading the model took {session.LoadTime.TotalSeconds:F2} s.");
        }
        RunRates(scratch, shared);

        Guard(modelPath, messages);

        Console.WriteLine();
        using (var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = modelPath, ContextSize = 8192, MaxParallel = 4 }))
        {
            // The loop against the bare session: the same windows, once sent straight to the session, once through the reranker.
            var options = new RerankOptions { MaxNewTokens = 128, Depth = 20, MaxConcurrentQueries = 4 };
            var reranker = new ListwiseReranker(session, options);
            var raw = candidates.Take(4).Select(c => Request(template.Messages(c.QueryText, c.Hits.Take(20).Select(h => PassageText.Format(h.Title ?? "", h.Text ?? "")).ToList()), 128)).ToList();
            var rawTime = Time(session, raw);
            var loopClock = Stopwatch.StartNew();
            Task.WhenAll(candidates.Take(4).Select(c => reranker.RerankAsync(c))).GetAwaiter().GetResult();
            var loopTime = loopClock.Elapsed;
            Console.WriteLine($"Reranking loop vs bare session, 4 queries x 1 window, 4 in flight: {loopTime.TotalSeconds:F1} s vs {rawTime.TotalSeconds:F1} s = {rawTime / loopTime:P0} of the raw throughput.");

            Dl19Run(session, candidates);
        }
    }

    /// <summary>Only the DL19-shaped run (--dl19): writes the bench model, then reranks the queries end to end.</summary>
    public static void RunDl19(string scratch, string? shared, int queries)
    {
        var candidates = LoadCandidates(shared, queries);
        var modelPath = Path.Combine(scratch, "random-qwen05b.gguf");
        RandomQwen2Model.Write(modelPath, ModelShape.Qwen05B, sampleText: candidates.SelectMany(c => c.Hits.Select(h => h.Text ?? "")).Take(2000));
        using var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = modelPath, ContextSize = 8192, MaxParallel = 4 });
        Dl19Run(session, candidates);
    }

    /// <summary>
    /// REARANK's run over DL19's top 100 (window 20, step 10: 9 windows a query, each after the previous one), 128 new
    /// tokens per window, up to 8 queries at once: queries per minute end to end, and the session's own rates over it.
    /// </summary>
    internal static void Dl19Run(LlamaSession session, List<QueryCandidates> candidates)
    {
        var (promptTokens, promptTime) = (session.PromptTokens, session.PromptTime);
        var (generated, generationTime) = (session.GenerationStepTokens, session.GenerationTime);
        var dl19 = new ListwiseReranker(session, new RerankOptions { MaxNewTokens = 128, MaxConcurrentQueries = 8 });
        var runClock = Stopwatch.StartNew();
        var windows = Task.WhenAll(candidates.Select(c => dl19.RerankAsync(c))).GetAwaiter().GetResult().Sum(r => r.Trace.Windows.Count);
        var minutes = runClock.Elapsed.TotalMinutes;
        var prompt = session.PromptTime - promptTime;
        var generation = session.GenerationTime - generationTime;
        Console.WriteLine($"DL19-shaped run: {candidates.Count} queries x 100 candidates, window 20, step 10, 128 new tokens per window, {session.Options.MaxParallel} windows in flight: " +
                          $"{windows} windows in {runClock.Elapsed.TotalSeconds:F0} s = {windows / minutes:F1} windows/min, {candidates.Count / minutes:F2} queries/min.");
        Console.WriteLine($"  of which prompts {prompt.TotalSeconds:F0} s ({(session.PromptTokens - promptTokens) / prompt.TotalSeconds:F0} tokens/s), " +
                          $"generation {generation.TotalSeconds:F0} s ({(session.GenerationStepTokens - generated) / generation.TotalSeconds:F1} tokens/s, all windows in flight together).");
    }


    /// <summary>
    /// The answer guard against free decoding, the same windows of 20 passages, interleaved pairs. A random model
    /// never closes its reasoning, so the guard takes over for the last (full answer) tokens of every window: the
    /// most guarded share a window can have.
    /// </summary>
    public static void Guard(string modelPath, IReadOnlyList<ChatMessage> messages)
    {
        // What the guard touches is generation, so each round times the same window three ways, one window at a time:
        // prompt only (1 new token), guarded decoding, and free decoding of as many tokens as the guarded window
        // came to (a random model never ends by itself); the prompt time is subtracted from both.
        // A random model never closes its reasoning, so the guard takes over for the last 156 tokens of the budget
        // (a full answer over 20 ids): the most guarded share a window can have.
        var prompt = PromptTemplates.Rearank.Messages(messages[1].Content[..40], ["a short passage"]);
        using var free = LlamaSession.Open(new LlamaSessionOptions { ModelPath = modelPath, ContextSize = 2048, MaxParallel = 1 });
        using var guarded = LlamaSession.Open(new LlamaSessionOptions { ModelPath = modelPath, ContextSize = 2048, MaxParallel = 1, ForceAnswer = true });
        var window = Request(prompt, 200);
        Time(free, [Request(prompt, 48, passages: 2)]);
        Time(guarded, [Request(prompt, 48, passages: 2)]);
        TimeSpan prefill = TimeSpan.Zero, freeTime = TimeSpan.Zero, guardedTime = TimeSpan.Zero;
        long freeTokens = 0, guardedTokens = 0, guardedSteps = 0;
        const int rounds = 4;
        for (var round = 0; round < rounds; round++)
        {
            prefill += Time(free, [Request(prompt, 1, passages: 2)]);
            var clock = Stopwatch.StartNew();
            var answer = guarded.CompleteAsync(window, CancellationToken.None).GetAwaiter().GetResult();
            guardedTime += clock.Elapsed;
            guardedTokens += answer.OutputTokens;
            guardedSteps += answer.OutputTokens - (answer.Guard?.EngagedAt ?? answer.OutputTokens);
            // The free window gets the length the guarded one came to, so both pay for the same positions.
            clock.Restart();
            freeTokens += free.CompleteAsync(Request(prompt, answer.OutputTokens), CancellationToken.None).GetAwaiter().GetResult().OutputTokens;
            freeTime += clock.Elapsed;
        }
        double PerToken(TimeSpan total, long tokens) => (total - prefill).TotalMilliseconds / tokens;
        Console.WriteLine($"| decoding, one window at a time, {rounds} interleaved rounds | generated tokens | of them guarded | total s | prompt s | ms per generated token |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| free | {freeTokens:N0} | 0 | {freeTime.TotalSeconds:F2} | {prefill.TotalSeconds:F2} | {PerToken(freeTime, freeTokens):F1} |");
        Console.WriteLine($"| guarded | {guardedTokens:N0} | {guardedSteps:N0} | {guardedTime.TotalSeconds:F2} | {prefill.TotalSeconds:F2} | {PerToken(guardedTime, guardedTokens):F1} |");
        Console.WriteLine($"A guarded token costs {PerToken(guardedTime, guardedTokens) / PerToken(freeTime, freeTokens):P1} of a free one.");
    }

    private static WindowRequest Request(IReadOnlyList<ChatMessage> messages, int maxNewTokens, int passages = 20) =>
        new("bench", new RankWindow(0, passages), messages, passages, Thinking: true, maxNewTokens);

    private static TimeSpan Time(LlamaSession session, IReadOnlyList<WindowRequest> requests)
    {
        var clock = Stopwatch.StartNew();
        Task.WhenAll(requests.Select(r => session.CompleteAsync(r, CancellationToken.None))).GetAwaiter().GetResult();
        return clock.Elapsed;
    }

    private static List<QueryCandidates> LoadCandidates(string? shared, int queries) => RerankBenchmarkData.Load(shared, queries);
}

/// <summary>The DL19 candidates the reranking benchmarks read.</summary>
internal static class RerankBenchmarkData
{
    public static List<QueryCandidates> Load(string? shared, int queries)
    {
        var file = shared is null ? null : Path.Combine(shared, "dl19", "retrieve_results_dl19_top100.json");
        if (file is null || !File.Exists(file))
            throw new InvalidOperationException("The reranking benchmark reads the DL19 candidates from --shared (../shared/data).");
        return CandidateListReader.Read(file).GroupBy(h => h.QueryId).Take(queries)
            .Select(g => new QueryCandidates(g.Key, g.First().QueryText!, g.ToList())).ToList();
    }
}
