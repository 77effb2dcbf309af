using System.Diagnostics;
using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Reranking.RankLlm;
using Rearank.Core.TestModels;

namespace Rearank.Bench;

/// <summary>
/// The rerankers side by side (--rerankers), on Qwen2.5-0.5B's shape with Qwen2.5's own tokenizer (so prompts have
/// the lengths the real model sees, and the output layer its 151,936 rows), over DL19's top 100:
/// REARANK's generation, FIRST's single pass and the pointwise batch, each run's windows/s and queries/min; then the
/// two goals near the physical limit: a FIRST window against reading its prompt alone (interleaved, one window at a
/// time), and the pointwise batch's prompt rate against the session's rate on one long prompt of as many tokens.
/// </summary>
internal static class RerankerBenchmark
{
    /// <param name="pointwiseOnly">Only the pointwise batch against the batched prompt rate (an A/B of the schedule takes minutes, not a quarter hour).</param>
    public static void Run(string scratch, string shared, int queries, int rounds, bool pointwiseOnly = false)
    {
        var tokenizer = Path.Combine(shared, "qwen2.5-tokenizer", "tokenizer.json");
        var candidates = RerankBenchmarkData.Load(shared, queries);
        var model = Path.Combine(scratch, "qwen05b-real.gguf");
        RandomQwen2Model.Write(model, ModelShape.Qwen05B, tokenizer: tokenizer);
        Console.WriteLine($"## The rerankers on Qwen2.5-0.5B's shape with Qwen2.5's tokenizer ({Environment.ProcessorCount} cores)");
        Console.WriteLine();
        using var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = model, ContextSize = 4864, MaxParallel = 8 });

        var zephyr = new RankLlmPrompt(RankLlmTemplate.Bundled("rank_zephyr_alpha"));
        var pointwise = new RankLlmPrompt(RankLlmTemplate.Bundled("pointwise_vllm"));
        if (pointwiseOnly)
        {
            Rerank(session, new RerankOptions { Template = pointwise, Method = RerankMethod.Pointwise }, candidates.Take(1).ToList());
            PointwiseAgainstBatchedPrompt(session, candidates[0], pointwise, rounds);
            return;
        }
        // Warm-up: one FIRST window and one pointwise query, so no figure pays for first-call costs.
        Rerank(session, new RerankOptions { Template = zephyr, Method = RerankMethod.FirstToken }, candidates.Take(1).ToList());

        Console.WriteLine($"DL19-shaped run, {candidates.Count} queries x 100 candidates, {session.Options.MaxParallel} sequences in flight:");
        Console.WriteLine();
        Console.WriteLine("| reranker | model calls | prompt tokens | seconds | calls/s | queries/min |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("REARANK, generation (at most 128 new tokens a window)", session, new RerankOptions { MaxNewTokens = 128, MaxConcurrentQueries = 8 }, candidates);
        Row("FIRST (rank_zephyr_alpha), one forward pass a window", session, new RerankOptions { Template = zephyr, Method = RerankMethod.FirstToken, MaxConcurrentQueries = 8 }, candidates);
        Row("pointwise (pointwise_vllm), one prompt a passage", session, new RerankOptions { Template = pointwise, Method = RerankMethod.Pointwise, MaxConcurrentQueries = 8 }, candidates);
        Console.WriteLine();
        Console.WriteLine("(A random model never closes its reasoning, so REARANK's windows here take the whole 128-token budget; the real model writes some 500-1,500 tokens of reasoning a window.)");
        Console.WriteLine();

        FirstAgainstPrompt(model, candidates.Take(1).ToList(), zephyr, rounds);
        Console.WriteLine();
        PointwiseAgainstBatchedPrompt(session, candidates[0], pointwise, rounds);
    }

    private static (int Calls, long PromptTokens, TimeSpan Elapsed) Rerank(LlamaSession session, RerankOptions options, List<QueryCandidates> candidates)
    {
        var before = session.PromptTokens;
        var clock = Stopwatch.StartNew();
        var results = Task.WhenAll(candidates.Select(c => new ListwiseReranker(session, options).RerankAsync(c))).GetAwaiter().GetResult();
        var calls = options.Method == RerankMethod.Pointwise ? results.Sum(r => r.Trace.Windows.Sum(w => w.End - w.Start)) : results.Sum(r => r.Trace.Windows.Count);
        return (calls, session.PromptTokens - before, clock.Elapsed);
    }

    private static void Row(string name, LlamaSession session, RerankOptions options, List<QueryCandidates> candidates)
    {
        var (calls, tokens, elapsed) = Rerank(session, options, candidates);
        Console.WriteLine($"| {name} | {calls:N0} | {tokens:N0} | {elapsed.TotalSeconds:F1} | {calls / elapsed.TotalSeconds:F2} | {candidates.Count / elapsed.TotalMinutes:F2} |");
    }

    /// <summary>
    /// A FIRST window against the same prompt read alone (the prompt and "[" decoded, one greedy token, no
    /// log-probabilities), one window at a time in a session of one sequence, interleaved rounds over DL19's windows.
    /// </summary>
    private static void FirstAgainstPrompt(string model, List<QueryCandidates> candidates, RankLlmPrompt zephyr, int rounds)
    {
        using var single = LlamaSession.Open(new LlamaSessionOptions { ModelPath = model, ContextSize = 4864, MaxParallel = 1 });
        var windows = candidates.SelectMany(c => WindowPlan.For(c.Hits.Count, 20, 10, 100).Select(w => zephyr.Messages(c.QueryText, c.Hits.Skip(w.Start).Take(w.Count).ToList()))).ToList();
        WindowRequest First(IReadOnlyList<ChatMessage> m) => new("bench", new RankWindow(0, 20), m, 20, false, 1) { TopLogprobs = FirstTokenRanking.LocalCandidates, AnswerPrefix = FirstTokenRanking.Prefill };
        WindowRequest PromptOnly(IReadOnlyList<ChatMessage> m) => new("bench", new RankWindow(0, 20), m, 20, false, 1) { AnswerPrefix = FirstTokenRanking.Prefill };
        TimeSpan Time(WindowRequest r)
        {
            var clock = Stopwatch.StartNew();
            single.CompleteAsync(r, CancellationToken.None).GetAwaiter().GetResult();
            return clock.Elapsed;
        }
        Time(First(windows[0]));
        Time(PromptOnly(windows[0]));
        TimeSpan first = TimeSpan.Zero, prompt = TimeSpan.Zero;
        var tokens = 0L;
        var n = 0;
        for (var round = 0; round < rounds; round++)
            foreach (var messages in windows)
            {
                // Alternate which goes first, so neither always meets a warmer cache.
                var before = single.PromptTokens;
                if (n++ % 2 == 0) { first += Time(First(messages)); prompt += Time(PromptOnly(messages)); }
                else { prompt += Time(PromptOnly(messages)); first += Time(First(messages)); }
                tokens += (single.PromptTokens - before) / 2;
            }
        Console.WriteLine($"FIRST against reading its prompt, {n} windows of 20 DL19 passages ({tokens / n:N0} prompt tokens on average), one at a time, interleaved:");
        Console.WriteLine();
        Console.WriteLine("| call | seconds | ms per window |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| prompt alone (1 greedy token) | {prompt.TotalSeconds:F2} | {prompt.TotalMilliseconds / n:F0} |");
        Console.WriteLine($"| FIRST window (30 likeliest first tokens, ranked) | {first.TotalSeconds:F2} | {first.TotalMilliseconds / n:F0} |");
        Console.WriteLine();
        Console.WriteLine($"A FIRST window costs {first / prompt:F3}x reading its prompt (goal: at most 1.1x).");
    }

    /// <summary>
    /// The pointwise batch's prompt rate (one query's 100 prompts at once) against the same session reading prompts
    /// of REARANK's windows (about 2,000 tokens each) one after another, as many tokens in all; interleaved rounds.
    /// </summary>
    private static void PointwiseAgainstBatchedPrompt(LlamaSession session, QueryCandidates query, RankLlmPrompt pointwise, int rounds)
    {
        var requests = query.Hits.Select(h => new WindowRequest("bench", new RankWindow(0, 1), pointwise.PointwiseMessages(query.QueryText, h), 1, false, 1)
            { TopLogprobs = PointwiseRelevance.Candidates }).ToList();
        var longPrompts = WindowPlan.For(query.Hits.Count, 20, 10, 100)
            .Select(w => new WindowRequest("bench", w, PromptTemplates.Rearank.Messages(query.QueryText, query.Hits.Skip(w.Start).Take(w.Count).ToList()), w.Count, true, 1)).ToList();
        (long Tokens, TimeSpan Time) Measure(IReadOnlyList<WindowRequest> batch, bool together)
        {
            var (tokens, time) = (session.PromptTokens, session.PromptTime);
            if (together) Task.WhenAll(batch.Select(r => session.CompleteAsync(r, CancellationToken.None))).GetAwaiter().GetResult();
            else foreach (var r in batch) session.CompleteAsync(r, CancellationToken.None).GetAwaiter().GetResult();
            return (session.PromptTokens - tokens, session.PromptTime - time);
        }
        long pointTokens = 0, longTokens = 0;
        TimeSpan pointTime = TimeSpan.Zero, longTime = TimeSpan.Zero;
        for (var round = 0; round < rounds; round++)
        {
            var p = Measure(requests, together: true);
            // The long prompts: enough of REARANK's windows for about as many tokens as the pointwise batch.
            var taken = new List<WindowRequest>();
            long planned = 0;
            foreach (var r in longPrompts.Concat(longPrompts))
            {
                if (planned >= p.Tokens) break;
                taken.Add(r);
                planned += session.CountPromptTokens(r.Messages);
            }
            var l = Measure(taken, together: false);
            (pointTokens, pointTime, longTokens, longTime) = (pointTokens + p.Tokens, pointTime + p.Time, longTokens + l.Tokens, longTime + l.Time);
        }
        var pointRate = pointTokens / pointTime.TotalSeconds;
        var longRate = longTokens / longTime.TotalSeconds;
        Console.WriteLine($"Pointwise prompts against the session's own batched prompt rate, {rounds} interleaved rounds:");
        Console.WriteLine();
        Console.WriteLine("| prompts | tokens | prompt seconds | prompt tokens/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| pointwise, {requests.Count} at once ({pointTokens / rounds / requests.Count:N0} tokens each) | {pointTokens:N0} | {pointTime.TotalSeconds:F1} | {pointRate:F0} |");
        Console.WriteLine($"| REARANK's windows, one after another | {longTokens:N0} | {longTime.TotalSeconds:F1} | {longRate:F0} |");
        Console.WriteLine();
        Console.WriteLine($"Pointwise reads its prompts at {pointRate / longRate:F3} of the batched prompt rate (goal: at least 0.9).");
    }
}
