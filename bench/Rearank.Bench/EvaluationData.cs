using System.Globalization;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.Bench;

/// <summary>
/// Writes the evaluation benchmark's inputs: a run of 1,000 queries x 1,000 hits and 100 graded judgments per
/// query (100,000), a third of them on documents the run retrieved, so every measure has work to do.
/// </summary>
internal static class EvaluationData
{
    public static (string Run, string Qrels) Write(string directory, int queries = 1000, int depth = 1000, int judgedPerQuery = 100)
    {
        var random = new Random(20261127);
        var runPath = Path.Combine(directory, "eval.run.txt");
        var qrelsPath = Path.Combine(directory, "eval.qrels.txt");
        using var run = new TrecRunWriter(TextFile.CreateText(runPath), "bench");
        using var qrels = new QrelsWriter(TextFile.CreateText(qrelsPath), QrelsFormat.Trec);
        for (var q = 0; q < queries; q++)
        {
            var queryId = (1000 + q).ToString(CultureInfo.InvariantCulture);
            var docs = new HashSet<int>();
            while (docs.Count < depth) docs.Add(random.Next(10_000_000));
            var ranked = docs.ToArray();
            for (var r = 0; r < depth; r++)
                run.Write(new RankedHit { QueryId = queryId, DocId = "D" + ranked[r].ToString(CultureInfo.InvariantCulture), Rank = r + 1, Score = 50.0 - r * 0.037 });
            var judged = new HashSet<int>();
            while (judged.Count < judgedPerQuery)
                judged.Add(judged.Count % 3 == 0 ? ranked[random.Next(depth)] : random.Next(10_000_000));
            foreach (var doc in judged)
                qrels.Write(new Judgment(queryId, "D" + doc.ToString(CultureInfo.InvariantCulture), random.Next(4)));
        }
        return (runPath, qrelsPath);
    }
}
