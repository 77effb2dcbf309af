using System.Globalization;
using System.Text.Json;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Suites;

namespace Rearank.Core.Tests.Suites;

/// <summary>
/// A suite over a first stage with tied scores: its reranked figure is the one REARANK computes (slot scores, tied
/// slots re-sorted by docid) and beside it the figure of the order as reranked, both checked against a computation
/// written here from the files alone.
/// </summary>
public sealed class SuiteFigureTests : IDisposable
{
    private readonly TempDirectory temp = new();

    /// <summary>Answers every window with its passages in reverse, so the reranked order is known without the module.</summary>
    private sealed class Reverser : IWindowRanker
    {
        public string Description => "reverser";

        public Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
        {
            var answer = string.Join(" > ", Enumerable.Range(1, request.PassageCount).Reverse().Select(i => $"[{i}]"));
            return Task.FromResult(new WindowCompletion($"<think>t</think>\n<answer>{answer}</answer>", 1, 1, TimeSpan.Zero, WindowStop.EndOfTurn));
        }
    }

    private sealed record Candidate(string DocId, double Score);

    [Fact]
    public void On_tied_scores_the_suite_reports_rearanks_figure_and_the_reranked_orders_both_as_computed_independently()
    {
        var random = new Random(7);
        var queries = new Dictionary<string, List<Candidate>>();
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        for (var q = 1; q <= 8; q++)
        {
            var qid = $"q{q}";
            // BRIGHT-like: few distinct scores, so most slots tie; docids whose order is not the list's.
            var scores = Enumerable.Range(0, 25).Select(_ => (double)random.Next(1, 5)).OrderDescending().ToList();
            queries[qid] = scores.Select(s => new Candidate($"d{random.Next(100000):D5}", s)).DistinctBy(c => c.DocId).ToList();
            qrels[qid] = queries[qid].Where(_ => random.Next(3) == 0).ToDictionary(c => c.DocId, _ => random.Next(1, 3));
            qrels[qid]["unretrieved" + q] = 1;
        }
        var root = temp.PathOf("root");
        Directory.CreateDirectory(Path.Combine(root, "dl19"));
        File.WriteAllText(Path.Combine(root, "dl19", "retrieve_results_dl19.json"), JsonSerializer.Serialize(queries.Select(q => new
        {
            query = "query " + q.Key,
            hits = q.Value.Select((c, i) => new { qid = q.Key, docid = c.DocId, rank = i + 1, score = c.Score, content = "passage " + c.DocId }),
        })));
        File.WriteAllLines(Path.Combine(root, "dl19", "qrels.dl19-passage.txt"), qrels.SelectMany(q => q.Value.Select(j => $"{q.Key} 0 {j.Key} {j.Value}")));
        var output = temp.PathOf("out");

        var events = new SuiteRunner(new Reverser(), new SuiteOptions { Suite = "standard", Datasets = ["dl19"], Root = root, OutputDirectory = output })
            .Run(CancellationToken.None).ToList();

        var result = Assert.Single(events.OfType<DatasetFinished>()).Result;
        // The order as reranked: each window reversed, back to front.
        var reranked = queries.ToDictionary(q => q.Key, q => Reranked(q.Value));
        var asOrdered = reranked.ToDictionary(q => q.Key, q => q.Value.Select((c, i) => (c.DocId, Score: (double)(1000 - i))).ToList());
        var asUpstream = reranked.ToDictionary(q => q.Key, q => q.Value.Select((c, i) => (c.DocId, queries[q.Key][i].Score)).ToList());
        foreach (var k in new[] { 1, 5, 10 })
        {
            Assert.Equal(MeanNdcg(asUpstream, qrels, k), Figure(result, "RerankNdcg", k));
            Assert.Equal(MeanNdcg(asOrdered, qrels, k), Figure(result, "RerankedOrderNdcg", k));
        }
        Assert.NotEqual(result.RerankNdcg10, result.RerankedOrderNdcg10);   // the fixture's ties matter
        var bm25 = queries.ToDictionary(q => q.Key, q => q.Value.Select(c => (c.DocId, c.Score)).ToList());
        Assert.Equal(MeanNdcg(bm25, qrels, 10), result.Bm25Ndcg10);

        // The files the figures are trec_eval's of: the module's run keeps the order, upstream's keeps the slot scores.
        var upstreamRun = File.ReadAllLines(Path.Combine(output, "dl19", "run.rearank.upstream.trec")).Select(l => l.Split(' ')).ToList();
        Assert.Equal(asUpstream.SelectMany(q => q.Value.Select(h => $"{q.Key} {h.DocId} {h.Score.ToString("R", CultureInfo.InvariantCulture)}")),
            upstreamRun.Select(f => $"{f[0]} {f[2]} {f[4]}"));
        var moduleRun = File.ReadAllLines(Path.Combine(output, "dl19", "run.rearank.trec")).Select(l => l.Split(' ')).ToList();
        Assert.Equal(asOrdered.SelectMany(q => q.Value.Select(h => $"{q.Key} {h.DocId}")), moduleRun.Select(f => $"{f[0]} {f[2]}"));
        Assert.All(moduleRun.GroupBy(f => f[0]), g => Assert.True(g.Select(f => double.Parse(f[4], CultureInfo.InvariantCulture)).Zip(g.Skip(1).Select(f => double.Parse(f[4], CultureInfo.InvariantCulture))).All(p => p.First > p.Second)));

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "dl19", SuiteRunner.ResultFile))).RootElement;
        Assert.Equal(result.RerankedOrderNdcg10, json.GetProperty("RerankedOrderNdcg10").GetDouble());
        var csv = File.ReadAllLines(Path.Combine(output, "results.standard.csv"));
        var header = csv[0].Split(',');
        Assert.Equal(result.RerankedOrderNdcg10!.Value.ToString("F2", CultureInfo.InvariantCulture), csv[1].Split(',')[Array.IndexOf(header, "RerankedOrderNdcg10")]);
    }

    /// <summary>Back to front, as rank_llm clamps it: the window [5, 25) reversed, then [0, 15).</summary>
    private static List<Candidate> Reranked(List<Candidate> hits)
    {
        var order = hits.ToList();
        for (var end = order.Count; ; end -= 10)
        {
            var start = Math.Max(0, end - 20);
            order.Reverse(start, end - start);
            if (start == 0) return order;
        }
    }

    private static double Figure(DatasetResult result, string prefix, int k) =>
        (double)typeof(DatasetResult).GetProperty(prefix + k)!.GetValue(result)!;

    /// <summary>trec_eval's ndcg_cut.k: sort by score descending then docid descending, gain = grade, ideal from every judged grade; ×100, 2 decimals.</summary>
    private static double MeanNdcg(Dictionary<string, List<(string DocId, double Score)>> run, Dictionary<string, Dictionary<string, int>> qrels, int k)
    {
        var values = run.Select(q =>
        {
            var grades = qrels[q.Key];
            var sorted = q.Value.OrderByDescending(h => h.Score).ThenByDescending(h => h.DocId, StringComparer.Ordinal).Take(k)
                .Select(h => grades.GetValueOrDefault(h.DocId)).ToList();
            var ideal = grades.Values.Where(g => g > 0).OrderDescending().Take(k).ToList();
            double Dcg(List<int> g) => g.Select((x, i) => x / Math.Log2(i + 2)).Sum();
            return Dcg(sorted) / Dcg(ideal);
        });
        return Math.Round(values.Average() * 100, 2, MidpointRounding.AwayFromZero);
    }

    public void Dispose() => temp.Dispose();
}
