using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

public sealed class RetrievalCommandTests
{
    private static Dictionary<string, object?> NewIndexPath() => new() { ["index"] = Fixtures.NewPath("index") };

    [Fact]
    public void The_example_collection_is_indexed_searched_and_evaluated_in_one_pipeline()
    {
        var result = ModuleHost.Run("""
            $info = Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index
            $info.DocumentCount
            (Get-Bm25Index $index).SearchableFields -join ','
            Import-RearankQuery ./examples/data/queries.jsonl | Invoke-Bm25Search -Index $index -Top 10 |
                Measure-RankingQuality -Qrels ./examples/data/qrels/test.tsv -Metric num_q, ndcg_cut.10
            """, NewIndexPath()).AssertClean();

        Assert.Equal(48L, result.Output[0].BaseObject);
        Assert.Equal("contents", result.Output[1].BaseObject);
        Assert.Equal(8.0, (double)result.Output[2].Properties["Value"].Value);
        Assert.InRange((double)result.Output[3].Properties["Value"].Value, 0.5, 1.0);
    }

    [Fact]
    public void Hits_carry_the_passages_and_strings_are_queries_too()
    {
        var result = ModuleHost.Run("""
            New-Bm25Index $index -CorpusPath ./examples/data/corpus.jsonl | Out-Null
            'sourdough starter ready' | Invoke-Bm25Search -Index $index -Top 2
            """, NewIndexPath()).AssertClean();

        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal("1", o.Properties["QueryId"].Value));
        Assert.StartsWith("dough-", (string)result.Output[0].Properties["DocId"].Value);
        Assert.False(string.IsNullOrEmpty((string)result.Output[0].Properties["Text"].Value));
        Assert.Equal([1, 2], result.Values<int>("Rank"));
    }

    [Fact]
    public void A_stop_word_query_warns_and_gives_no_hits()
    {
        var result = ModuleHost.Run("""
            New-Bm25Index $index -CorpusPath ./examples/data/corpus.jsonl | Out-Null
            [pscustomobject]@{ qid = 'x'; query = 'the of and' } | Invoke-Bm25Search -Index $index
            """, NewIndexPath()).AssertClean();

        Assert.Empty(result.Output);
        Assert.Contains(result.Warnings, w => w.Contains("Query x has no searchable terms"));
    }

    [Fact]
    public void An_existing_index_needs_Force_and_a_missing_one_is_ObjectNotFound()
    {
        var vars = NewIndexPath();
        var result = ModuleHost.Run("""
            New-Bm25Index $index -CorpusPath ./examples/data/corpus.jsonl | Out-Null
            New-Bm25Index $index -CorpusPath ./examples/data/corpus.jsonl
            (New-Bm25Index $index -CorpusPath ./examples/data/corpus.jsonl -Force).DocumentCount
            'coffee' | Invoke-Bm25Search -Index ./no/such/index
            """, vars);

        Assert.Equal(48L, Assert.Single(result.Output).BaseObject);
        Assert.Equal([ErrorCategory.ResourceExists, ErrorCategory.ObjectNotFound], result.Errors.Select(e => e.CategoryInfo.Category));
    }

    [Fact]
    public void A_damaged_index_is_a_terminating_InvalidData_error()
    {
        var vars = NewIndexPath();
        ModuleHost.Run("New-Bm25Index $index -CorpusPath ./examples/data/corpus.jsonl | Out-Null", vars).AssertClean();
        foreach (var file in Directory.EnumerateFiles((string)vars["index"]!, "segments*")) File.WriteAllText(file, "not an index");

        var result = ModuleHost.Run("'coffee' | Invoke-Bm25Search -Index $index; 'still running'", vars);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("cannot be opened", error.Exception.Message);
        Assert.Equal(["still running"], result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Import_TrecRun_fills_in_texts_from_an_index()
    {
        var vars = NewIndexPath();
        vars["run"] = Fixtures.Write("run.txt", "q1 Q0 cof-01 1 9 bm25\nq1 Q0 missing 2 8 bm25\n");

        var result = ModuleHost.Run("""
            New-Bm25Index $index -CorpusPath ./examples/data/corpus.jsonl | Out-Null
            Import-TrecRun $run -Index $index
            """, vars);

        Assert.StartsWith("How much caffeine", (string)result.Output[0].Properties["Title"].Value);
        Assert.Null(result.Output[1].Properties["Text"].Value);
        Assert.Contains(result.Warnings, w => w.StartsWith("1 hits name documents that are not in the index"));
    }

    [SharedDataFact]
    public void Scifact_through_the_cmdlets_gives_anserinis_numbers()
    {
        var result = ModuleHost.Run("""
            New-Bm25Index $index -CorpusPath $root/scifact/corpus.jsonl | Out-Null
            $queries = @(Import-RearankQuery $root/scifact/anserini/topics.beir-v1.0.0-scifact.test.tsv.gz)
            $queries | Invoke-Bm25Search -Index $index -Top 1000 -RemoveQuery -NoText | Export-TrecRun $piped
            $file = $queries | Invoke-Bm25Search -Index $index -Top 1000 -RemoveQuery -OutFile $direct
            Measure-RankingQuality -Run $file -Qrels $root/scifact/anserini/qrels.beir-v1.0.0-scifact.test.txt -Metric ndcg_cut.10, recall.100 -Complete |
                ForEach-Object { $_.Value.ToString('F4', [cultureinfo]::InvariantCulture) }
            (Get-FileHash $piped).Hash -eq (Get-FileHash $direct).Hash
            (Get-Content $direct).Count -gt 250000   # some queries match fewer than 1,000 documents
            """, new Dictionary<string, object?>
        {
            ["index"] = Fixtures.NewPath("scifact"), ["root"] = SharedData.Root, ["piped"] = Fixtures.NewPath("piped.trec"), ["direct"] = Fixtures.NewPath("direct.trec"),
        }).AssertClean();

        // Anserini's figures, from the run written straight to a file, which is byte for byte the piped export.
        Assert.Equal(["0.9253", "0.6789", true, true], result.Output.Select(o => o.BaseObject));
    }
}
