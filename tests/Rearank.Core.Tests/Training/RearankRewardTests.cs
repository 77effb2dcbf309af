using Rearank.Core.Evaluation;
using Rearank.Core.Model;
using Rearank.Core.Training;

namespace Rearank.Core.Tests.Training;

/// <summary>
/// Hand-worked cases for every branch of the reward (protocol §6). Candidates a, b, c are graded 0, 1 and 2, so the
/// ideal DCG@10 is 2/log2(2) + 1/log2(3) = 2.63093; given as [b, c, a] their nDCG@10 is 2.26186/2.63093 = 0.85972.
/// </summary>
public sealed class RearankRewardTests
{
    private static readonly QueryJudgments Judged = Qrels.From([new Judgment("q", "a", 0), new Judgment("q", "b", 1), new Judgment("q", "c", 2)]).For("q")!;
    private static readonly string[] Given = ["b", "c", "a"];

    [Fact]
    public void A_perfect_well_formed_answer_earns_the_full_reward()
    {
        var result = RearankReward.Compute("<think>c names it</think>\n<answer>[2] > [1] > [3]</answer>", Given, Judged);

        Assert.Equal((0.85972, 1.0, 1.0), (result.InitialNdcg, result.RerankedNdcg, result.BestNdcg));
        Assert.Equal(1.0, result.NdcgGain, 12);
        Assert.True(result.FormatOk && result.RankingFormatOk);
        Assert.Equal(1.0, result.Reward, 12);
    }

    [Fact]
    public void A_worse_order_gives_a_negative_gain()
    {
        // [a, b, c]: 1.63093 / 2.63093 = 0.61991; gain (0.61991 - 0.85972) / (1 - 0.85972) = -1.70951.
        var result = RearankReward.Compute("<think>x</think><answer>[3] > [1] > [2]</answer>", Given, Judged);

        Assert.Equal(0.61991, result.RerankedNdcg);
        Assert.Equal((0.61991 - 0.85972) / (1 - 0.85972), result.NdcgGain, 12);
        Assert.Equal(0.8 * result.NdcgGain + 0.2, result.Reward, 12);
    }

    [Theory]
    [InlineData(" <think>x</think><answer>[2] > [1] > [3]</answer>", false, true, 0.9)]   // something before <think>
    [InlineData("<think>x</think><answer>[2] > [1] > [3]</answer>\n", false, true, 0.9)]  // something after </answer>
    [InlineData("[2] > [1] > [3]", false, false, 0.8)]                                    // no tags: the whole response is parsed
    [InlineData("<think>[3] first</think><answer>none of them</answer>", true, false, 0.1)] // no ranking in the answer: order kept, gain 0
    [InlineData("", false, false, 0.0)]
    public void Format_checks_and_the_whole_response_fallback(string response, bool format, bool ranking, double reward)
    {
        var result = RearankReward.Compute(response, Given, Judged);

        Assert.Equal((format, ranking), (result.FormatOk, result.RankingFormatOk));
        Assert.Equal(reward, result.Reward, 12);
    }

    [Fact]
    public void No_room_to_improve_gives_no_gain()
    {
        var noneRelevant = Qrels.From([new Judgment("q", "a", 0)]).For("q");

        Assert.Equal(0.0, RearankReward.Compute("<answer>[3] > [2] > [1]</answer>", Given, noneRelevant).NdcgGain);
        Assert.Equal(0.0, RearankReward.Compute("<answer>[3] > [2] > [1]</answer>", Given, null).NdcgGain);
    }

    [Fact]
    public void The_ideal_comes_from_every_judged_document_so_missing_ones_keep_nDCG_below_one()
    {
        var wider = Qrels.From([new Judgment("q", "a", 0), new Judgment("q", "b", 1), new Judgment("q", "c", 2), new Judgment("q", "z", 2)]).For("q");

        var result = RearankReward.Compute("<answer>[2] > [1] > [3]</answer>", Given, wider);

        Assert.True(result.BestNdcg < 1.0);
        Assert.Equal(result.BestNdcg, result.RerankedNdcg);
        Assert.Equal(1.0, result.NdcgGain, 12);
    }

    [Fact]
    public void A_digit_int_refuses_anywhere_in_the_parsed_text_zeroes_the_gain_but_not_the_format_terms()
    {
        var result = RearankReward.Compute("<think>x</think><answer>[2] > [1] > [3]²</answer>", Given, Judged);

        Assert.Equal(0.0, result.NdcgGain);
        Assert.True(result.FormatOk && result.RankingFormatOk);
        Assert.Equal(0.2, result.Reward, 12);
        // Without an answer block the whole response is parsed, reasoning included.
        Assert.Equal(0.0, RearankReward.Compute("① is weak. [2] > [1] > [3]", Given, Judged).NdcgGain);
        // Decimal digits of other scripts are read as numbers.
        Assert.Equal(1.0, RearankReward.Compute("<think>x</think><answer>[٢] > [١] > [٣]</answer>", Given, Judged).Reward, 12);
    }

    [Fact]
    public void Python_whitespace_between_think_and_answer_keeps_the_format()
    {
        Assert.True(RearankReward.Compute("<think>x</think>\u001e<answer>[2] > [1] > [3]</answer>", Given, Judged).FormatOk);
    }

    [Fact]
    public void Slots_keep_their_scores_so_tied_scores_fall_back_to_trec_evals_order()
    {
        // Every candidate scores 5: trec_eval orders ties by docid descending (c, b, a) whatever the answer.
        double[] tied = [5, 5, 5];
        var perfect = RearankReward.Compute("<think>x</think><answer>[2] > [1] > [3]</answer>", Given, Judged, tied);
        Assert.Equal((1.0, 1.0, 1.0), (perfect.InitialNdcg, perfect.RerankedNdcg, perfect.BestNdcg));
        Assert.Equal(0.0, perfect.NdcgGain);
        Assert.Equal(0.2, perfect.Reward, 12);

        // Two tied at the top: slots 1 and 2 (scores 9, 9) are read docid-descending, slot 3 (score 1) last.
        // Answer [3] > [1] > [2] puts a, b, c into the slots; trec_eval reads b, a, c: 1/1 + 0 + 2/2 = 2.0.
        double[] topTie = [9, 9, 1];
        var result = RearankReward.Compute("<think>x</think><answer>[3] > [1] > [2]</answer>", Given, Judged, topTie);
        Assert.Equal(Math.Round(2.0 / 2.63093, 5), result.RerankedNdcg, 5);
        // Given [b, c, a] is read as c, b, a: 2 + 1/log2(3) = 2.63093, already ideal.
        Assert.Equal(1.0, result.InitialNdcg);
    }

    [Fact]
    public void Strictly_decreasing_scores_give_the_same_reward_as_positions()
    {
        const string response = "<think>x</think><answer>[3] > [1] > [2]</answer>";
        Assert.Equal(RearankReward.Compute(response, Given, Judged).Reward, RearankReward.Compute(response, Given, Judged, [3, 2, 1]).Reward, 12);
    }

    [Fact]
    public void The_ideal_treats_unjudged_as_grade_0_in_first_stage_order_so_mixed_tie_groups_never_put_it_below_the_start()
    {
        // a is unjudged, b relevant, c judged irrelevant; the first two slots tie (5, 5), and trec_eval reads a tie by
        // docid descending. Given [a, b, c], it reads b first: nDCG@10 1.
        var judged = Qrels.From([new Judgment("q", "b", 1), new Judgment("q", "c", 0)]).For("q")!;
        string[] given = ["a", "b", "c"];
        double[] scores = [5, 5, 4];

        // The answer [c, b, a] puts c and b into the tied slots, read c first: 1/log2(3) = 0.63093, worse than the start.
        var worse = RearankReward.Compute("<think>x</think><answer>[3] > [2] > [1]</answer>", given, judged, scores);

        // Sorting unjudged below judged-irrelevant made the ideal [b, c, a], read c first: a "best" of 0.63093 below the
        // start, which gave this worse answer a gain of 1. The grade-stable ideal [b, a, c] reads b first: the start.
        Assert.Equal((1.0, 0.63093, 1.0), (worse.InitialNdcg, worse.RerankedNdcg, worse.BestNdcg));
        Assert.Equal(0.0, worse.NdcgGain);
        Assert.Equal(0.2, worse.Reward, 12);
    }

    [Fact]
    public void Astral_digits_are_pythons_digits_in_the_ranking_format_and_the_permutation()
    {
        // U+1D7D0 and U+1D7CF are MATHEMATICAL BOLD DIGIT TWO and ONE: Python's \d matches them and int() reads them.
        var result = RearankReward.Compute("<think>x</think><answer>[\U0001D7D0] > [\U0001D7CF] > [3]</answer>", Given, Judged);

        Assert.True(result.RankingFormatOk);
        Assert.Equal([1, 0, 2], result.Permutation);
        Assert.Equal(1.0, result.Reward, 12);
        Assert.True(Rearank.Core.Reranking.AnswerParser.HasRankingList("<answer>[\U0001D7CF]</answer>"));
    }
}
