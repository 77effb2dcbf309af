using System.Diagnostics;
using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Tests.Shared;

namespace Rearank.Bench;

/// <summary>
/// The remote backend against a loopback server that answers every window after a fixed delay: windows/s as the
/// concurrency grows, and what the client itself costs per window once the server's delay is taken out.
/// </summary>
internal static class RemoteBenchmark
{
    public static void Run()
    {
        var latency = TimeSpan.FromMilliseconds(50);
        using var server = new FakeChatServer(r => ChatReply.Answer(
            "<think>reasoning</think><answer>" + string.Join(" > ", Enumerable.Range(1, r.PassageCount).Reverse().Select(i => $"[{i}]")) + "</answer>", delay: latency));
        var queries = Enumerable.Range(0, 128).Select(q => new QueryCandidates($"q{q}", $"query {q}", Enumerable.Range(1, 40).Select(r => new RankedHit
        {
            QueryId = $"q{q}", DocId = $"d{r}", Rank = r, Score = 100 - r, Title = "", Text = new string('x', 380) + $" passage {r}",
        }).ToList())).ToList();
        var perQuery = WindowPlan.For(40, 20, 10).Count;
        Console.WriteLine($"## Remote backend against a loopback server answering after {latency.TotalMilliseconds:F0} ms");
        Console.WriteLine($"{queries.Count} queries x 40 candidates, window 20, step 10: {queries.Count * perQuery} windows, each query's {perQuery} windows in sequence.");
        Console.WriteLine("| MaxConcurrency | seconds | windows/s | ideal windows/s | wall time beyond the server's delay, per window | CPU per window (client and server together) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        using (var warm = new RemoteSession(new RemoteSessionOptions { Endpoints = [server.Endpoint], Model = "bench", MaxConcurrency = 8 }))
        {
            // JIT, the HTTP connection pool and the server's listener threads, before anything is timed.
            var warmup = new ListwiseReranker(warm, new RerankOptions { MaxConcurrentQueries = 8 });
            Task.WhenAll(queries.Take(16).Select(q => warmup.RerankAsync(q))).GetAwaiter().GetResult();
        }
        foreach (var concurrency in new[] { 1, 4, 16, 64, 128 })
        {
            using var session = new RemoteSession(new RemoteSessionOptions { Endpoints = [server.Endpoint], Model = "bench", MaxConcurrency = concurrency });
            var reranker = new ListwiseReranker(session, new RerankOptions { MaxConcurrentQueries = concurrency });
            var sample = concurrency == 1 ? queries.Take(8).ToList() : queries;
            var windows = sample.Count * perQuery;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Task.WhenAll(sample.Select(q => reranker.RerankAsync(q))).GetAwaiter().GetResult();
            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000 / windows;
            var ideal = concurrency / latency.TotalSeconds;
            // Each slot is busy for latency + client cost per window.
            var clientMicroseconds = (seconds * concurrency / windows - latency.TotalSeconds) * 1e6;
            Console.WriteLine($"| {concurrency} | {seconds:F2} | {windows / seconds:F1} | {ideal:F1} | {clientMicroseconds:F0} µs | {cpu:F0} µs |");
        }
    }
}
