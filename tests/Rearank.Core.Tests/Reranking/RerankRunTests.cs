using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Reranking;

/// <summary>The rerank run's rules for failures: a failed window is never final, nothing is lost without a word.</summary>
public sealed class RerankRunTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Puts a window's last passage first; fails the windows <c>fails</c> picks, as a dead server's window fails.</summary>
    private sealed class Scripted(Func<WindowRequest, bool>? fails = null, string description = "scripted") : IWindowRanker
    {
        public readonly List<string> Asked = [];
        public Func<int, int, bool, int, Exception?> Budget = (_, _, _, _) => null;

        public string Description => description;

        public Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
        {
            lock (Asked) Asked.Add($"{request.QueryId}{request.Window}");
            if (fails?.Invoke(request) == true)
                return Task.FromResult(new WindowCompletion("", 0, 0, TimeSpan.Zero, WindowStop.Failed) { Failure = "failed after retries: connection refused" });
            return Task.FromResult(new WindowCompletion($"<think>t</think><answer>[{request.PassageCount}] > [1]</answer>", 10, 5, TimeSpan.Zero, WindowStop.EndOfTurn));
        }

        public void CheckAnswerBudget(int passages, bool thinking, int maxNewTokens)
        {
            if (Budget(passages, thinking ? 1 : 0, false, maxNewTokens) is { } e) throw e;
        }
    }

    private static IEnumerable<RankedHit> Hits(string queryId, int count) =>
        Enumerable.Range(1, count).Select(r => new RankedHit { QueryId = queryId, QueryText = "query " + queryId, DocId = $"{queryId}-d{r}", Rank = r, Score = 100 - r, Text = $"passage {r}" });

    private static RerankRunOptions Options(string? trace = null, string? resume = null, bool force = false) => new()
    {
        Rerank = new RerankOptions { WindowSize = 4, Step = 2, Depth = 6, MaxConcurrentQueries = 2 }, TracePath = trace, ResumePath = resume, Force = force,
    };

    private static List<RerankRunEvent> Run(IWindowRanker ranker, RerankRunOptions options, IEnumerable<RankedHit> hits)
    {
        using var run = new RerankRun(ranker, options, CancellationToken.None);
        return run.Run(hits, CancellationToken.None).ToList();
    }

    [Fact]
    public void A_query_with_a_failed_window_is_failed_and_a_resume_asks_again_only_for_that_window()
    {
        var trace = temp.PathOf("traces.jsonl");
        // Windows run [2,6), [0,4); the top one fails, as when the server dies between the two.
        var dying = new Scripted(r => r.Window.Start == 0);
        var first = Run(dying, Options(trace), Hits("q", 6));

        var failed = Assert.Single(first.OfType<QueryFailed>());
        var error = Assert.IsType<WindowsFailedException>(failed.Error);
        Assert.Equal((1, 2), (error.FailedWindows, error.Windows));
        Assert.Contains("connection refused", error.Message);
        Assert.Equal(Enumerable.Range(1, 6).Select(r => $"q-d{r}"), failed.Hits.Select(h => h.DocId));   // not passed off as reranked
        Assert.Empty(first.OfType<QueryReranked>());
        Assert.Equal(1, Assert.Single(TraceFile.Read(trace)).FailedWindows);

        var healthy = new Scripted();
        var second = Run(healthy, Options(trace, resume: trace), Hits("q", 6));

        Assert.Equal(["q[0,4)"], healthy.Asked);   // the good window's answer replayed, the failed one asked again
        Assert.Contains(second.OfType<RunWarning>(), w => w.Message.Contains("1 of 2 windows") && w.Message.Contains("asked again"));
        var done = Assert.Single(second.OfType<QueryReranked>());
        Assert.False(done.Replayed);
        Assert.Equal(["q-d3", "q-d1", "q-d2", "q-d6", "q-d4", "q-d5"], done.Result.Hits.Select(h => h.DocId));
        Assert.Equal(0, done.Result.Trace.FailedWindows);
        Assert.Equal(0, TraceFile.Read(trace).Last().FailedWindows);
    }

    [Fact]
    public void A_plain_resume_never_replays_a_failed_window_as_final()
    {
        var trace = temp.PathOf("failed.jsonl");
        Run(new Scripted(r => r.Window.Start == 2), Options(trace), Hits("q", 6));
        var failedTrace = Assert.Single(TraceFile.Read(trace));

        Assert.Null(ListwiseReranker.Replay(new QueryCandidates("q", "query q", Hits("q", 6).ToList()), failedTrace));
        var healthy = new Scripted();
        var events = Run(healthy, Options(resume: trace), Hits("q", 6));

        Assert.Equal(["q[2,6)", "q[0,4)"], healthy.Asked);   // the later window saw other passages, so it is asked again too
        Assert.Contains(events.OfType<RunWarning>(), w => w.Message.Contains("Query q:") && w.Message.Contains("failed"));
        Assert.False(Assert.Single(events.OfType<QueryReranked>()).Replayed);
    }

    [Fact]
    public void The_answer_budget_is_checked_once_before_any_window_for_every_driver()
    {
        var ranker = new Scripted();
        var seen = new List<int>();
        ranker.Budget = (passages, _, _, tokens) => { seen.Add(passages); return tokens < 100 ? new AnswerBudgetTooSmallException("too small") : null; };
        var options = Options() with { Rerank = new RerankOptions { WindowSize = 20, Depth = 5, MaxNewTokens = 50 } };

        Assert.Throws<AnswerBudgetTooSmallException>(() => new RerankRun(ranker, options, CancellationToken.None));
        Assert.Equal([5], seen);   // the largest window the run can make
        Assert.Empty(ranker.Asked);
    }

    [LinuxFact]
    public void A_trace_that_cannot_be_written_stops_the_run_with_an_error_naming_the_file()
    {
        // /dev/full answers every write with "No space left on device", as a full disk does.
        var ranker = new Scripted();
        var events = Run(ranker, Options("/dev/full", force: true), Hits("q1", 6).Concat(Hits("q2", 6)).Concat(Hits("q3", 6)));

        var stopped = Assert.Single(events.OfType<RunStopped>());
        var error = Assert.IsType<OutputWriteException>(stopped.Error);
        Assert.Equal("/dev/full", error.Path);
        Assert.Contains("/dev/full", error.Message);
        Assert.Empty(events.OfType<QueryReranked>());   // no query goes out that the trace does not hold
    }

    [Fact]
    public void A_trace_in_a_missing_folder_is_refused_before_anything_runs()
    {
        var path = temp.PathOf(Path.Combine("no-such-folder", "t.jsonl"));
        var error = Assert.Throws<OutputWriteException>(() => new RerankRun(new Scripted(), Options(path), CancellationToken.None));
        Assert.IsType<DirectoryNotFoundException>(error.InnerException);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_new_trace_beside_a_resume_file_holds_every_query_of_the_run()
    {
        var old = temp.PathOf("old.jsonl");
        Run(new Scripted(), Options(old), Hits("q1", 6).Concat(Hits("q2", 6)));
        var fresh = temp.PathOf("new.jsonl");

        var ranker = new Scripted();
        Run(ranker, Options(fresh, resume: old), Hits("q1", 6).Concat(Hits("q2", 6)).Concat(Hits("q3", 6)));

        Assert.All(ranker.Asked, a => Assert.StartsWith("q3", a));
        Assert.Equal(["q1", "q2", "q3"], TraceFile.Read(fresh).Select(t => t.QueryId).Order());
    }

    /// <summary>Holds query q0 back until the test lets it go; every other query is answered at once.</summary>
    private sealed class HeldBack : IWindowRanker
    {
        public readonly TaskCompletionSource Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly System.Collections.Concurrent.ConcurrentQueue<string> Notices = new();

        public string Description => "held back";

        public string? TakeNotice() => Notices.TryDequeue(out var notice) ? notice : null;

        public async Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
        {
            if (request.QueryId == "q0") await Gate.Task.WaitAsync(cancellationToken);
            return new WindowCompletion("<answer>[2] > [1]</answer>", 1, 1, TimeSpan.Zero, WindowStop.EndOfTurn);
        }
    }

    [Fact]
    public void Queries_come_out_in_input_order_whatever_order_they_finish_in()
    {
        var ranker = new HeldBack();
        using var run = new RerankRun(ranker, Options() with { Rerank = new RerankOptions { MaxConcurrentQueries = 4 } }, CancellationToken.None);
        foreach (var hit in Hits("q0", 3).Concat(Hits("q1", 3)).Concat(Hits("q2", 3))) run.Add(hit);
        run.Complete();

        // q1 and q2 finish while q0 waits (conditions, with a generous bound, not sleeps): neither may come out before it.
        var events = new List<RerankRunEvent>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (run.Finished < 2 && clock.Elapsed < TimeSpan.FromSeconds(60))
            if (run.TryTake(out var early, TimeSpan.FromMilliseconds(50), CancellationToken.None)) events.Add(early!);
        Assert.Equal(2, run.Finished);
        while (run.TryTake(out var early, TimeSpan.Zero, CancellationToken.None)) events.Add(early!);
        Assert.Empty(events.OfType<QueryReranked>());
        Assert.False(run.HasRoom && run.IsCompleted);

        ranker.Notices.Enqueue("Replica http://b/v1 is taken out");
        ranker.Gate.SetResult();
        while (!run.IsCompleted)
            if (run.TryTake(out var next, TimeSpan.FromMilliseconds(250), CancellationToken.None)) events.Add(next!);

        Assert.Equal(["q0", "q1", "q2"], events.OfType<QueryReranked>().Select(e => e.Result.QueryId));
        Assert.Contains(events.OfType<RunWarning>(), w => w.Message == "Replica http://b/v1 is taken out");   // the session's notices become the run's warnings
    }

    [Fact]
    public void A_query_without_text_fails_as_such_and_the_others_are_reranked()
    {
        var ranker = new Scripted();
        var untitled = Hits("q2", 6).Select(h => h with { QueryText = null });
        var events = Run(ranker, Options(), Hits("q1", 6).Concat(untitled).Concat(Hits("q3", 6)));

        var failed = Assert.Single(events.OfType<QueryFailed>());
        var error = Assert.IsType<NoQueryTextException>(failed.Error);
        Assert.Equal("q2", error.QueryId);
        Assert.Equal(6, failed.Hits.Count);
        Assert.Equal(["q1", "q3"], events.OfType<QueryReranked>().Select(r => r.Result.QueryId));
        Assert.DoesNotContain(ranker.Asked, a => a.StartsWith("q2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trace_file_that_exists_is_kept_without_force_by_the_one_overwrite_rule()
    {
        var trace = temp.PathOf("traces.jsonl");
        File.WriteAllText(trace, "kept\n");

        var refused = Assert.Throws<TraceFileExistsException>(() => new RerankRun(new Scripted(), Options(trace), CancellationToken.None));

        Assert.IsAssignableFrom<OutputExistsException>(refused);
        Assert.Equal(trace, refused.Path);
        Assert.Equal("kept\n", File.ReadAllText(trace));
    }

    [Fact]
    public void Hits_of_one_query_in_two_groups_are_said_to_have_arrived_split()
    {
        var grouping = new QueryGrouping(new Dictionary<string, string> { ["b"] = "text of b" });
        var hit = (string q) => new RankedHit { QueryId = q, DocId = "d", Rank = 1, Score = 1 };

        Assert.Null(grouping.Add(hit("a") with { QueryText = "text of a" }));
        var a = grouping.Add(hit("b"));
        var b = grouping.Add(hit("a"));
        var again = grouping.Close();

        Assert.Equal(("a", "text of a", false), (a!.QueryId, a.QueryText, a.ArrivedSplit));
        Assert.Equal(("b", "text of b", false), (b!.QueryId, b.QueryText, b.ArrivedSplit));
        Assert.Equal(("a", (string?)null, true), (again!.QueryId, again.QueryText, again.ArrivedSplit));
        Assert.Null(grouping.Close());
    }

    /// <summary>Answers until <c>downAfter</c> windows were asked, then says no server is left.</summary>
    private sealed class Dying(int downAfter) : IWindowRanker
    {
        private int asked;
        public string Description => "dying";

        public Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref asked) > downAfter
                ? Task.FromException<WindowCompletion>(new RankerUnreachableException("No server has answered."))
                : Task.FromResult(new WindowCompletion($"<think>t</think><answer>[{request.PassageCount}] > [1]</answer>", 10, 5, TimeSpan.Zero, WindowStop.EndOfTurn));
    }

    [Fact]
    public void A_ranker_that_can_answer_nothing_more_ends_the_run_with_one_terminal_event()
    {
        // Two windows a query, one query at a time: q1 and q2 finish, q3 meets the dead servers.
        var options = Options() with { Rerank = new RerankOptions { WindowSize = 4, Step = 2, Depth = 6, MaxConcurrentQueries = 1 } };
        var events = Run(new Dying(downAfter: 4), options, Hits("q1", 6).Concat(Hits("q2", 6)).Concat(Hits("q3", 6)).Concat(Hits("q4", 6)));

        Assert.Equal(["q1", "q2"], events.OfType<QueryReranked>().Select(r => r.Result.QueryId));
        var last = Assert.Single(events.OfType<RankerUnreachable>());
        Assert.Same(last, events.Last(e => e is not RunWarning));
        Assert.Equal("q3", last.QueryId);
        Assert.Equal(["q3-d1", "q3-d2", "q3-d3", "q3-d4", "q3-d5", "q3-d6"], last.Hits.Select(h => h.DocId));
        Assert.Empty(events.OfType<QueryFailed>());
    }

    /// <summary>A ranker with a context: each prompt counts one token per character of its messages.</summary>
    private sealed class Budgeted(int contextSize) : IWindowRanker, IPromptBudget
    {
        public string Description => "budgeted";
        public int ContextSize => contextSize;
        public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) => messages.Sum(m => m.Content.Length);

        public Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new WindowCompletion($"<think>t</think><answer>[{request.PassageCount}] > [1]</answer>", 10, 5, TimeSpan.Zero, WindowStop.EndOfTurn));
    }

    [Fact]
    public void A_query_whose_largest_window_cannot_fit_the_rankers_context_is_said_up_front()
    {
        var small = Hits("q1", 6);
        var long_ = Hits("q2", 6).Select(h => h with { Text = new string('x', 5000) });
        var options = Options() with { Rerank = new RerankOptions { WindowSize = 4, Step = 2, Depth = 6, MaxConcurrentQueries = 2, MaxNewTokens = 100 } };

        // A context the short query's largest window just fits: the long one's passages (cut to 400 characters) do not.
        var fits = WindowBudget.LargestWindowTokens(new Budgeted(0), new QueryCandidates("q1", "query q1", small.ToList()), options.Rerank);

        var events = Run(new Budgeted(fits), options, small.Concat(long_));
        var checkedBefore = Run(new Budgeted(fits), options with { ContextCheckedUpFront = true }, small.Concat(long_));

        var warning = Assert.Single(events.OfType<RunWarning>(), w => w.Message.Contains("tokens per window"));
        Assert.StartsWith("Query q2 may need up to ", warning.Message);
        Assert.Contains("-ContextSize", warning.Message);
        Assert.DoesNotContain(checkedBefore.OfType<RunWarning>(), w => w.Message.Contains("tokens per window"));
    }

    [Fact]
    public void The_first_query_comes_out_before_the_last_is_read_and_the_input_is_held_back_meanwhile()
    {
        // Twenty queries of six hits, one query at a time: the run may hold 2 queries in flight (2 × concurrency), so
        // it must stop reading until the first is out. The bound allows one query more, for the moment between the
        // worker counting a query done and handing its event over.
        var pulled = 0;
        IEnumerable<RankedHit> Source()
        {
            foreach (var hit in Enumerable.Range(1, 20).SelectMany(q => Hits($"q{q}", 6)))
            {
                pulled++;
                yield return hit;
            }
        }
        var options = Options() with { Rerank = new RerankOptions { WindowSize = 4, Step = 2, Depth = 6, MaxConcurrentQueries = 1 } };
        var pulledWhenOut = new List<int>();
        using (var run = new RerankRun(new Scripted(), options, CancellationToken.None))
            foreach (var e in run.Run(Source(), CancellationToken.None))
                if (e is QueryReranked) pulledWhenOut.Add(pulled);

        Assert.Equal(2, options.MaxPendingQueries);
        Assert.Equal(20, pulledWhenOut.Count);
        Assert.True(pulledWhenOut[0] <= (options.MaxPendingQueries + 2) * 6, $"the first query came out after {pulledWhenOut[0]} of 120 hits were read");
        // Every query out leaves at most a bounded number read ahead: the k-th comes out before hit 6 × (k + 4) is read.
        Assert.All(pulledWhenOut.Select((p, k) => (p, k)), x => Assert.True(x.p <= 6 * (x.k + 1 + options.MaxPendingQueries + 1) + 1, $"query {x.k + 1} came out after {x.p} hits were read"));
    }

    [Fact]
    public void A_trace_made_with_other_settings_is_not_replayed_and_the_query_is_asked_again()
    {
        var trace = temp.PathOf("other-settings.jsonl");
        Run(new Scripted(), Options(trace), Hits("q", 6));
        var wider = Options(resume: trace) with { Rerank = new RerankOptions { WindowSize = 6, Step = 2, Depth = 6, MaxConcurrentQueries = 2 } };

        var ranker = new Scripted();
        var events = Run(ranker, wider, Hits("q", 6));

        Assert.Equal(["q[0,6)"], ranker.Asked);
        var warning = Assert.Single(events.OfType<RunWarning>());
        Assert.Equal("Query q is reranked again, not replayed: its trace in the resume file was made with window 4, step 2, depth 6, not 6, 2, 6.", warning.Message);
        Assert.False(Assert.Single(events.OfType<QueryReranked>()).Replayed);
    }

    [Fact]
    public void A_continued_trace_with_a_cut_last_line_sets_it_aside_replays_the_rest_and_appends_whole_lines()
    {
        var trace = temp.PathOf("interrupted.jsonl");
        Run(new Scripted(), Options(trace), Hits("q1", 6).Concat(Hits("q2", 6)));
        const string tail = "{\"QueryId\":\"q3\",\"Windo";   // a run killed in the middle of a write
        File.AppendAllText(trace, tail);

        var ranker = new Scripted();
        var events = Run(ranker, Options(trace, resume: trace), Hits("q1", 6).Concat(Hits("q2", 6)).Concat(Hits("q3", 6)));

        Assert.All(ranker.Asked, a => Assert.StartsWith("q3", a));
        Assert.Equal([true, true, false], events.OfType<QueryReranked>().Select(e => e.Replayed));
        Assert.Contains(events.OfType<RunWarning>(), w => w.Message.Contains("was cut") && w.Message.Contains(trace + ".cut"));
        Assert.Equal(tail, File.ReadAllText(trace + ".cut"));
        Assert.Empty(events.OfType<ResumeRecordRefused>());
        Assert.Equal(["q1", "q2", "q3"], TraceFile.Read(trace).Select(t => t.QueryId));
    }
}
