using Rearank.Core.Model;
using Rearank.Core.Reranking;

namespace Rearank.Core.Tests.Reranking;

public sealed class ListwiseRerankerTests
{
    /// <summary>A model that always puts the window's last passage first and reports every call it gets.</summary>
    private sealed class LastFirst(string answer = "") : IWindowRanker
    {
        public readonly List<WindowRequest> Requests = [];
        public int MaxInFlight;
        private int inFlight;

        public string Description => "last-first test model";

        public async Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref MaxInFlight, now);
            await Task.Delay(5, cancellationToken);
            Interlocked.Decrement(ref inFlight);
            var text = answer.Length > 0 ? answer
                : $"<think>the last one</think><answer>[{request.PassageCount}] > [1]</answer>";
            return new WindowCompletion(text, 100, 10, TimeSpan.FromMilliseconds(5), WindowStop.EndOfTurn);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = target) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
        }
    }

    private static QueryCandidates Candidates(string queryId, int count) =>
        new(queryId, "query " + queryId, Enumerable.Range(1, count).Select(r => new RankedHit
        {
            QueryId = queryId, DocId = $"d{r}", Rank = r, Score = 100 - r, Title = "", Text = $"passage {r}",
        }).ToList());

    [Fact]
    public async Task Windows_apply_back_to_front_and_slots_keep_rank_and_score()
    {
        var model = new LastFirst();
        var reranker = new ListwiseReranker(model, new RerankOptions { WindowSize = 3, Step = 2 });

        var result = await reranker.RerankAsync(Candidates("q", 5));

        // Windows [2,5) then [0,3): d5 moves to position 2, then to the top.
        Assert.Equal(["[2,5)", "[0,3)"], model.Requests.Select(r => r.Window.ToString()));
        Assert.Equal(["d5", "d1", "d2", "d3", "d4"], result.Hits.Select(h => h.DocId));
        Assert.Equal([1, 2, 3, 4, 5], result.Hits.Select(h => h.Rank));
        Assert.Equal([99.0, 98, 97, 96, 95], result.Hits.Select(h => h.Score));
        Assert.Equal([5, 1, 2, 3, 4], result.Hits.Select(h => h.OriginalRank!.Value));
        Assert.Equal(95.0, result.Hits[0].RetrievalScore);
        Assert.Equal(2, result.Trace.Windows.Count);
        Assert.Equal(["d3", "d4", "d5"], result.Trace.Windows[0].DocIds);
        Assert.Equal("the last one", result.Trace.Windows[0].Think);
        Assert.Same(result.Trace, result.Hits[3].Trace);
    }

    [Fact]
    public async Task The_prompt_shows_each_window_the_order_the_previous_window_left()
    {
        var model = new LastFirst();
        await new ListwiseReranker(model, new RerankOptions { WindowSize = 3, Step = 2 }).RerankAsync(Candidates("q", 5));

        var second = model.Requests[1].Messages.Where(m => m.Role == "user" && m.Content.StartsWith('[')).Select(m => m.Content);
        Assert.Equal(["[1] passage 1", "[2] passage 2", "[3] passage 5"], second);
    }

    [Fact]
    public async Task Garbage_answers_keep_the_order_and_are_marked()
    {
        var result = await new ListwiseReranker(new LastFirst("no idea"), new RerankOptions()).RerankAsync(Candidates("q", 30));

        Assert.Equal(Enumerable.Range(1, 30).Select(r => $"d{r}"), result.Hits.Select(h => h.DocId));
        Assert.All(result.Trace.Windows, w => Assert.False(w.AnswerComplete || w.FormatValid));
    }

    [Fact]
    public async Task Tied_slot_scores_are_made_strictly_decreasing()
    {
        var tied = new QueryCandidates("q", "query", Enumerable.Range(1, 3).Select(r => new RankedHit { QueryId = "q", DocId = $"d{r}", Rank = r, Score = 5 }).ToList());

        var result = await new ListwiseReranker(new LastFirst(), new RerankOptions()).RerankAsync(tied);

        Assert.True(result.Hits[0].Score > result.Hits[1].Score && result.Hits[1].Score > result.Hits[2].Score);
    }

    [Fact]
    public async Task Many_queries_are_in_flight_at_once_and_all_come_back()
    {
        var model = new LastFirst();
        var reranker = new ListwiseReranker(model, new RerankOptions { MaxConcurrentQueries = 4 });

        var results = new List<RerankOutcome>();
        await foreach (var done in reranker.RerankAllAsync(Enumerable.Range(0, 10).Select(i => Candidates($"q{i}", 30)).ToAsyncEnumerable()))
            results.Add(done);

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(10, results.Select(r => r.Result!.QueryId).Distinct().Count());
        Assert.Equal(4, model.MaxInFlight);
        Assert.Equal(20, model.Requests.Count);
    }
}
