using System.Diagnostics;
using Rearank.Core.IO;
using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Inference;

/// <summary>A fleet of servers as users run one: replicas that die and come back, throttle, refuse, or misbehave.</summary>
public sealed class RemoteFleetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static readonly ChatReply Good = ChatReply.Answer("<answer>[2] > [1]</answer>");

    private static RemoteSession Session(IEnumerable<Uri> endpoints, int retries = 3, int concurrency = 1, long maxReply = 8L << 20, string model = "le723z/Rearank-7B") =>
        new(new RemoteSessionOptions
        {
            Endpoints = endpoints.ToList(), Model = model, MaxConcurrency = concurrency, MaxRetries = retries,
            RetryDelay = TimeSpan.FromMilliseconds(5), ReplicaCooldown = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromSeconds(30),
            MaxReplyBytes = maxReply,
        });

    private static WindowRequest Window(int n = 0) => new($"q{n}", new RankWindow(0, 2),
        [ChatMessage.System("s"), ChatMessage.User("Search Query: x. \nrank"), ChatMessage.User("[1] a"), ChatMessage.User("[2] b")], 2, false, 64);

    private static List<string> Notices(RemoteSession session)
    {
        var all = new List<string>();
        while (session.TakeNotice() is { } notice) all.Add(notice);
        return all;
    }

    /// <summary>Sends windows one after another until the condition holds, within a generous bound (never a timing assertion).</summary>
    private static async Task<bool> Until(RemoteSession session, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(90)) return false;
            await session.CompleteAsync(Window(), CancellationToken.None);
        }
        return true;
    }

    [Fact]
    public async Task A_replica_that_comes_back_takes_windows_again_and_both_changes_are_said()
    {
        using var steady = new FakeChatServer(_ => Good);
        var dying = new FakeChatServer(_ => Good);
        var port = dying.Port;
        using var session = Session([steady.Endpoint, dying.Endpoint]);
        dying.Dispose();

        Assert.True(await Until(session, () => session.Replicas[1].BreakerOpenings > 0), "the dead replica's breaker never opened");
        using var back = new FakeChatServer(_ => Good, port);
        Assert.True(await Until(session, () => back.Requests > 0), "the replica that came back never got a window");
        Assert.True(await Until(session, () => session.Replicas[1].State == "Closed"), "its breaker never closed again");

        var notices = Notices(session);
        Assert.Contains(notices, n => n.Contains(dying.Endpoint.ToString()) && n.Contains("taken out"));
        Assert.Contains(notices, n => n.Contains(dying.Endpoint.ToString()) && n.Contains("answers again"));
        var status = session.Replicas[1];
        Assert.True(status.Failures > 0 && status.Requests > status.Failures, status.ToString());
        Assert.Equal(0, session.Replicas[0].Failures);
    }

    [Fact]
    public async Task Many_first_calls_at_once_over_one_session_all_go_through()
    {
        using var a = new FakeChatServer(_ => Good);
        using var b = new FakeChatServer(_ => Good);
        using var session = Session([a.Endpoint, b.Endpoint], concurrency: 64);

        var completions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => session.CompleteAsync(Window(i), CancellationToken.None))));

        Assert.All(completions, c => Assert.NotEqual(WindowStop.Failed, c.Stop));
        Assert.Equal(200, session.Replicas.Sum(r => r.Requests));
    }

    [Fact]
    public async Task A_window_too_long_for_the_servers_context_keeps_the_servers_words_and_stops_nothing()
    {
        // llama-server's own reply to a prompt longer than a slot's context.
        using var server = new FakeChatServer(_ => new ChatReply(400,
            """{"error":{"code":400,"message":"request (10192 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error"}}"""));
        using var session = Session([server.Endpoint]);

        var completions = new List<WindowCompletion>();
        for (var i = 0; i < 6; i++) completions.Add(await session.CompleteAsync(Window(i), CancellationToken.None));   // more than FailFastAfter

        Assert.All(completions, c => Assert.Equal(WindowStop.Failed, c.Stop));
        Assert.All(completions, c => Assert.Equal("failed: request rejected, HTTP 400: request (10192 tokens) exceeds the available context size (8192 tokens), try increasing it", c.Failure));
        Assert.Equal(6, server.Requests);   // not retried: it would fail the same way
    }

    [Fact]
    public async Task A_server_that_throttles_from_the_start_is_said_to_throttle_not_to_be_unreachable()
    {
        using var server = new FakeChatServer(_ => ChatReply.Error(429));
        using var session = Session([server.Endpoint], retries: 0);

        for (var i = 0; i < 4; i++) await session.CompleteAsync(Window(i), CancellationToken.None);
        var error = await Assert.ThrowsAsync<ServersUnreachableException>(() => session.CompleteAsync(Window(5), CancellationToken.None));

        Assert.Equal(RemoteFailureKind.Throttled, error.Kind);
        Assert.Contains("throttled", error.Message);
        Assert.Contains("HTTP 429: scripted 429", error.Message);
        Assert.DoesNotContain("No server has answered", error.Message);
    }

    [Fact]
    public async Task The_model_and_replica_that_answered_are_recorded_and_another_model_is_warned_about()
    {
        using var server = new FakeChatServer(_ => ChatReply.Answer("<answer>[2] > [1]</answer>", model: "Qwen/Qwen2.5-7B-Instruct"));
        using var session = Session([server.Endpoint]);
        var query = new QueryCandidates("q", "x", [new RankedHit { QueryId = "q", DocId = "a", Rank = 1, Score = 2, Text = "a" }, new RankedHit { QueryId = "q", DocId = "b", Rank = 2, Score = 1, Text = "b" }]);

        var result = await new ListwiseReranker(session, new RerankOptions()).RerankAsync(query);
        await session.CompleteAsync(Window(), CancellationToken.None);

        var window = Assert.Single(result.Trace.Windows);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", window.ServedModel);
        Assert.Equal(server.Endpoint.ToString(), window.Replica);
        Assert.Equal("le723z/Rearank-7B", result.Trace.Model);   // the identity is the served name asked for, not the URL
        var notice = Assert.Single(Notices(session));   // said once, not per window
        Assert.Contains("answered as model 'Qwen/Qwen2.5-7B-Instruct', not the 'le723z/Rearank-7B' asked for", notice);
    }

    [Fact]
    public async Task A_reply_over_the_size_cap_fails_its_window_unread_and_is_not_retried()
    {
        using var server = new FakeChatServer(_ => ChatReply.Answer("<answer>[1]</answer>" + new string('x', 2 << 20)));
        using var session = Session([server.Endpoint], maxReply: 1 << 20);

        var completion = await session.CompleteAsync(Window(), CancellationToken.None);

        Assert.Equal(WindowStop.Failed, completion.Stop);
        Assert.Contains("larger than 1,048,576 bytes", completion.Failure);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void A_trace_made_through_one_url_of_a_model_resumes_through_another()
    {
        using var first = new FakeChatServer(_ => Good);
        using var second = new FakeChatServer(_ => Good);
        var trace = temp.PathOf("t.jsonl");
        var hits = Enumerable.Range(1, 3).Select(r => new RankedHit { QueryId = "q", QueryText = "x", DocId = $"d{r}", Rank = r, Score = 10 - r, Text = "p" }).ToList();
        RerankRunOptions Options(string? resume) => new() { Rerank = new RerankOptions(), TracePath = trace, ResumePath = resume };

        using (var a = Session([first.Endpoint]))
        using (var run = new RerankRun(a, Options(null), CancellationToken.None))
            Assert.Single(run.Run(hits, CancellationToken.None).OfType<QueryReranked>());
        using (var b = Session([second.Endpoint]))
        using (var run = new RerankRun(b, Options(trace), CancellationToken.None))
        {
            var events = run.Run(hits, CancellationToken.None).ToList();
            Assert.True(Assert.Single(events.OfType<QueryReranked>()).Replayed, string.Join(" | ", events.OfType<RunWarning>().Select(w => w.Message)));
        }
        Assert.Equal(0, second.Requests);
        Assert.Single(File.ReadAllLines(trace));
    }
}
