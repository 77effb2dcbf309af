using System.Globalization;
using System.Net;
using System.Text;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;
using Rearank.Core.Evaluation.Measures;
using Rearank.Core.Model;

namespace Rearank.Core.Reporting;

/// <summary>One run shown in a report: its name and its hits (with traces when it was reranked).</summary>
public sealed record ReportRun(string RunTag, IReadOnlyList<RankedHit> Hits);

/// <summary>
/// A self-contained HTML report (styles and the small paging script inline, charts as inline SVG, no network):
/// the runs' measures side by side, per-query nDCG@10 changes against the first run sorted by size, the significance
/// tests, and for each query the ranking before and after with judgments and the model's reasoning per window.
/// Per-query views are paged so a thousand queries still open quickly.
/// </summary>
public static class HtmlReport
{
    private const int QueriesPerPage = 20;
    private const int ShownHits = 10;

    public static string Build(IReadOnlyList<ReportRun> runs, Qrels qrels, IReadOnlyList<string> metrics, string title, EvaluationOptions? options = null)
    {
        if (runs.Count == 0) throw new ArgumentException("A report needs at least one run.", nameof(runs));
        options ??= new EvaluationOptions();
        var measures = MeasureCatalog.Parse(metrics.Append("ndcg_cut.10"));
        var results = runs.Select(r => TrecEvaluator.Evaluate(qrels, RunRankings.FromHits(r.Hits, r.RunTag).Single(), measures, options)).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}")
            .Append("th{background:#f3f3f3}td.t{text-align:left}.win{fill:#2e7d32}.loss{fill:#c62828}.tie{fill:#9e9e9e}.query{border-top:2px solid #ddd;padding-top:1em}")
            .Append(".g2{background:#c8e6c9}.g1{background:#fff9c4}.g0{background:#ffebee}details{margin:.3em 0}pre{white-space:pre-wrap;background:#fafafa;padding:.5em}")
            .Append(".page{display:none}.page.on{display:block}</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1><p>").Append(results[0].QueryCount).Append(" queries evaluated; ")
            .Append(options.Complete ? "every judged query averaged (-c)" : "queries in both run and qrels averaged").Append(".</p>");
        Metrics(html, results);
        for (var i = 1; i < results.Count; i++)
        {
            var (summary, perQuery) = RunComparison.Compare(results[0], results[i], new ComparisonOptions { Permutations = 2000 });
            Significance(html, summary);
            Chart(html, perQuery.Where(d => d.Measure == "ndcg_cut_10").ToList(), results[0].RunTag, results[i].RunTag);
        }
        Queries(html, runs, qrels, results);
        html.Append("<script>function show(p){document.querySelectorAll('.page').forEach(e=>e.classList.toggle('on',e.dataset.page==p));}show('0');</script>");
        return html.Append("</body></html>").ToString();
    }

    private static void Metrics(StringBuilder html, IReadOnlyList<EvaluationResult> results)
    {
        html.Append("<h2>Measures</h2><table id=\"metrics\"><tr><th>run</th>");
        var names = results[0].Names.Where(n => n != "runid").ToList();
        foreach (var name in names) html.Append("<th>").Append(E(name)).Append("</th>");
        html.Append("</tr>");
        foreach (var result in results)
        {
            html.Append("<tr><td class=\"t\">").Append(E(result.RunTag)).Append("</td>");
            foreach (var name in names) html.Append("<td>").Append(F(result.ValueOf(name))).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    private static void Significance(StringBuilder html, IReadOnlyList<MeasureComparison> summary)
    {
        html.Append("<h2>").Append(E(summary[0].Run)).Append(" against ").Append(E(summary[0].BaselineRun)).Append("</h2><table class=\"significance\"><tr><th>measure</th><th>baseline</th><th>run</th><th>difference</th><th>wins/ties/losses</th><th>t-test p</th><th>randomization p</th></tr>");
        foreach (var row in summary)
            html.Append("<tr><td class=\"t\">").Append(E(row.Measure)).Append("</td><td>").Append(F(row.BaselineMean)).Append("</td><td>").Append(F(row.RunMean))
                .Append("</td><td>").Append(row.MeanDifference.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(row.Wins).Append('/').Append(row.Ties).Append('/').Append(row.Losses).Append("</td><td>").Append(F(row.TTestPAdjusted))
                .Append("</td><td>").Append(F(row.RandomizationPAdjusted)).Append("</td></tr>");
        html.Append("</table><p>p-values ").Append(summary[0].Correction).Append("-adjusted; randomization test with ").Append(summary[0].Permutations).Append(" sign flips, seed ").Append(summary[0].Seed).Append(".</p>");
    }

    /// <summary>One bar per query, sorted by the change in nDCG@10: green up, red down, grey unchanged.</summary>
    private static void Chart(StringBuilder html, List<QueryDelta> deltas, string baseline, string run)
    {
        deltas.Sort((a, b) => b.Delta.CompareTo(a.Delta));
        const int height = 200, barWidth = 6;
        var width = Math.Max(200, deltas.Count * barWidth);
        var scale = Math.Max(1e-9, deltas.Select(d => Math.Abs(d.Delta)).DefaultIfEmpty(0).Max());
        html.Append("<h3>nDCG@10 per query, ").Append(E(run)).Append(" minus ").Append(E(baseline)).Append("</h3>")
            .Append(CultureInfo.InvariantCulture, $"<svg id=\"delta-chart\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><line x1=\"0\" y1=\"{height / 2}\" x2=\"{width}\" y2=\"{height / 2}\" stroke=\"#999\"/>");
        for (var i = 0; i < deltas.Count; i++)
        {
            var d = deltas[i];
            var bar = Math.Abs(d.Delta) / scale * (height / 2 - 5);
            var y = d.Delta >= 0 ? height / 2 - bar : height / 2;
            var css = Math.Abs(d.Delta) < 5e-5 ? "tie" : d.Delta > 0 ? "win" : "loss";
            html.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{i * barWidth}\" y=\"{y:F1}\" width=\"{barWidth - 1}\" height=\"{Math.Max(1, bar):F1}\"><title>{E(d.QueryId)}: {F(d.Baseline)} → {F(d.Run)}</title></rect>");
        }
        html.Append("</svg>");
    }

    private static void Queries(StringBuilder html, IReadOnlyList<ReportRun> runs, Qrels qrels, IReadOnlyList<EvaluationResult> results)
    {
        var byRun = runs.Select(r => r.Hits.GroupBy(h => h.QueryId).ToDictionary(g => g.Key, g => g.OrderBy(h => h.Rank).ToList())).ToList();
        var queries = results[0].PerQuery.Select(q => q.QueryId).ToList();
        var pages = (queries.Count + QueriesPerPage - 1) / QueriesPerPage;
        html.Append("<h2>Queries</h2><nav>");
        for (var p = 0; p < pages; p++) html.Append(CultureInfo.InvariantCulture, $"<button onclick=\"show('{p}')\">{p + 1}</button> ");
        html.Append("</nav>");
        for (var p = 0; p < pages; p++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"page\" data-page=\"{p}\">");
            foreach (var queryId in queries.Skip(p * QueriesPerPage).Take(QueriesPerPage))
            {
                var judgments = qrels.For(queryId);
                var first = byRun[0].GetValueOrDefault(queryId);
                html.Append("<div class=\"query\"><h3>").Append(E(queryId)).Append(": ").Append(E(first?.FirstOrDefault()?.QueryText ?? "")).Append("</h3><table><tr>");
                foreach (var run in runs) html.Append("<th colspan=\"3\">").Append(E(run.RunTag)).Append("</th>");
                html.Append("</tr>");
                for (var rank = 0; rank < ShownHits; rank++)
                {
                    html.Append("<tr>");
                    foreach (var run in byRun)
                    {
                        var hit = run.GetValueOrDefault(queryId) is { } hits && rank < hits.Count ? hits[rank] : null;
                        var grade = hit is not null && judgments is not null && judgments.TryGetGrade(hit.DocId, out var g) ? g : (int?)null;
                        html.Append("<td>").Append(hit?.Rank).Append("</td><td class=\"t g").Append(grade is > 1 ? 2 : grade).Append("\" title=\"")
                            .Append(E(Shorten(hit?.Text ?? ""))).Append("\">").Append(E(hit?.DocId ?? "")).Append("</td><td>")
                            .Append(grade is null ? "–" : grade.Value.ToString(CultureInfo.InvariantCulture)).Append("</td>");
                    }
                    html.Append("</tr>");
                }
                html.Append("</table>");
                foreach (var run in byRun)
                    if (run.GetValueOrDefault(queryId)?.FirstOrDefault()?.Trace is { } trace)
                        foreach (var window in trace.Windows)
                            html.Append(CultureInfo.InvariantCulture, $"<details class=\"reasoning\"><summary>{E(trace.Template)} window [{window.Start},{window.End}): {E(window.Answer)}</summary><pre>{E(window.Think ?? window.RawOutput)}</pre></details>");
                html.Append("</div>");
            }
            html.Append("</div>");
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..297] + "...";
    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
