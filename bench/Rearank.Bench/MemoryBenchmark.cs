using System.Diagnostics;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;

namespace Rearank.Bench;

/// <summary>
/// Peak working set of a rerank run and of an export against input size (three sizes each), each measured in a
/// process of its own: memory must stay flat however large the input. The rerank uses a model that answers at once,
/// so what is measured is the run's own holding of queries (input, grouping, traces, output), not a model's memory.
/// </summary>
public static class MemoryBenchmark
{
    public static void Run(string scratch)
    {
        Console.WriteLine("## Peak working set against input size (each figure a fresh process)");
        Console.WriteLine();
        Console.WriteLine("| step | input | file size | peak working set |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var queries in new[] { 1_000, 3_000, 9_000 })
        {
            var candidates = Path.Combine(scratch, $"candidates-{queries}.json");
            WriteCandidates(candidates, queries, hitsPerQuery: 100);
            var peak = Child("--memory-rerank", candidates, Path.Combine(scratch, "rerank.trec"), Path.Combine(scratch, "traces.jsonl"));
            Console.WriteLine($"| rerank (candidates → run + traces) | {queries:N0} queries × 100 hits | {new FileInfo(candidates).Length / 1e6:N0} MB | {peak / 1e6:N0} MB |");
            File.Delete(candidates);
        }
        foreach (var queries in new[] { 300_000, 1_000_000, 3_000_000 })
        {
            var run = Path.Combine(scratch, $"run-{queries}.trec");
            using (var writer = new StreamWriter(run))
                for (var q = 0; q < queries; q++) writer.Write($"q{q} Q0 d{q} 1 1.5 bm25\n");
            var peak = Child("--memory-export", run, Path.Combine(scratch, "export.trec"));
            Console.WriteLine($"| export (run file → run file) | {queries:N0} queries × 1 hit | {new FileInfo(run).Length / 1e6:N0} MB | {peak / 1e6:N0} MB |");
            File.Delete(run);
        }
    }

    /// <summary>Runs one measurement in a child process of this program and returns the peak it printed.</summary>
    private static long Child(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (!Environment.ProcessPath!.EndsWith("Rearank.Bench", StringComparison.Ordinal))
            start.ArgumentList.Insert(0, typeof(MemoryBenchmark).Assembly.Location);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(output.Trim().Split('\n')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The child's side of --memory-rerank: a whole rerank run, then its peak working set in bytes.</summary>
    public static void MeasureRerank(string candidates, string output, string traces)
    {
        File.Delete(traces);
        using var run = new RerankRun(new InstantRanker(), new RerankRunOptions
        {
            Rerank = new RerankOptions { MaxConcurrentQueries = 16 }, TracePath = traces,
        }, CancellationToken.None);
        using var writer = new TrecRunWriter(TextFile.CreateCommitted(output), "rerank");
        foreach (var next in run.Run(CandidateListReader.Read(candidates), CancellationToken.None))
            if (next is QueryReranked reranked) foreach (var hit in reranked.Result.Hits) writer.Write(hit);
        writer.Complete();
        Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64);
    }

    /// <summary>The child's side of --memory-export.</summary>
    public static void MeasureExport(string input, string output)
    {
        using (var writer = new TrecRunWriter(TextFile.CreateCommitted(output)))
        {
            foreach (var hit in TrecRunReader.Read(input)) writer.Write(hit);
            writer.Complete();
        }
        Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64);
    }

    private static void WriteCandidates(string path, int queries, int hitsPerQuery)
    {
        var passage = new string('x', 120) + " flea life cycle and the treatment of pets " + new string('y', 60);
        using var writer = new StreamWriter(path);
        writer.Write('[');
        for (var q = 0; q < queries; q++)
        {
            writer.Write(q == 0 ? "\n" : ",\n");
            writer.Write($"{{\"query\": \"query number {q} about fleas\", \"hits\": [");
            for (var h = 0; h < hitsPerQuery; h++)
                writer.Write($"{(h == 0 ? "" : ",")}{{\"qid\": \"q{q}\", \"docid\": \"d{q}-{h}\", \"rank\": {h + 1}, \"score\": {1000 - h}, \"content\": \"{passage} {h}\"}}");
            writer.Write("]}");
        }
        writer.Write("\n]\n");
    }

    /// <summary>Answers every window at once with its passages reversed.</summary>
    private sealed class InstantRanker : IWindowRanker
    {
        public string Description => "instant";

        public async Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            var answer = string.Join(" > ", Enumerable.Range(1, request.PassageCount).Reverse().Select(i => $"[{i}]"));
            return new WindowCompletion($"<think>reversed</think><answer>{answer}</answer>", 100, 20, TimeSpan.Zero, WindowStop.EndOfTurn);
        }
    }
}
