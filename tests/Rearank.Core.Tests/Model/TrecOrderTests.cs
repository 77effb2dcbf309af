using Rearank.Core.Evaluation;
using Rearank.Core.Model;
using Rearank.Core.Retrieval;
using Rearank.Core.Training;

namespace Rearank.Core.Tests.Model;

/// <summary>
/// trec_eval breaks score ties by docid descending in its bytes (strcmp over UTF-8). For ids above U+D7FF that is
/// not .NET's ordinal (UTF-16) order: U+FF21 (bytes EF BC A1) sorts before U+1F600 (F0 9F 98 80) in bytes, after its
/// surrogate pair (D83D DE00) in UTF-16. Every place that ranks as trec_eval will read the result uses one order.
/// </summary>
public sealed class TrecOrderTests
{
    private const string FullWidthA = "\uFF21";
    private const string Emoji = "\U0001F600";

    [Fact]
    public void Ties_are_broken_by_utf8_bytes_descending_not_by_utf16()
    {
        Assert.True(string.CompareOrdinal(FullWidthA, Emoji) > 0);   // UTF-16 would put U+FF21 last
        Assert.True(TrecOrder.Ids.Compare(FullWidthA, Emoji) < 0);
        Assert.True(TrecOrder.Compare(1.0, Emoji, 1.0, FullWidthA) < 0);   // descending: the larger bytes first
        Assert.True(TrecOrder.Compare(2.0, FullWidthA, 1.0, Emoji) < 0);   // the score first
    }

    [Fact]
    public void Bm25s_final_order_is_trec_evals_for_ids_above_the_basic_plane()
    {
        // At 100, lowering a tie's later members by 1e-6 leaves the float unchanged, so trec_eval breaks the tie.
        var ranked = TieBreaking.Apply([new TieBreaking.Scored(FullWidthA, 100f, 1), new TieBreaking.Scored(Emoji, 100f, 2), new TieBreaking.Scored("a", 100f, 3)]);

        Assert.All(ranked, h => Assert.Equal(100f, h.Score));
        Assert.Equal([Emoji, FullWidthA, "a"], ranked.Select(h => h.DocId));
    }

    [Fact]
    public void The_rewards_slots_follow_trec_evals_tie_order()
    {
        // Two slots with one score: trec_eval reads the emoji's slot first, so its grade comes first.
        var grades = RearankReward.Evaluated([0, 1], [1, 0], [FullWidthA, Emoji], [3.0, 3.0]);

        Assert.Equal([0, 1], grades);
    }

    [Fact]
    public void Queries_are_evaluated_and_listed_in_trec_evals_byte_order()
    {
        var qrels = Qrels.From([new Judgment(Emoji, "d", 1), new Judgment(FullWidthA, "d", 1), new Judgment("q", "d", 1)]);
        var run = RunRankings.FromHits(new[] { Emoji, FullWidthA, "q" }.Select(q => new RankedHit { QueryId = q, DocId = "d", Rank = 1, Score = 1 }))[0];

        var result = TrecEvaluator.Evaluate(qrels, run, MeasureCatalog.Parse(["P.5"]));

        Assert.Equal(["q", FullWidthA, Emoji], qrels.QueryIds);
        Assert.Equal(["q", FullWidthA, Emoji], result.PerQuery.Select(q => q.QueryId));
    }
}
