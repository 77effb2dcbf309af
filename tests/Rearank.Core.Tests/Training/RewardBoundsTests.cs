using Rearank.Core.Evaluation;
using Rearank.Core.Model;
using Rearank.Core.Training;

namespace Rearank.Core.Tests.Training;

/// <summary>
/// A property of the reward over random small windows with tied slot scores, unjudged and judged-irrelevant
/// candidates mixed: the best is never below the start, and every reward is its formula's, bounded by what the best
/// and worst of all the window's orders would give.
/// </summary>
public sealed class RewardBoundsTests
{
    [Fact]
    public void Every_reward_of_random_tied_windows_stays_within_its_formulas_bounds()
    {
        var random = new Random(20261202);
        var checkedWindows = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var count = random.Next(2, 7);
            var ids = Enumerable.Range(0, count).Select(_ => $"d{random.Next(1000):D3}").Distinct().ToArray();
            count = ids.Length;
            if (count < 2) continue;
            var scores = Enumerable.Range(0, count).Select(_ => (double)random.Next(1, 4)).OrderDescending().ToArray();
            // Grades: unjudged (left out), judged 0, 1 or 2; one relevant document outside the window now and then.
            var judgments = ids.Select(id => (id, grade: random.Next(-1, 3))).Where(j => j.grade >= 0).Select(j => new Judgment("q", j.id, j.grade)).ToList();
            if (random.Next(3) == 0) judgments.Add(new Judgment("q", "elsewhere", 1));
            if (judgments.Count == 0) continue;
            var judged = Qrels.From(judgments).For("q")!;

            var orders = Permutations(Enumerable.Range(0, count).ToArray()).ToList();
            var values = orders.Select(o => RearankReward.Compute(Answer(o), ids, judged, scores).RerankedNdcg).ToList();
            var answer = orders[random.Next(orders.Count)];
            var result = RearankReward.Compute(Answer(answer), ids, judged, scores);

            Assert.True(result.BestNdcg >= result.InitialNdcg, $"best {result.BestNdcg} below the start {result.InitialNdcg}");
            if (result.BestNdcg == result.InitialNdcg)
            {
                Assert.Equal(0.0, result.NdcgGain);
            }
            else
            {
                Assert.Equal((result.RerankedNdcg - result.InitialNdcg) / (result.BestNdcg - result.InitialNdcg), result.NdcgGain, 12);
                Assert.InRange(result.NdcgGain, (values.Min() - result.InitialNdcg) / (result.BestNdcg - result.InitialNdcg) - 1e-12,
                    (values.Max() - result.InitialNdcg) / (result.BestNdcg - result.InitialNdcg) + 1e-12);
                // Without ties the ideal is the best of all orders, so no answer gains more than 1.
                if (scores.Distinct().Count() == count) Assert.InRange(result.NdcgGain, double.NegativeInfinity, 1 + 1e-12);
            }
            Assert.Equal(0.8 * result.NdcgGain + 0.2, result.Reward, 12);
            checkedWindows++;
        }
        Assert.True(checkedWindows > 300);
    }

    private static string Answer(int[] order) => "<think>x</think><answer>" + string.Join(" > ", order.Select(i => $"[{i + 1}]")) + "</answer>";

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (var i = 0; i < items.Length; i++)
            foreach (var rest in Permutations(items.Where((_, j) => j != i).ToArray()))
                yield return [items[i], .. rest];
    }
}
