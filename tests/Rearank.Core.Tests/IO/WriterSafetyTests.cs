using System.Diagnostics;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Retrieval;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.IO;

/// <summary>One writer per output across processes; files compared by identity, not by how a path spells them.</summary>
public sealed class WriterSafetyTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private sealed class Keep : IWindowRanker
    {
        public string Description => "keep";

        public Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new WindowCompletion("<answer>[1]</answer>", 1, 1, TimeSpan.Zero, WindowStop.EndOfTurn));
    }

    private static RerankRunOptions Options(string trace, string? resume = null) => new() { Rerank = new RerankOptions(), TracePath = trace, ResumePath = resume };

    [Fact]
    public void A_second_writer_of_a_trace_is_refused_while_the_first_runs_and_welcome_after()
    {
        var trace = temp.PathOf("t.jsonl");
        using (new RerankRun(new Keep(), Options(trace), CancellationToken.None))
        {
            var error = Assert.Throws<FileLockedException>(() => new RerankRun(new Keep(), Options(trace, resume: trace), CancellationToken.None));
            Assert.Equal(trace, error.Path);
            Assert.Contains(trace, error.Message);
        }
        using (new RerankRun(new Keep(), Options(trace, resume: trace), CancellationToken.None)) { }
        Assert.False(File.Exists(trace + ".lock"));   // the side file goes with its writer
    }

    [LinuxFact(Requires = "/usr/bin/flock")]
    public void A_lock_held_by_another_process_names_that_process()
    {
        // util-linux's flock(1) holds the lock from outside, as a second rerank or export would.
        var target = temp.PathOf("run.trec");
        File.WriteAllText(target + ".lock", "");
        using var holder = Process.Start(new ProcessStartInfo("/usr/bin/flock", ["-x", target + ".lock", "sleep", "120"]) { RedirectStandardOutput = true })!;
        try
        {
            // Wait (on the condition, with a generous bound) until the kernel lists the lock.
            var clock = Stopwatch.StartNew();
            while (WriterLock.Holder(target + ".lock") is null && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);

            var error = Assert.Throws<FileLockedException>(() => WriterLock.Acquire(target));
            Assert.Equal(holder.Id, error.HolderProcessId);
            Assert.Contains($"process id {holder.Id}", error.Message);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Two_builds_into_one_new_folder_the_second_is_refused()
    {
        var path = temp.PathOf("index");
        using var first = Bm25IndexBuilder.Create(path, new Bm25IndexOptions { Threads = 1 });

        Assert.Throws<FileLockedException>(() => Bm25IndexBuilder.Create(path, new Bm25IndexOptions { Threads = 1 }));
        first.Add(new Document("d1", "", "flea"));
        first.Complete();
    }

    [Fact]
    public void A_killed_builds_staging_folder_is_removed_by_the_next_build()
    {
        var stale = temp.PathOf(".index.building-0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "_0.cfs"), "half an index");

        using (var builder = Bm25IndexBuilder.Create(temp.PathOf("index"), new Bm25IndexOptions { Threads = 1 }))
        {
            builder.Add(new Document("d1", "", "flea"));
            builder.Complete();
        }

        Assert.False(Directory.Exists(stale));
        Assert.Equal(["index"], Directory.GetFileSystemEntries(temp.Root).Select(Path.GetFileName));
    }

    [LinuxFact]
    public void A_symlink_to_the_trace_is_the_trace_so_resuming_through_it_continues_and_never_empties_it()
    {
        var trace = temp.PathOf("t.jsonl");
        var hits = Enumerable.Range(1, 3).Select(r => new RankedHit { QueryId = "q", QueryText = "q", DocId = $"d{r}", Rank = r, Score = 10 - r, Text = "p" }).ToList();
        using (var run = new RerankRun(new Keep(), Options(trace), CancellationToken.None)) run.Run(hits, CancellationToken.None).ToList();
        var link = temp.PathOf("link.jsonl");
        File.CreateSymbolicLink(link, trace);

        Assert.True(RerankRun.SamePath(trace, link));
        Assert.True(RerankRun.SamePath(trace, Path.Combine(temp.Root, ".", "t.jsonl")));
        Assert.False(RerankRun.SamePath(trace, temp.PathOf("other.jsonl")));
        using (var run = new RerankRun(new Keep(), Options(trace, resume: link) with { Force = true }, CancellationToken.None))
            Assert.True(Assert.Single(run.Run(hits, CancellationToken.None).OfType<QueryReranked>()).Replayed);
        Assert.Single(File.ReadAllLines(trace));   // continued, not replaced
    }
}
