using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Reranking.RankLlm;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Inference;

/// <summary>FIRST and pointwise through a loopback OpenAI-compatible server that answers (or does not answer) logprobs.</summary>
public sealed class RemoteLogprobsTests
{
    private static QueryCandidates Candidates(params int[] relevance) =>
        new("q", "query", relevance.Select((r, i) => new RankedHit
        {
            QueryId = "q", DocId = $"d{i + 1}", Rank = i + 1, Score = 100 - i, Title = "", Text = $"passage relevance {r}",
        }).ToList());

    /// <summary>A reply whose first token's top_logprobs are given, in OpenAI's shape.</summary>
    private static ChatReply WithLogprobs(IEnumerable<(string Token, double Logprob)> top)
    {
        var list = top.ToList();
        var body = JsonNode.Parse(ChatReply.Answer(list.FirstOrDefault().Token ?? "", completionTokens: 1).Body)!;
        body["choices"]![0]!["logprobs"] = new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject
            {
                ["token"] = list.FirstOrDefault().Token ?? "", ["logprob"] = list.FirstOrDefault().Logprob,
                ["top_logprobs"] = new JsonArray(list.Select(t => (JsonNode)new JsonObject { ["token"] = t.Token, ["logprob"] = t.Logprob }).ToArray()),
            }),
        };
        return new ChatReply(200, body.ToJsonString());
    }

    /// <summary>FIRST: each identifier's log-probability is -1/relevance; pointwise: P(yes) = relevance / 10.</summary>
    private static ChatReply Score(ChatRequest request)
    {
        var content = string.Join("\n", request.Messages.Select(m => m.Content));
        if (request.Messages[^1] is ("assistant", "["))
            return WithLogprobs(Regex.Matches(content, @"\[(\w)\] passage relevance (\d+)")
                .Select(m => (m.Groups[1].Value, -1.0 / int.Parse(m.Groups[2].Value))).OrderByDescending(t => t.Item2));
        var match = Regex.Match(content, @"passage relevance (\d+)");
        var yes = match.Success ? int.Parse(match.Groups[1].Value) / 10.0 : 0.5;
        return WithLogprobs([("yes", Math.Log(yes)), (" no", Math.Log(1 - yes))]);
    }

    [Fact]
    public async Task First_asks_for_logprobs_after_an_opened_bracket_and_orders_by_them()
    {
        var bodies = new List<JsonNode>();
        using var server = new FakeChatServer(r => { lock (bodies) bodies.Add(r.Body); return Score(r); });
        using var session = new RemoteSession(new RemoteSessionOptions { Endpoints = [server.Endpoint], Model = "m", Profile = ServerProfile.Vllm });
        var options = new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("rank_zephyr_alpha")), Method = RerankMethod.FirstToken };

        var result = await new ListwiseReranker(session, options).RerankAsync(Candidates(2, 7, 4));

        Assert.Equal(["d2", "d3", "d1"], result.Hits.Select(h => h.DocId));
        var body = Assert.Single(bodies);
        Assert.True(body["logprobs"]!.GetValue<bool>());
        Assert.Equal(20, body["top_logprobs"]!.GetValue<int>());
        Assert.Equal(1, body["max_completion_tokens"]!.GetValue<int>());
        Assert.True(body["continue_final_message"]!.GetValue<bool>());
        Assert.False(body["add_generation_prompt"]!.GetValue<bool>());
        Assert.Equal([-0.5, -1.0 / 7, -0.25], result.Trace.Windows[0].IdentifierScores!);
    }

    [Fact]
    public async Task Pointwise_sends_one_request_per_passage_and_orders_by_yes()
    {
        using var server = new FakeChatServer(Score);
        using var session = new RemoteSession(new RemoteSessionOptions { Endpoints = [server.Endpoint], Model = "m", Profile = ServerProfile.LlamaCpp });
        var options = new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("pointwise_vllm")), Method = RerankMethod.Pointwise };

        var result = await new ListwiseReranker(session, options).RerankAsync(Candidates(2, 9, 4, 9));

        Assert.Equal(["d2", "d4", "d3", "d1"], result.Hits.Select(h => h.DocId));
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public void A_server_without_logprobs_is_refused_before_the_first_window()
    {
        using var server = new FakeChatServer(_ => ChatReply.Answer("yes", completionTokens: 1));
        using var session = new RemoteSession(new RemoteSessionOptions { Endpoints = [server.Endpoint], Model = "m" });
        var options = new RerankRunOptions { Rerank = new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("rank_zephyr")), Method = RerankMethod.FirstToken } };

        var error = Assert.Throws<LogprobsUnavailableException>(() => new RerankRun(session, options, CancellationToken.None));

        Assert.Contains("without log-probabilities", error.Message);
        // The one check, and no window.
        Assert.Equal(1, server.Requests);
    }
}
