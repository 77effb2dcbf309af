using Rearank.Core.Model;
using System.Text;
using Rearank.Core.Evaluation;
using Rearank.Core.Reranking;

namespace Rearank.Core.Training;

/// <summary>How training windows are cut from first-stage candidates.</summary>
public sealed record TrainingOptions
{
    public int WindowSize { get; init; } = WindowPlan.DefaultWindow;

    /// <summary>Windows per query: the top window, then further ones half a window down each time.</summary>
    public int WindowsPerQuery { get; init; } = 1;

    /// <summary>Shuffle each window's order (a different order per window, fixed by the seed).</summary>
    public bool Shuffle { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Share of queries (never of windows) put in the validation split.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    public PromptTemplate Template { get; init; } = PromptTemplates.Rearank;

    public string DataSource { get; init; } = "rearank";
}

/// <summary>
/// Builds REARANK training windows: windows of candidates that hold at least one judged-relevant passage (the reward
/// has nothing to learn from the others), optionally several per query and shuffled, split into train and
/// validation by query so no query is in both.
/// </summary>
public static class TrainingSetBuilder
{
    public static IEnumerable<TrainingRow> Build(IEnumerable<QueryCandidates> queries, Qrels qrels, TrainingOptions options)
    {
        var index = 0;
        foreach (var query in queries)
        {
            if (qrels.For(query.QueryId) is not { } judgments) continue;
            var split = IsValidation(query.QueryId, options) ? "validation" : "train";
            var step = Math.Max(1, options.WindowSize / 2);
            for (var w = 0; w < options.WindowsPerQuery; w++)
            {
                var start = w * step;
                if (start >= query.Hits.Count) break;
                var window = query.Hits.Skip(start).Take(options.WindowSize).ToList();
                if (options.Shuffle)
                {
                    var random = new Random(HashCode(query.QueryId, options.Seed + w));
                    random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(window));
                }
                var ids = window.Select(h => h.DocId).ToList();
                var grades = ids.Select(id => judgments.TryGetGrade(id, out var g) ? g : 0).ToList();
                if (!grades.Any(g => g >= 1)) continue;
                var passages = window.Select(h => PassageText.Format(h.Title, h.Text ?? "")).ToList();
                var messages = options.Template.Messages(query.QueryText, passages);
                var scores = window.Select(h => h.Score).ToList();
                // The reward of the given order and of a perfect answer, as the trainer will see them.
                var identity = "<answer>" + string.Join(" > ", Enumerable.Range(1, ids.Count).Select(i => $"[{i}]")) + "</answer>";
                var reward = RearankReward.Compute(identity, ids, judgments, scores);
                var idealGrades = judgments.Grades.Values.Where(g => g > 0).OrderDescending().Take(10).ToList();
                yield return new TrainingRow(query.QueryId, query.QueryText, split, index++, messages, ids, grades, reward.InitialNdcg, reward.BestNdcg)
                {
                    IdealGrades = idealGrades, Scores = scores, Ranks = window.Select(h => h.Rank).ToList(), Passages = passages,
                };
            }
        }
    }

    /// <summary>A stable split: the same query lands in the same split on every machine and run with the same seed.</summary>
    public static bool IsValidation(string queryId, TrainingOptions options) =>
        (uint)HashCode(queryId, options.Seed) % 10_000 < options.ValidationFraction * 10_000;

    /// <summary>FNV-1a over the UTF-8 id and the seed: unlike string.GetHashCode, the same in every process.</summary>
    private static int HashCode(string text, int seed)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return (int)(hash & 0x7fffffff);
    }
}
