using System.Globalization;
using System.Text.RegularExpressions;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>The report's numbers agree with Compare-RankingRun's, and runs loaded from files get their queries and passages.</summary>
public sealed class ReportTests
{
    [Fact]
    public void Run_files_sharing_a_tag_get_their_file_names_queries_passages_and_compare_run_p_values()
    {
        var folder = Fixtures.NewPath("report-files");
        Directory.CreateDirectory(folder);
        var result = ModuleHost.Run("""
            $index = Join-Path $folder idx
            Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
            $hits = @(Import-RearankQuery ./examples/data/queries.jsonl | Invoke-Bm25Search -Index $index -Top 8)
            $hits | Export-TrecRun (Join-Path $folder bm25.trec) -RunTag Anserini
            # A second system: the same documents in another order, under the same tag.
            $hits | ForEach-Object { [Rearank.Core.Model.RankedHit]@{ QueryId = $_.QueryId; DocId = $_.DocId; Rank = $_.Rank; Score = ($_.Rank * 5) % 8 } } |
                Export-TrecRun (Join-Path $folder other.trec) -RunTag Anserini
            $runs = (Join-Path $folder bm25.trec), (Join-Path $folder other.trec)
            Compare-RankingRun -Baseline $runs[0] -Run $runs[1] -Qrels ./examples/data/qrels/test.tsv -Metric nDCG@10, AP | ForEach-Object { $_.RandomizationPAdjusted }
            Export-RearankReport (Join-Path $folder report.html) -Run $runs -Qrels ./examples/data/qrels/test.tsv -Metric nDCG@10, AP `
                -QueryPath ./examples/data/queries.jsonl -Corpus ./examples/data/corpus.jsonl | Out-Null
            """, new Dictionary<string, object?> { ["folder"] = folder }).AssertClean();
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));

        // Both p-values of Compare-RankingRun (10,000 flips, seed 42, Holm) appear in the report's significance table.
        var significance = Regex.Match(html, "<table class=\"significance\">.*?</table>").Value;
        foreach (var p in result.Output.Select(o => (double)o.BaseObject))
            Assert.Contains($"<td>{p.ToString("F4", CultureInfo.InvariantCulture)}</td></tr>", significance);
        Assert.Contains("10,000 sign flips, seed 42", html);
        Assert.Contains("<td class=\"t\">Anserini (bm25.trec) (baseline)</td>", html);
        Assert.Contains("<td class=\"t\">Anserini (other.trec)</td>", html);
        // Query texts from -QueryPath and passages from -Corpus, though the run files carry neither.
        Assert.Contains("\"Text\":\"How much caffeine does a normal cup of brewed coffee contain", html);
        Assert.Contains("\"P\":\"A 240 mL cup of drip or filter coffee usually contains", html);
        // The chart opens on the measure asked first, though trec_eval's order puts AP before it.
        Assert.Contains("<option value=\"1\" selected>nDCG@10</option>", html);
    }
}
