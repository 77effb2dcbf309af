using System.Text.Json;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// The report opened in a real browser: it must run its script without console errors, and the chart and a query's
/// reasoning must be laid out on screen, not merely present in the file.
/// </summary>
public sealed class ReportBrowserTests
{
    // Appended to a copy of the report: after load, asks the browser what it actually shows and writes the answer
    // into the DOM, which --dump-dom then returns.
    private const string Probe = """
        <script>window.addEventListener('load', () => {
          const shown = e => !!e && e.checkVisibility() && e.getBoundingClientRect().height > 0;
          const chart = document.getElementById('delta-chart');
          const reasoning = document.querySelector('.page.on details.reasoning');
          if (reasoning) reasoning.open = true;
          const thought = reasoning && reasoning.querySelector('pre');
          const passage = document.querySelector('.page.on td.passage');
          const note = document.querySelector('.chart .note');
          const firstQuery = () => document.querySelector('#per-query tbody tr td a').textContent;
          const header = document.querySelector('#per-query th[data-k="0"]');
          header.click();
          const ascending = firstQuery();
          header.click();
          const descending = firstQuery();
          document.body.setAttribute('data-probe', JSON.stringify({
            chart: shown(chart), bars: chart ? chart.querySelectorAll('rect').length : 0,
            axisTitles: chart ? [...chart.querySelectorAll('text.axis-title')].filter(shown).map(t => t.textContent) : [],
            ticks: chart ? chart.querySelectorAll('text.tick').length : 0,
            note: shown(note) ? note.textContent : '',
            provenance: shown(document.getElementById('provenance')) ? document.getElementById('provenance').textContent : '',
            passage: shown(passage) ? passage.textContent : '',
            rows: document.querySelectorAll('#per-query tbody tr').length, ascending, descending,
            reasoning: shown(thought), thoughtLength: thought ? thought.textContent.length : 0,
            pagesShown: document.querySelectorAll('.page.on').length,
            hiddenPagesShown: [...document.querySelectorAll('.page:not(.on)')].filter(shown).length }));
        });</script>
        """;

    [ChromiumFact]
    public void The_report_renders_in_Chromium_without_console_errors_with_its_chart_and_reasoning_visible()
    {
        var paths = new Dictionary<string, object?>
        {
            ["model"] = Fixtures.NewPath("tiny.gguf"), ["index"] = Fixtures.NewPath("index"), ["report"] = Fixtures.NewPath("report.html"),
        };
        ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
            $hits = @(Import-RearankQuery ./examples/data/queries.jsonl | Invoke-Bm25Search -Index $index -Top 8)
            $s = Open-RearankSession $model -ContextSize 16384
            $reranked = @($hits | Invoke-RearankRerank -Session $s -WindowSize 4 -Step 2 -MaxNewTokens 64)
            Close-RearankSession $s
            $hits + $reranked | Export-RearankReport $report -Qrels ./examples/data/qrels/test.tsv | Out-Null
            """, paths).AssertClean();
        var report = (string)paths["report"]!;

        var (_, log) = Chromium.Load(report);
        Assert.Empty(Chromium.ConsoleMessages(log));

        var probed = Fixtures.NewPath("probed.html");
        File.WriteAllText(probed, File.ReadAllText(report).Replace("</body>", Probe + "</body>"));
        var (dom, _) = Chromium.Load(probed);
        var probe = JsonDocument.Parse(System.Text.RegularExpressions.Regex.Match(dom, "data-probe=\"([^\"]*)\"").Groups[1].Value.Replace("&quot;", "\"")).RootElement;
        Assert.True(probe.GetProperty("chart").GetBoolean());
        Assert.True(probe.GetProperty("bars").GetInt32() >= 8);
        Assert.Equal(["queries (8), sorted by difference; hover a bar for its query", "ndcg_cut_10 difference"], probe.GetProperty("axisTitles").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(3, probe.GetProperty("ticks").GetInt32());
        // The untrained model leaves every query's order as it was: the chart says so instead of showing nothing.
        Assert.Equal("All 8 differences in ndcg_cut_10 are zero: the two runs score every query the same.", probe.GetProperty("note").GetString());
        Assert.Contains("reranker rearank", probe.GetProperty("provenance").GetString());
        Assert.Contains("Judged@10", probe.GetProperty("provenance").GetString());
        Assert.True(probe.GetProperty("passage").GetString()!.Length > 50, "a passage is shown beside the hit");
        Assert.Equal(8, probe.GetProperty("rows").GetInt32());
        Assert.Equal(("q1", "q8"), (probe.GetProperty("ascending").GetString(), probe.GetProperty("descending").GetString()));
        Assert.True(probe.GetProperty("reasoning").GetBoolean());
        Assert.True(probe.GetProperty("thoughtLength").GetInt32() > 0);
        Assert.Equal(1, probe.GetProperty("pagesShown").GetInt32());
        Assert.Equal(0, probe.GetProperty("hiddenPagesShown").GetInt32());

        var screenshot = Fixtures.NewPath("report.png");
        Chromium.Load(report, screenshot);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is (nearly) blank");
    }

    [ChromiumFact]
    public void A_script_error_in_a_page_is_caught_by_the_console_check()
    {
        var page = Fixtures.Write("broken.html", "<html><body><p>x</p><script>console.error('boom'); missingFunction();</script></body></html>");

        var (_, log) = Chromium.Load(page);

        var messages = Chromium.ConsoleMessages(log);
        Assert.Contains(messages, m => m.Contains("boom"));
        Assert.Contains(messages, m => m.Contains("Uncaught ReferenceError"));
    }
}
