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
          document.body.setAttribute('data-probe', JSON.stringify({
            chart: shown(chart), bars: chart ? chart.querySelectorAll('rect').length : 0,
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
