using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

public sealed class ImportCommandTests
{
    [Fact]
    public void The_example_collection_imports_completely()
    {
        var result = ModuleHost.Run("""
            (Import-RearankDocument ./examples/data/corpus.jsonl | Measure-Object).Count
            (Import-RearankQuery ./examples/data/queries.jsonl | Measure-Object).Count
            $j = @(Import-RearankQrels ./examples/data/qrels/test.tsv)
            $j.Count
            ($j.Relevance | Sort-Object -Unique) -join ','
            """).AssertClean();

        Assert.True((int)result.Output[0].BaseObject >= 40);
        Assert.Equal(8, (int)result.Output[1].BaseObject);
        Assert.True((int)result.Output[2].BaseObject >= 24);
        Assert.Equal("0,1,2", result.Output[3].BaseObject);
    }

    [Fact]
    public void A_bad_record_is_a_non_terminating_error_naming_file_and_line_and_the_rest_flows()
    {
        var path = Fixtures.Write("queries.tsv", "1\tfirst\nbroken line\n3\tthird\n");

        var result = ModuleHost.Run("Import-RearankQuery $path", new Dictionary<string, object?> { ["path"] = path });

        Assert.Null(result.Terminating);
        Assert.Equal(["1", "3"], result.Values<string>("QueryId"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.StartsWith("MalformedRecord,", error.FullyQualifiedErrorId);
        Assert.Contains($"{path}:2", error.ToString());
        var target = PSObject.AsPSObject(error.TargetObject);
        Assert.Equal(path, target.Properties["Path"].Value);
        Assert.Equal(2L, target.Properties["LineNumber"].Value);
        Assert.Equal("broken line", target.Properties["Text"].Value);
        Assert.Contains("line 2", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void ErrorAction_Stop_stops_at_the_bad_record_after_the_good_ones_before_it()
    {
        var path = Fixtures.Write("run.txt", "q Q0 a 1 2 t\nq Q0 b 2 x t\nq Q0 c 3 0 t\n");

        var result = ModuleHost.Run("""
            $seen = [System.Collections.Generic.List[string]]::new()
            try { Import-TrecRun $path -ErrorAction Stop | ForEach-Object { $seen.Add($_.DocId) } } catch { "caught: $($_.FullyQualifiedErrorId)" }
            $seen -join ','
            """, new Dictionary<string, object?> { ["path"] = path });

        Assert.StartsWith("caught: MalformedRecord", (string)result.Output[0].BaseObject);
        Assert.Equal("a", result.Output[1].BaseObject);
    }

    [Fact]
    public void A_missing_file_is_reported_and_the_other_paths_still_read()
    {
        var good = Fixtures.Write("qrels.txt", "1 0 d 1\n");

        var result = ModuleHost.Run("Import-RearankQrels ./no/such/file.txt, $good",
            new Dictionary<string, object?> { ["good"] = good });

        Assert.Single(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void Paths_come_from_Get_ChildItem_and_gzip_is_transparent()
    {
        var path = Fixtures.Write("corpus.tsv.gz", "p1\tfirst passage\np2\tsecond passage\n");

        var result = ModuleHost.Run("Get-Item $path | Import-RearankDocument", new Dictionary<string, object?> { ["path"] = path }).AssertClean();

        Assert.Equal(["p1", "p2"], result.Values<string>("DocId"));
    }

    [Fact]
    public void Trec_topics_give_the_chosen_field()
    {
        var path = Fixtures.Write("topics.txt", "<top>\n<num> Number: 51\n<title> Airbus Subsidies\n<desc> Description:\nDocument will discuss government assistance.\n</top>\n");

        var result = ModuleHost.Run("Import-RearankQuery $path -TopicField Description", new Dictionary<string, object?> { ["path"] = path }).AssertClean();

        Assert.Equal("Document will discuss government assistance.", result.Property<string>(0, "Text"));
    }

    [SharedDataFact]
    public void The_scifact_collection_and_the_dl19_candidates_import_in_full()
    {
        var result = ModuleHost.Run("""
            (Import-RearankDocument $root/scifact/corpus.jsonl | Measure-Object).Count
            (Import-RearankQuery $root/scifact/queries.jsonl | Measure-Object).Count
            $qrels = @(Import-RearankQrels $root/scifact/qrels/test.tsv)
            $qrels.Count
            @($qrels | Group-Object QueryId).Count
            $groups = @(Import-RearankCandidate $root/dl19/retrieve_results_dl19_top100.json | Group-Object QueryId)
            $groups.Count
            @($groups | Where-Object Count -ne 100).Count
            """, new Dictionary<string, object?> { ["root"] = SharedData.Root }).AssertClean();

        Assert.Equal([5183, 1109, 339, 300, 43, 0], result.Output.Select(o => (int)o.BaseObject));
    }

    [Theory]
    [InlineData("Import-RearankDocument", "corpus.jsonl", "{\"_id\": \"a\", \"text\": \"one\"}\n{\"_id\": \"b\"\n{\"_id\": \"c\", \"text\": \"three\"}\n", 2)]
    [InlineData("Import-RearankQuery", "queries.jsonl", "{\"_id\": \"a\", \"text\": \"one\"}\n{\"_id\": 5, \"text\": [1]}\n{\"_id\": \"c\", \"text\": \"three\"}\n", 2)]
    [InlineData("Import-RearankQrels", "qrels.txt", "1 0 a 1\n1 0 b x\n1 0 c 2\n", 2)]
    [InlineData("Import-TrecRun", "run.txt", "1 Q0 a 1 3 t\n1 Q0 b 2 t\n1 Q0 c 3 1 t\n", 2)]
    [InlineData("Import-TrecRun", "hits.csv", "QueryId,DocId,Rank,Score\n1,a,1,3\n1,b,2,three\n1,c,3,1\n", 3)]
    [InlineData("Import-RearankCandidate", "c.json", "[{\"query\": \"q\", \"hits\": [\n{\"qid\": 1, \"docid\": \"a\"},\n{\"qid\": 1},\n{\"qid\": 1, \"docid\": \"c\"}]}]\n", 3)]
    public void Every_import_reports_a_corrupt_second_record_and_passes_the_first_and_third(string cmdlet, string name, string content, int badLine)
    {
        var path = Fixtures.Write(name, content);

        var result = ModuleHost.Run($"{cmdlet} $path", new Dictionary<string, object?> { ["path"] = path });

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Output.Count);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains($"{path}:{badLine}: expected", error.Exception.Message);
    }
}
