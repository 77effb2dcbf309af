using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// Every table view of Rearank.Format.ps1xml, checked on one real object of its type: each column names a property
/// the type has or a script block that gives a value, so no column the object has a value for is shown empty.
/// </summary>
public sealed class FormatViewTests
{
    // Reads the views the module loaded, evaluates every column against the object as Format-Table would, and says
    // each column that names no property or comes out empty, and each view no object was made for.
    private const string CheckViews = """
        $xml = [xml](Get-Content -LiteralPath (Join-Path (Get-Module Rearank).ModuleBase 'Rearank.Format.ps1xml') -Raw)
        $byType = @{}
        foreach ($o in $objects) { $byType[$o.GetType().FullName] = $o }
        foreach ($view in $xml.Configuration.ViewDefinitions.View) {
            $type = $view.ViewSelectedBy.TypeName
            $o = $byType[$type]
            if ($null -eq $o) { "$type | no object made for this view"; continue }
            $labels = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object Label)
            $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
            if ($labels.Count -ne $items.Count) { "$type | $($labels.Count) headers but $($items.Count) columns" }
            for ($i = 0; $i -lt $items.Count; $i++) {
                $item = $items[$i]
                if ($item.PropertyName) {
                    $property = $o.PSObject.Properties[$item.PropertyName]
                    if ($null -eq $property) { "$type | $($labels[$i]) | no property '$($item.PropertyName)'"; continue }
                    $value = $property.Value
                } else {
                    $value = $o | ForEach-Object ([scriptblock]::Create($item.ScriptBlock))
                }
                if ([string]::IsNullOrWhiteSpace([string]$value)) { "$type | $($labels[$i]) | empty" }
            }
            $table = $o | Format-Table | Out-String -Width 1000
            foreach ($label in $labels) { if (-not $table.Contains($label)) { "$type | $label | not in Format-Table's output" } }
        }
        """;

    [Fact]
    public void Every_view_shows_a_value_in_every_column_of_a_real_object()
    {
        var paths = new Dictionary<string, object?>
        {
            ["model"] = Fixtures.NewPath("tiny.gguf"), ["index"] = Fixtures.NewPath("index"), ["bm25"] = Fixtures.NewPath("bm25.trec"),
            ["deeper"] = Fixtures.NewPath("deeper.trec"), ["training"] = Fixtures.NewPath("training"),
        };
        var result = ModuleHost.Run("""
            $objects = [Collections.Generic.List[object]]::new()
            $objects.Add((Import-RearankDocument ./examples/data/corpus.jsonl | Select-Object -First 1))
            $queries = @(Import-RearankQuery ./examples/data/queries.jsonl)
            $objects.Add($queries[0])
            $objects.Add((Import-RearankQrels ./examples/data/qrels/test.tsv | Select-Object -First 1))
            $objects.Add((Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index))
            $hits = @($queries | Invoke-Bm25Search -Index $index -Top 10)
            $objects.Add($hits[0])
            $hits | Export-TrecRun $bm25 -RunTag bm25
            $queries | Invoke-Bm25Search -Index $index -Top 10 -K1 1.2 -B 0.9 | Export-TrecRun $deeper -RunTag other
            $qrels = './examples/data/qrels/test.tsv'
            $objects.Add(($hits | Measure-RankingQuality -Qrels $qrels -Metric ndcg_cut.10 -PerQuery | Where-Object QueryId | Select-Object -First 1))
            $objects.Add((Compare-RankingRun -Baseline $bm25 -Run $deeper -Qrels $qrels -Metric ndcg_cut.10 | Select-Object -First 1))
            $objects.Add((Compare-RankingRun -Baseline $bm25 -Run $deeper -Qrels $qrels -Metric ndcg_cut.10 -PerQuery | Select-Object -First 1))
            $statistics = @(Get-RankingRunStatistics $bm25, $deeper -Qrels $qrels -Overlap 10)
            foreach ($s in $statistics) { $objects.Add($s) }
            New-RearankTestModel $model -Force | Out-Null
            $local = Open-RearankSession $model -ContextSize 4096
            $objects.Add($local)
            $remote = Open-RearankSession -Endpoint http://127.0.0.1:1/v1 -Model m
            $objects.Add($remote)
            $objects.Add(('<think>t</think><answer>[2] > [1]</answer>' | Measure-RearankReward -Candidate $hits[0..1] -Qrels $qrels))
            $objects.Add(($hits | Export-RearankTrainingSet $training -Qrels $qrels -WindowsPerQuery 1 -WindowSize 4))
            $objects.Add([Rearank.Core.Model.DatasetResult]@{
                Suite = 'standard'; Dataset = 'dl19'; Layout = 'candidates'; Queries = 43; Bm25Ndcg10 = 50.58; PublishedBm25 = 50.58
                RerankNdcg1 = 70.1; RerankNdcg5 = 66.2; RerankNdcg10 = 61.3; PublishedRearank = 62.0; RerankedOrderNdcg10 = 61.2
                FailedQueries = 1; FailedWindows = 2 })
            Close-RearankSession $local
            Close-RearankSession $remote
            """ + "\n" + CheckViews, paths);

        Assert.Null(result.Terminating);
        Assert.Equal([], result.Errors.Select(e => "error: " + e).Concat(result.Output.Select(o => o.ToString())));
    }
}
