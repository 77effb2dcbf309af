using System.Text.RegularExpressions;
using Rearank.Core.Inference;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Reranking.RankLlm;
using Rearank.Core.TestModels;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Reranking;

/// <summary>FIRST and pointwise reranking end to end: scripted models (test doubles and real GGUFs) give known orders.</summary>
public sealed partial class FirstTokenAndPointwiseTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static QueryCandidates Candidates(params int[] relevance) =>
        new("q", "query", relevance.Select((r, i) => new RankedHit
        {
            QueryId = "q", DocId = $"d{i + 1}", Rank = i + 1, Score = 100 - i, Title = "", Text = $"passage relevance {r}",
        }).ToList());

    [GeneratedRegex(@"\[(\w)\] passage relevance (\d+)")]
    private static partial Regex Passage();

    /// <summary>
    /// A model whose first answer token gives each passage's identifier the log-probability -1/relevance (relevance 0:
    /// not listed), likeliest first and equal ones in identifier order; or, pointwise, P(yes) = relevance / 10.
    /// </summary>
    private sealed class RelevanceModel : IWindowRanker
    {
        public readonly List<WindowRequest> Requests = [];
        public int FailPassage = -1;

        public string Description => "relevance test model";

        public Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request);
            Assert.NotNull(request.TopLogprobs);
            var content = string.Join("\n", request.Messages.Select(m => m.Content));
            List<TokenLogprob> top;
            if (request.AnswerPrefix == "[")
                top = Passage().Matches(content).Select(m => (Id: m.Groups[1].Value, R: int.Parse(m.Groups[2].Value)))
                    .Where(p => p.R > 0).OrderByDescending(p => -1.0 / p.R).Select(p => new TokenLogprob(p.Id, -1.0 / p.R)).ToList();
            else
            {
                var relevance = int.Parse(Regex.Match(content, @"passage relevance (\d+)").Groups[1].Value);
                if (relevance == FailPassage) return Task.FromResult(new WindowCompletion("", 0, 0, TimeSpan.Zero, WindowStop.Failed) { Failure = "scripted failure" });
                var yes = relevance / 10.0;
                top = [new(" yes", Math.Log(Math.Max(yes, 1e-9))), new("No", Math.Log(Math.Max(1 - yes, 1e-9)))];
            }
            return Task.FromResult(new WindowCompletion(top.FirstOrDefault()?.Token ?? "", 50, 1, TimeSpan.Zero, WindowStop.MaxNewTokens) { TopLogprobs = top });
        }
    }

    private static RerankOptions First(string template = "rank_zephyr_alpha", int window = 20) => new()
    {
        Template = new RankLlmPrompt(RankLlmTemplate.Bundled(template)), Method = RerankMethod.FirstToken, WindowSize = window, Step = 10,
    };

    [Fact]
    public async Task First_orders_a_window_by_identifier_log_probability_ties_and_unlisted_in_window_order()
    {
        var model = new RelevanceModel();
        var result = await new ListwiseReranker(model, First()).RerankAsync(Candidates(2, 5, 0, 5, 9, 1));

        Assert.Equal(["d5", "d2", "d4", "d1", "d6", "d3"], result.Hits.Select(h => h.DocId));
        var request = Assert.Single(model.Requests);
        Assert.Equal((1, "["), (request.MaxNewTokens, request.AnswerPrefix));
        var window = Assert.Single(result.Trace.Windows);
        Assert.Equal("[E]>[B]>[D]>[A]>[F]", window.Answer);
        Assert.Null(window.Think);
        Assert.Equal([-0.5, -0.2, null, -0.2, -1.0 / 9, -1.0], window.IdentifierScores!);
        Assert.Equal("rank_zephyr_alpha/first", result.Trace.Template);
        Assert.Contains("first-token log-probabilities", result.Trace.Decoding);
    }

    [Fact]
    public async Task First_with_numeric_identifiers_reads_one_to_nine_and_slides_its_windows()
    {
        var model = new RelevanceModel();
        var result = await new ListwiseReranker(model, First("rank_zephyr", window: 3) with { Step = 2 }).RerankAsync(Candidates(1, 2, 3, 4, 5));

        Assert.Equal(["[2,5)", "[0,3)"], model.Requests.Select(r => r.Window.ToString()));
        // [2,5) sorts d3..d5; [0,3) then sees d1, d2, d5.
        Assert.Equal(["d5", "d2", "d1", "d4", "d3"], result.Hits.Select(h => h.DocId));
    }

    [Fact]
    public async Task Pointwise_scores_every_passage_at_once_and_orders_by_yes_ties_kept()
    {
        var model = new RelevanceModel();
        var options = new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("pointwise_vllm")), Method = RerankMethod.Pointwise, Depth = 5 };
        var result = await new ListwiseReranker(model, options).RerankAsync(Candidates(3, 8, 3, 1, 9, 10));

        Assert.Equal(5, model.Requests.Count);
        Assert.All(model.Requests, r => Assert.Equal(["system", "query", "document"], r.Messages.Select(m => m.Role)));
        // d6 is beyond the depth: it keeps its place.
        Assert.Equal(["d5", "d2", "d1", "d3", "d4", "d6"], result.Hits.Select(h => h.DocId));
        var window = Assert.Single(result.Trace.Windows);
        Assert.Equal([0.3, 0.8, 0.3, 0.1, 0.9], window.IdentifierScores!.Select(s => Math.Round(s!.Value, 9)));
        Assert.Equal("pointwise_vllm/pointwise", result.Trace.Template);
    }

    [Fact]
    public async Task A_failed_pointwise_prompt_fails_the_query_which_keeps_its_order()
    {
        var model = new RelevanceModel { FailPassage = 8 };
        var options = new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("pointwise_vllm")), Method = RerankMethod.Pointwise };
        var result = await new ListwiseReranker(model, options).RerankAsync(Candidates(3, 8, 9));

        Assert.Equal(["d1", "d2", "d3"], result.Hits.Select(h => h.DocId));
        Assert.Equal(1, result.Trace.FailedWindows);
        Assert.Contains("d2", result.Trace.Windows[0].Failure);
        Assert.Null(ListwiseReranker.Replay(Candidates(3, 8, 9), result.Trace));
    }

    [Fact]
    public void A_method_the_template_cannot_serve_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RerankOptions { Method = RerankMethod.FirstToken }.Validate());
        Assert.Throws<ArgumentException>(() => new RerankOptions { Method = RerankMethod.Pointwise, Template = new RankLlmPrompt(RankLlmTemplate.Bundled("rank_zephyr")) }.Validate());
        Assert.Throws<ArgumentException>(() => new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("pointwise_vllm")) }.Validate());
        new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("rank_zephyr")) }.Validate();
    }

    [LinuxFact]
    public async Task A_local_session_reads_first_token_logits_from_a_real_gguf()
    {
        var path = temp.PathOf("first.gguf");
        NextTokenQwen2Model.Write(path, '[', new Dictionary<string, float> { ["C"] = 6, ["A"] = 4, ["D"] = 4, ["B"] = -2, ["x"] = 5 });
        using var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = path, ContextSize = 4096, MaxParallel = 2 });

        var result = await new ListwiseReranker(session, First()).RerankAsync(Candidates(0, 0, 0, 0, 0));

        // C, then x (not an identifier), A and D tied in token order; B (below the 0 of every other token) and E are
        // not among the 30 likeliest, so they follow in window order.
        Assert.Equal(["d3", "d1", "d4", "d2", "d5"], result.Hits.Select(h => h.DocId));
        var scores = result.Trace.Windows[0].IdentifierScores!;
        Assert.Equal(scores[0], scores[3]);
        Assert.Equal(2.0, scores[2]!.Value - scores[0]!.Value, 3);
        Assert.Null(scores[1]);
        Assert.Equal(1, result.Trace.Windows[0].OutputTokens);
        Assert.Equal(0, session.GenerationStepTokens);
    }

    [LinuxFact]
    public async Task A_local_session_scores_yes_against_no_for_every_passage_in_one_batch()
    {
        var path = temp.PathOf("yesno.gguf");
        NextTokenQwen2Model.Write(path, '\n', new Dictionary<string, float> { ["yes"] = 3, ["No"] = 1, ["maybe"] = 2 });
        using var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = path, ContextSize = 1024, MaxParallel = 4 });
        var options = new RerankOptions { Template = new RankLlmPrompt(RankLlmTemplate.Bundled("pointwise_vllm")), Method = RerankMethod.Pointwise };

        var result = await new ListwiseReranker(session, options).RerankAsync(Candidates(1, 2, 3, 4, 5, 6));

        // The model cannot see the passage, so every score is e^3 / (e^3 + e^1) and the order stays.
        Assert.Equal(["d1", "d2", "d3", "d4", "d5", "d6"], result.Hits.Select(h => h.DocId));
        Assert.All(result.Trace.Windows[0].IdentifierScores!, s => Assert.Equal(Math.Exp(3) / (Math.Exp(3) + Math.Exp(1)), s!.Value, 4));
        Assert.Equal(6, session.GeneratedTokens);
    }
}
