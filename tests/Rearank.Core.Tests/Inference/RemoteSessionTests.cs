using Rearank.Core.IO;
using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;

namespace Rearank.Core.Tests.Inference;

/// <summary>The remote backend against a scripted OpenAI-compatible server on loopback, faults included.</summary>
public sealed class RemoteSessionTests
{
    /// <summary>Every window answered in reverse order, completely.</summary>
    private static ChatReply Answer(ChatRequest r) => ChatReply.Answer(
        "<think>the last passage answers it</think><answer>" + string.Join(" > ", Enumerable.Range(1, r.PassageCount).Reverse().Select(i => $"[{i}]")) + "</answer>");

    /// <summary>The order reversed windows give, worked out by hand here, independently of the reranker.</summary>
    private static List<string> Reversed(QueryCandidates query, IEnumerable<(int Start, int End)> windows)
    {
        var order = query.Hits.Select(h => h.DocId).ToList();
        foreach (var (start, end) in windows) order.Reverse(start, end - start);
        return order;
    }

    private static RemoteSession Session(IEnumerable<Uri> endpoints, int concurrency = 4, string? key = null, int retries = 3, TimeSpan? timeout = null, int failFastAfter = 4) =>
        new(new RemoteSessionOptions
        {
            Endpoints = endpoints.ToList(), Model = "le723z/Rearank-7B", MaxConcurrency = concurrency, MaxRetries = retries,
            RetryDelay = TimeSpan.FromMilliseconds(5), ReplicaCooldown = TimeSpan.FromMilliseconds(200), Timeout = timeout ?? TimeSpan.FromSeconds(10),
            FailFastAfter = failFastAfter,
        }, key);

    private static List<QueryCandidates> Queries(int count, int hits = 10) => Enumerable.Range(0, count).Select(q =>
        new QueryCandidates($"q{q}", $"query number {q}", Enumerable.Range(1, hits).Select(r => new RankedHit
        {
            QueryId = $"q{q}", DocId = $"q{q}-d{r}", Rank = r, Score = 100 - r, Title = "", Text = $"passage {r} of query {q}",
        }).ToList())).ToList();

    private static async Task<List<RerankOutcome>> Rerank(IRerankSession session, List<QueryCandidates> queries, CancellationToken token = default)
    {
        var reranker = new ListwiseReranker(session, new RerankOptions { WindowSize = 4, Step = 2, MaxConcurrentQueries = 16 });
        var outcomes = new List<RerankOutcome>();
        await foreach (var outcome in reranker.RerankAllAsync(queries.ToAsyncEnumerable(), token)) outcomes.Add(outcome);
        return outcomes;
    }

    [Fact]
    public async Task Windows_go_out_in_the_protocols_messages_and_come_back_applied_within_the_concurrency_limit()
    {
        using var server = new FakeChatServer(r => Answer(r) with { Delay = TimeSpan.FromMilliseconds(20) });
        using var session = Session([server.Endpoint], concurrency: 3);

        var outcomes = await Rerank(session, Queries(8));

        Assert.Equal(8, outcomes.Select(o => o.Result!.QueryId).Distinct().Count());
        Assert.All(outcomes, o => Assert.Equal(["[6,10)", "[4,8)", "[2,6)", "[0,4)"], o.Result!.Trace.Windows.Select(w => $"[{w.Start},{w.End})")));
        var q0 = outcomes.Single(o => o.Query.QueryId == "q0");
        Assert.Equal(Reversed(q0.Query, [(6, 10), (4, 8), (2, 6), (0, 4)]), q0.Result!.Hits.Select(h => h.DocId));
        Assert.Equal(32, server.Requests);
        Assert.True(server.PeakConcurrency <= 3 && session.PeakConcurrency == 3);
        var first = server.Seen[0];
        Assert.Equal("le723z/Rearank-7B", (string)first.Body["model"]!);
        Assert.Equal(0.0, (double)first.Body["temperature"]!);
        Assert.Equal(2048, (int)first.Body["max_completion_tokens"]! );
        Assert.Equal(1.0, (double)first.Body["top_p"]!);
        Assert.StartsWith("You are DeepRerank", first.Messages[0].Content);
        Assert.Null(first.Authorization);
        Assert.Equal("the last passage answers it", outcomes[0].Result!.Trace.Windows[0].Think);
        Assert.Equal((100, 20), (outcomes[0].Result!.Trace.Windows[0].PromptTokens, outcomes[0].Result!.Trace.Windows[0].OutputTokens));
    }

    [Fact]
    public async Task A_key_is_sent_as_a_bearer_token_and_never_shown()
    {
        using var server = new FakeChatServer(_ => ChatReply.Error(500));
        using var session = Session([server.Endpoint], key: "sk-secret-123", retries: 0);

        var outcomes = await Rerank(session, Queries(1, hits: 4));

        Assert.Equal("Bearer sk-secret-123", server.Seen[0].Authorization);
        Assert.DoesNotContain("sk-secret", session.Description);
        Assert.DoesNotContain("sk-secret", TraceFile.ToJsonLine(outcomes[0].Result!.Trace));
    }

    [Fact]
    public async Task Throttling_drops_malformed_replies_and_slow_replies_are_retried_until_they_succeed()
    {
        var attempts = new Dictionary<string, int>();
        ChatReply Script(ChatRequest r)
        {
            int attempt;
            lock (attempts) attempts[r.Query + r.Messages[3].Content] = attempt = attempts.GetValueOrDefault(r.Query + r.Messages[3].Content) + 1;
            return attempt switch
            {
                1 => ChatReply.Error(429),
                2 => new ChatReply(200, "{ this is not json"),
                3 => new ChatReply(200, "", Drop: true),
                4 => Answer(r) with { Delay = TimeSpan.FromSeconds(8) },
                _ => Answer(r),
            };
        }
        using var server = new FakeChatServer(Script);
        // The slow reply outlasts the 2 s attempt timeout; the next attempt's 2 s leave room for a loaded CI machine.
        using var session = Session([server.Endpoint], retries: 5, timeout: TimeSpan.FromSeconds(2));

        var outcomes = await Rerank(session, Queries(2, hits: 4));

        Assert.All(outcomes, o => Assert.True(o.Result!.Trace.Windows.Single().AnswerComplete));
        Assert.Equal(0, session.FailedWindows);
        Assert.Equal(10, server.Requests);
    }

    [Fact]
    public async Task A_window_that_keeps_failing_keeps_its_order_and_says_why()
    {
        using var server = new FakeChatServer(_ => ChatReply.Error(500));
        // Stopping early (no server ever answered) is another test's; here every window must get its retries.
        using var session = Session([server.Endpoint], retries: 2, failFastAfter: 100);

        var outcomes = await Rerank(session, Queries(3, hits: 6));

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.All(outcomes, o => Assert.Equal(Enumerable.Range(1, 6).Select(r => $"{o.Query.QueryId}-d{r}"), o.Result!.Hits.Select(h => h.DocId)));
        Assert.All(outcomes.SelectMany(o => o.Result!.Trace.Windows), w => Assert.StartsWith("failed after retries: server error, HTTP 500: scripted 500", w.Failure));
        Assert.Equal(6 * 3, server.Requests);
        Assert.Equal(6, session.FailedWindows);
    }

    [Fact]
    public async Task A_replica_that_goes_down_mid_run_is_taken_out_and_nothing_is_lost()
    {
        using var healthy = new FakeChatServer(r => Answer(r) with { Delay = TimeSpan.FromMilliseconds(10) });
        var dying = new FakeChatServer(r => Answer(r) with { Delay = TimeSpan.FromMilliseconds(10) });
        using var session = Session([healthy.Endpoint, dying.Endpoint], concurrency: 4);
        var queries = Queries(12);
        _ = Task.Run(async () =>
        {
            while (dying.Requests < 6) await Task.Delay(5);
            dying.Dispose();
        });

        var outcomes = await Rerank(session, queries);

        Assert.All(outcomes, o => Assert.True(o.Error is null, o.Error?.ToString()));
        Assert.Equal(queries.Select(q => q.QueryId).Order(), outcomes.Select(o => o.Result!.QueryId).Order());
        // The message says why a window has no whole answer (it failed, and how), for a failure seen once under a loaded CI run.
        Assert.All(outcomes, o => Assert.All(o.Result!.Trace.Windows, w => Assert.True(w.AnswerComplete, $"{w.StopReason}: {w.Failure}; replicas {string.Join("; ", session.Replicas)}")));
        Assert.All(outcomes, o => Assert.Equal(Reversed(o.Query, [(6, 10), (4, 8), (2, 6), (0, 4)]), o.Result!.Hits.Select(h => h.DocId)));
        Assert.Equal(0, session.FailedWindows);
        Assert.True(dying.Requests >= 6 && healthy.Requests > 0);
    }

    [Fact]
    public async Task The_servers_separate_reasoning_field_becomes_the_trace_reasoning()
    {
        using var server = new FakeChatServer(_ => ChatReply.Answer("<answer>[2] > [1]</answer>", reasoning: "Passage 2 names the cycle."));
        using var session = Session([server.Endpoint]);

        var outcome = (await Rerank(session, Queries(1, hits: 2))).Single();

        Assert.Equal("Passage 2 names the cycle.", outcome.Result!.Trace.Windows[0].Think);
        Assert.Equal(["q0-d2", "q0-d1"], outcome.Result.Hits.Select(h => h.DocId));
    }

    [Fact]
    public async Task Cancelling_returns_promptly_even_while_the_server_is_slow()
    {
        // The server would answer after ten minutes; the two-minute bound only guards against a hang, so a busy machine
        // cannot make it fail, and a cancel that waited for the server could not pass it.
        using var server = new FakeChatServer(r => Answer(r) with { Delay = TimeSpan.FromMinutes(10) });
        using var session = Session([server.Endpoint]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var outcomes = await Rerank(session, Queries(4), cancel.Token).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(outcomes, o => Assert.IsAssignableFrom<OperationCanceledException>(o.Error));
    }

    [Fact]
    public async Task A_request_the_server_refuses_outright_fails_its_window_at_once_without_retries()
    {
        using var server = new FakeChatServer(_ => ChatReply.Error(400));
        using var session = Session([server.Endpoint], retries: 5);

        var outcome = (await Rerank(session, Queries(1, hits: 3))).Single();

        Assert.Null(outcome.Error);
        Assert.Equal(WindowStop.Failed, outcome.Result!.Trace.Windows[0].StopReason);
        Assert.Equal("failed: request rejected, HTTP 400: scripted 400", outcome.Result!.Trace.Windows[0].Failure);
        Assert.Equal(Queries(1, hits: 3)[0].Hits.Select(h => h.DocId), outcome.Result.Hits.Select(h => h.DocId));
    }

    [Theory]
    [InlineData(ServerProfile.Vllm, "top_k=-1 min_p=0 repetition_penalty=1")]
    [InlineData(ServerProfile.LlamaCpp, "top_k=0 min_p=0 typical_p=1 repeat_penalty=1 max_tokens=2048")]
    [InlineData(ServerProfile.Ollama, "max_tokens=2048")]
    [InlineData(ServerProfile.OpenAI, "")]
    public async Task Every_request_pins_the_sampling_in_the_servers_own_field_names(ServerProfile profile, string extra)
    {
        using var server = new FakeChatServer(Answer);
        using var session = new RemoteSession(new RemoteSessionOptions { Endpoints = [server.Endpoint], Model = "m", Profile = profile });

        await Rerank(session, Queries(1, hits: 4));

        var body = server.Seen[0].Body.AsObject();
        var common = new[] { "model", "messages", "temperature", "top_p", "presence_penalty", "frequency_penalty", "max_completion_tokens" };
        var expected = extra.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(common.Concat(expected.Keys).Order(), body.Select(p => p.Key).Order());
        Assert.Equal((0.0, 1.0, 0.0, 0.0), ((double)body["temperature"]!, (double)body["top_p"]!, (double)body["presence_penalty"]!, (double)body["frequency_penalty"]!));
        foreach (var (name, value) in expected) Assert.Equal(value, (double)body[name]!);
    }

    [Fact]
    public async Task Rollout_sampling_reaches_the_server_as_asked()
    {
        using var server = new FakeChatServer(Answer);
        using var session = new RemoteSession(new RemoteSessionOptions { Endpoints = [server.Endpoint], Model = "m" });
        var messages = PromptTemplates.Rearank.Messages("q", ["a", "b"]);

        await session.CompleteAsync(new WindowRequest("q", new RankWindow(0, 2), messages, 2, true, 64) { Sampling = new SamplingSettings { Temperature = 1f, Seed = 7, TopP = 0.95f, TopK = 20 } }, CancellationToken.None);

        var body = server.Seen[0].Body;
        Assert.Equal((1.0, 7L, 0.95, 20), ((double)body["temperature"]!, (long)body["seed"]!, Math.Round((double)body["top_p"]!, 5), (int)body["top_k"]!));
    }

    [Fact]
    public async Task Secrets_in_keys_and_endpoint_urls_reach_no_property_description_or_trace()
    {
        using var server = new FakeChatServer(Answer);
        var secret = new UriBuilder(server.Endpoint) { UserName = "alice", Password = "hunter2", Query = "api-key=s3cr3t" }.Uri;
        using var session = Session([secret], key: "sk-very-secret");

        var outcomes = await Rerank(session, Queries(1, hits: 4));

        var shown = System.Text.Json.JsonSerializer.Serialize(new object[] { session.Options, session.Description, outcomes[0].Result!.Trace });
        foreach (var leak in new[] { "hunter2", "s3cr3t", "sk-very-secret", "alice" }) Assert.DoesNotContain(leak, shown);
        Assert.Equal("Bearer sk-very-secret", server.Seen[0].Authorization);   // the key still reaches the server
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_on_as_the_server_says_not_the_backoffs_own_delay()
    {
        var calls = 0;
        using var server = new FakeChatServer(r => Interlocked.Increment(ref calls) == 1
            ? ChatReply.Error(429) with { Headers = new Dictionary<string, string> { ["Retry-After"] = "2" } }
            : Answer(r));
        using var session = Session([server.Endpoint], concurrency: 1);   // RetryDelay 5 ms: the backoff alone would retry at once
        var messages = PromptTemplates.Rearank.Messages("q", ["a", "b"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var completion = await session.CompleteAsync(new WindowRequest("q", new RankWindow(0, 2), messages, 2, true, 64), CancellationToken.None);

        Assert.NotEqual(WindowStop.Failed, completion.Stop);
        Assert.True(clock.Elapsed.TotalSeconds >= 1.9, $"retried after {clock.Elapsed}, before the server's Retry-After of 2 s");   // a floor: the machine's speed cannot break it
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_window_that_outlives_its_time_budget_fails_and_keeps_its_order()
    {
        // Each attempt would wait a minute and there are eleven of them; only the window's two-second budget can end it
        // inside the two-minute hang guard, however busy the machine.
        using var server = new FakeChatServer(r => Answer(r) with { Delay = TimeSpan.FromMinutes(10) });
        using var session = new RemoteSession(new RemoteSessionOptions
        {
            Endpoints = [server.Endpoint], Model = "m", Timeout = TimeSpan.FromMinutes(1), MaxRetries = 10, RetryDelay = TimeSpan.FromMilliseconds(5),
            WindowTimeout = TimeSpan.FromSeconds(2),
        });

        var outcomes = await Rerank(session, Queries(1, hits: 4)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(outcomes[0].Result!.Trace.Windows, w => Assert.Equal(WindowStop.Failed, w.StopReason));
        Assert.Equal(outcomes[0].Query.Hits.Select(h => h.DocId), outcomes[0].Result!.Hits.Select(h => h.DocId));
    }
}
