using System.Globalization;
using System.Net;
using System.Text;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;
using Rearank.Core.Model;

namespace Rearank.Core.Reporting;

/// <summary>
/// A self-contained HTML report (style, script and data inline; no network): where everything came from, the runs'
/// measures with Judged@10, for each run against the first the significance tests (Compare-RankingRun's, with its
/// permutations and seed) and a per-query chart of the chosen measure, a sortable per-query table of every measure,
/// and each query's rankings side by side with judgments, passages and the model's reasoning per window.
/// </summary>
public static class HtmlReport
{
    public static string Build(IReadOnlyList<HitRun> runs, Qrels qrels, ReportSettings settings, CancellationToken cancellationToken = default)
    {
        if (runs.Count == 0) throw new ArgumentException("A report needs at least one run.", nameof(runs));
        var judged = MeasureCatalog.Parse(["judged.10"]);
        var results = new List<EvaluationResult>();
        var judgedAt10 = new List<double>();
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rankings = RunRankings.Of(run);
            if (settings.Queries is { } shared) rankings = rankings.Only(shared);
            results.Add(MeasureGroups.Evaluate(qrels, rankings, settings.Measures, settings.Evaluation, cancellationToken));
            judgedAt10.Add(TrecEvaluator.Evaluate(qrels, rankings, judged, settings.Evaluation, cancellationToken).ValueOf("judged_10"));
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(settings.Title)).Append("</title><style>")
            .Append(ReportScript.Style).Append("</style></head><body><h1>").Append(E(settings.Title)).Append("</h1>");
        Provenance(html, runs, results, judgedAt10, qrels, settings);
        Measures(html, results, judgedAt10);
        for (var i = 1; i < results.Count; i++)
        {
            var (summary, _) = RunComparison.Compare(results[0], results[i], settings.Comparison);
            Significance(html, summary, settings.Comparison);
            Chart(html, i, results[0].PerQueryNames, settings.ChartMeasure, i == 1 ? "delta-chart" : $"delta-chart-{i}");
        }
        PerQueryTable(html, runs, results[0].PerQueryNames);
        var queries = results[0].PerQuery.Count;
        html.Append("<h2>Queries</h2><p>Each run's top ").Append(settings.ShownHits)
            .Append(" with judgments (green relevant, yellow partly, red judged not relevant, white unjudged) and passages; under them each window's answer, what it moved, and the reasoning.</p><nav class=\"pages\">");
        for (var p = 0; p * 20 < queries; p++) html.Append(CultureInfo.InvariantCulture, $"<button data-page=\"{p}\">{p + 1}</button> ");
        html.Append("</nav><div id=\"pages\"></div><script type=\"application/json\" id=\"report-data\">")
            .Append(ReportData.Build(runs, results, qrels, settings)).Append("</script><script>").Append(ReportScript.Script).Append("</script>");
        return html.Append("</body></html>").ToString();
    }

    private static void Provenance(StringBuilder html, IReadOnlyList<HitRun> runs, IReadOnlyList<EvaluationResult> results, IReadOnlyList<double> judgedAt10, Qrels qrels, ReportSettings settings)
    {
        var levels = settings.Measures.Select(g => g.RelevanceLevel).Distinct().ToList();
        html.Append("<section id=\"provenance\"><h2>Provenance</h2><dl class=\"prov\">")
            .Append("<dt>written</dt><dd>").Append(E(settings.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))).Append(" by ").Append(E(settings.Generator)).Append("</dd>")
            .Append("<dt>qrels</dt><dd>").Append(E(settings.QrelsSources.Count > 0 ? string.Join(", ", settings.QrelsSources.Select(s => Shown(s, settings))) : "judgments from the pipeline"))
            .Append(CultureInfo.InvariantCulture, $" ({qrels.QueryIds.Count} queries, {qrels.JudgmentCount} judgments)</dd>")
            .Append("<dt>relevance level</dt><dd>grade ≥ ").Append(string.Join(", ", levels.Select(l => l.ToString(CultureInfo.InvariantCulture))))
            .Append(levels.Count > 1 ? " (per measure, as its rel=N says)" : "").Append("</dd>")
            .Append("<dt>measures</dt><dd>").Append(E(string.Join(", ", results[0].AggregateNames))).Append("; Judged@10 beside each run</dd>")
            .Append("<dt>queries averaged</dt><dd>").Append(settings.Evaluation.Complete ? "every judged query, a missing one scoring 0 (-c)"
                : settings.Queries is { } shared ? $"the {shared.Count} judged queries every run ranks" : "the judged queries each run ranks, run by run")
            .Append(settings.Evaluation.Depth is { } depth ? FormattableString.Invariant($"; top {depth} of each ranking (-M)") : "").Append("</dd>")
            .Append("<dt>significance</dt><dd>").Append(CultureInfo.InvariantCulture, $"paired t-test and randomization test ({settings.Comparison.Permutations:N0} sign flips, seed {settings.Comparison.Seed}), {settings.Comparison.Correction}-adjusted")
            .Append("</dd></dl>");
        html.Append("<table id=\"runs\"><tr><th class=\"t\">run</th><th class=\"t\">from</th><th>queries</th><th>hits</th><th>Judged@10</th><th class=\"t\">reranked with</th></tr>");
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            html.Append("<tr><td class=\"t\">").Append(E(run.Name)).Append(i == 0 ? " (baseline)" : "").Append("</td><td class=\"t\">").Append(E(run.SourcePath is null ? "pipeline" : Shown(run.SourcePath, settings)))
                .Append(CultureInfo.InvariantCulture, $"</td><td>{run.Hits.Select(h => h.QueryId).Distinct().Count()}</td><td>{run.Hits.Count}</td><td>{F(judgedAt10[i])}</td><td class=\"t\">")
                .Append(Reranking(run)).Append("</td></tr>");
        }
        html.Append("</table></section>");
    }

    /// <summary>The model, template, window plan and decoding the run's traces record (each distinct setting with its query count).</summary>
    private static string Reranking(HitRun run)
    {
        var traces = run.Hits.Where(h => h.Trace is not null).GroupBy(h => h.QueryId).Select(g => g.First().Trace!).ToList();
        if (traces.Count == 0) return "–";
        return string.Join("<br>", traces
            .GroupBy(t => (t.Model, t.Template, t.WindowSize, t.Step, t.Depth, Decoding: t.Decoding ?? "not recorded"))
            .Select(g => E(FormattableString.Invariant($"{g.Key.Model}; reranker {g.Key.Template}; window {g.Key.WindowSize}, step {g.Key.Step}, depth {g.Key.Depth}; decoding: {g.Key.Decoding}")) +
                (traces.Count > g.Count() ? FormattableString.Invariant($" ({g.Count()} queries)") : "")));
    }

    private static void Measures(StringBuilder html, IReadOnlyList<EvaluationResult> results, IReadOnlyList<double> judgedAt10)
    {
        html.Append("<h2>Measures</h2><table id=\"metrics\"><tr><th class=\"t\">run</th>");
        var names = results[0].AggregateNames;
        foreach (var name in names) html.Append("<th>").Append(E(name)).Append("</th>");
        html.Append("<th>Judged@10</th></tr>");
        for (var i = 0; i < results.Count; i++)
        {
            html.Append("<tr><td class=\"t\">").Append(E(results[i].RunTag)).Append("</td>");
            foreach (var name in names) html.Append("<td>").Append(F(results[i].ValueOf(name))).Append("</td>");
            html.Append("<td>").Append(F(judgedAt10[i])).Append("</td></tr>");
        }
        html.Append("</table>");
    }

    private static void Significance(StringBuilder html, IReadOnlyList<MeasureComparison> summary, ComparisonOptions options)
    {
        if (summary.Count == 0) return;
        html.Append("<h2>").Append(E(summary[0].Run)).Append(" against ").Append(E(summary[0].BaselineRun)).Append("</h2><table class=\"significance\"><tr><th class=\"t\">measure</th><th>queries</th><th>baseline</th><th>run</th><th>difference</th><th>wins/ties/losses</th><th>t-test p</th><th>randomization p</th></tr>");
        foreach (var row in summary)
            html.Append("<tr><td class=\"t\">").Append(E(row.Measure)).Append("</td><td>").Append(row.Queries).Append("</td><td>").Append(F(row.BaselineMean)).Append("</td><td>").Append(F(row.RunMean))
                .Append("</td><td>").Append(row.MeanDifference.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(row.Wins).Append('/').Append(row.Ties).Append('/').Append(row.Losses).Append("</td><td>").Append(F(row.TTestPAdjusted))
                .Append("</td><td>").Append(F(row.RandomizationPAdjusted)).Append("</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"</table><p>Over the queries both runs were evaluated on. p-values {options.Correction}-adjusted over the {summary.Count} measures; randomization test with {options.Permutations:N0} sign flips, seed {options.Seed} (Compare-RankingRun gives the same p-values with the same settings). A tie is a difference below 0.00005.</p>");
    }

    /// <summary>The chart's frame: the script draws the bars, axes and note for the measure chosen here.</summary>
    private static void Chart(StringBuilder html, int run, IReadOnlyList<string> names, string? selected, string id)
    {
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\" data-run=\"{run}\"><h3>Per query: the run minus the baseline</h3><label>measure <select>");
        for (var m = 0; m < names.Count; m++)
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{m}\"{(names[m] == selected ? " selected" : "")}>{E(names[m])}</option>");
        html.Append(CultureInfo.InvariantCulture, $"</select></label><p class=\"note\"></p><svg id=\"{id}\" role=\"img\" aria-label=\"per-query differences\"></svg></div>");
    }

    private static void PerQueryTable(StringBuilder html, IReadOnlyList<HitRun> runs, IReadOnlyList<string> names)
    {
        html.Append("<h2>Per query</h2><p>Click a column to sort by it (again to reverse); click a query to open it below.</p><div class=\"scroll\"><table id=\"per-query\"><thead><tr><th class=\"t\" data-k=\"0\">query</th><th class=\"t\" data-k=\"1\">text</th>");
        var k = 2;
        foreach (var name in names)
        {
            foreach (var run in runs) html.Append(CultureInfo.InvariantCulture, $"<th data-k=\"{k++}\">{E(name)} {E(run.Name)}</th>");
            foreach (var run in runs.Skip(1)) html.Append(CultureInfo.InvariantCulture, $"<th data-k=\"{k++}\">Δ {E(name)} {E(run.Name)}</th>");
        }
        html.Append("</tr></thead><tbody></tbody></table></div>");
    }

    /// <summary>A file near the report by its path from the report's folder (at most three levels up); others in full.</summary>
    private static string Shown(string path, ReportSettings settings)
    {
        if (settings.Folder is null || !Path.IsPathFullyQualified(path)) return path;
        var relative = Path.GetRelativePath(settings.Folder, path);
        var levelsUp = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).TakeWhile(s => s == "..").Count();
        return Path.IsPathFullyQualified(relative) || levelsUp > 3 ? path : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("F4", CultureInfo.InvariantCulture);
}
