using System.Text.Json;
using System.Text.Json.Serialization;
using Rearank.Core.Evaluation;
using Rearank.Core.Model;

namespace Rearank.Core.Reporting;

/// <summary>
/// The per-query part of a report as data the page's script draws from: each query's values per run and measure,
/// and per run its shown hits (passage, judgment, where it came from) and windows (reasoning, answer, what moved).
/// Kept as data rather than markup so a thousand queries load as one compact blob and only the page on screen is built.
/// </summary>
internal static class ReportData
{
    private const int PassageCharacters = 400;

    public sealed record Data(string[] Runs, string[] Measures, QueryData[] Queries);

    /// <summary>V[run][measure] (null where the run has no value); H[run] the shown hits; W[run] the windows.</summary>
    public sealed record QueryData(string Id, string Text, double?[][] V, HitData[][] H, WindowData[][] W);

    /// <summary>Rank, docid, grade (null: unjudged), first-stage rank, title, passage, and the last window that moved it (-1: none).</summary>
    public sealed record HitData(int R, string D, int? G, int? O, string T, string P, int W);

    /// <summary>Window [S,E), its answer, its reasoning, and the moves it made (docid, place before, place after; 1-based).</summary>
    public sealed record WindowData(int S, int E, string A, string Think, string? Failure, object[][] M);

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Build(IReadOnlyList<HitRun> runs, IReadOnlyList<EvaluationResult> results, Qrels qrels, ReportSettings settings)
    {
        var byRun = runs.Select(r => r.ByQuery()).ToList();
        var rows = results.Select(r => r.PerQuery.ToDictionary(q => q.QueryId, q => q.Values, StringComparer.Ordinal)).ToList();
        var queries = results[0].PerQuery.Select(q => q.QueryId).ToList();
        var shown = results[0].PerQueryNames.ToHashSet(StringComparer.Ordinal);
        var data = new Data(runs.Select(r => r.Name).ToArray(), results[0].PerQueryNames.ToArray(), queries.Select(queryId =>
        {
            var judgments = qrels.For(queryId);
            var queryHits = byRun.Select(r => r.GetValueOrDefault(queryId) ?? []).ToList();
            var values = results.Select((result, run) => result.Names.Select((n, i) => (n, i)).Where(p => shown.Contains(p.n))
                .Select(p => rows[run].TryGetValue(queryId, out var v) ? v[p.i] : (double?)null).ToArray()).ToArray();
            var hits = new HitData[runs.Count][];
            var windows = new WindowData[runs.Count][];
            for (var run = 0; run < runs.Count; run++)
            {
                var ordered = queryHits[run].OrderBy(h => h.Rank).ToList();
                var trace = ordered.FirstOrDefault(h => h.Trace is not null)?.Trace;
                var (windowData, lastMove) = Windows(trace);
                windows[run] = windowData;
                hits[run] = ordered.Take(settings.ShownHits).Select(h => Hit(h, judgments, settings, lastMove)).ToArray();
            }
            return new QueryData(queryId, QueryText(queryId, queryHits, settings), values, hits, windows);
        }).ToArray());
        // The default encoder escapes '<', '>' and '&', so no passage can close the script element it sits in.
        return JsonSerializer.Serialize(data, Json);
    }

    private static string QueryText(string queryId, List<List<RankedHit>> hits, ReportSettings settings) =>
        hits.SelectMany(h => h).Select(h => h.QueryText ?? h.Trace?.QueryText).FirstOrDefault(t => !string.IsNullOrEmpty(t))
        ?? settings.QueryTexts.GetValueOrDefault(queryId) ?? "";

    private static HitData Hit(RankedHit hit, QueryJudgments? judgments, ReportSettings settings, Dictionary<string, int> lastMove)
    {
        var document = string.IsNullOrEmpty(hit.Text) ? settings.Passages.GetValueOrDefault(hit.DocId) : null;
        var title = document?.Title ?? hit.Title ?? "";
        var text = document?.Text ?? hit.Text ?? "";
        int? grade = judgments is not null && judgments.TryGetGrade(hit.DocId, out var g) ? g : null;
        return new HitData(hit.Rank, hit.DocId, grade, hit.OriginalRank, Shorten(title, 120), Shorten(text, PassageCharacters), lastMove.GetValueOrDefault(hit.DocId, -1));
    }

    /// <summary>The windows in the order they ran, with what each moved, and for each document the last window that moved it.</summary>
    private static (WindowData[] Windows, Dictionary<string, int> LastMove) Windows(RerankTrace? trace)
    {
        var lastMove = new Dictionary<string, int>(StringComparer.Ordinal);
        if (trace is null) return ([], lastMove);
        var windows = new WindowData[trace.Windows.Count];
        for (var w = 0; w < trace.Windows.Count; w++)
        {
            var window = trace.Windows[w];
            var moves = new List<object[]>();
            // Permutation[i] is the window position whose document the answer put at position i.
            for (var i = 0; i < window.Permutation.Count && i < window.DocIds.Count; i++)
            {
                var from = window.Permutation[i];
                if (from == i || from < 0 || from >= window.DocIds.Count) continue;
                var docId = window.DocIds[from];
                moves.Add([docId, window.Start + from + 1, window.Start + i + 1]);
                lastMove[docId] = w;
            }
            windows[w] = new WindowData(window.Start, window.End, window.Answer, window.Think ?? Scores(window) ?? window.RawOutput, window.Failure, moves.ToArray());
        }
        return (windows, lastMove);
    }

    /// <summary>
    /// What FIRST and pointwise windows have in place of a reasoning: each passage's score (its identifier's
    /// first-token log-probability, or its probability of "yes"), in window order.
    /// </summary>
    private static string? Scores(WindowTrace window) => window.IdentifierScores is not { } scores ? null
        : "Scores by passage, in window order (FIRST: the identifier's first-token log-probability; pointwise: P(yes)):\n" + string.Join("\n",
            scores.Select((score, i) => $"{(i < window.DocIds.Count ? window.DocIds[i] : "?")}: {(score is { } v ? v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture) : "not among the likeliest tokens")}"));

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";
}
