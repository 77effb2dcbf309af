using System.Text.Json.Nodes;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Reranking.RankLlm;

namespace Rearank.Core.Tests.Reranking;

/// <summary>
/// Answers and first-token log-probabilities read as rank_llm reads them: Golden/rank_llm/answers.json holds what
/// rank_llm's receive_permutation and _evaluate_logits made of each (tools/rank_llm_answer_goldens.py, commit 1b3cabbc).
/// </summary>
public sealed class RankLlmAnswerTests
{
    private static readonly JsonObject Golden = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reranking", "Golden", "rank_llm", "answers.json")))!.AsObject();

    public static TheoryData<int> AnswerCases() => new(Enumerable.Range(0, Golden["answers"]!.AsArray().Count));

    public static TheoryData<int> FirstTokenCases() => new(Enumerable.Range(0, Golden["first_token"]!.AsArray().Count));

    [Theory]
    [MemberData(nameof(AnswerCases))]
    public void An_answer_gives_rank_llms_order(int index)
    {
        var c = Golden["answers"]![index]!;
        var parsed = RankLlmResponse.Parse(c["answer"]!.GetValue<string>(), c["count"]!.GetValue<int>(), c["use_alpha"]!.GetValue<bool>());
        Assert.Equal(c["order"]!.AsArray().Select(n => n!.GetValue<int>()), parsed.Permutation);
    }

    [Theory]
    [MemberData(nameof(FirstTokenCases))]
    public void First_token_log_probabilities_give_rank_llms_order_ties_included(int index)
    {
        var c = Golden["first_token"]![index]!;
        var tokens = c["tokens"]!.AsArray().Select(t => new TokenLogprob(t![0]!.GetValue<string>(), t[1]!.GetValue<double>())).ToList();
        var (permutation, _, answer) = FirstTokenRanking.Rank(tokens, c["count"]!.GetValue<int>(), c["use_alpha"]!.GetValue<bool>());
        Assert.Equal(c["order"]!.AsArray().Select(n => n!.GetValue<int>()), permutation);
        Assert.Equal(c["answer"]!.GetValue<string>(), answer);
    }

    [Fact]
    public void A_complete_answer_is_complete_and_a_partial_one_is_not()
    {
        Assert.True(RankLlmResponse.Parse("[2] > [1] > [3]", 3, false).Complete);
        Assert.False(RankLlmResponse.Parse("[2] > [1]", 3, false).Complete);
        Assert.Equal("reasoning ", RankLlmResponse.Parse("reasoning </think> [1]", 1, false).Think);
    }

    [Fact]
    public void Pointwise_scores_are_yes_against_no_over_their_spellings()
    {
        var score = PointwiseRelevance.Score([new(" yes", Math.Log(0.6)), new("No", Math.Log(0.2)), new("YES", Math.Log(0.1)), new("maybe", Math.Log(0.1))]);
        Assert.Equal(0.7 / 0.9, score, 12);
        Assert.Equal(0, PointwiseRelevance.Score([new("maybe", 0)]));
        Assert.Equal([1, 0, 2], PointwiseRelevance.Order([0.5, 0.9, 0.5]));
    }
}
