using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>Damaged inputs and misuse that once surfaced as raw runtime errors: each is an ErrorRecord with an id and a category, or a warning.</summary>
public sealed class RawErrorTests
{
    /// <summary>Builds a small index, lets <paramref name="damage"/> spoil it, and searches it.</summary>
    private static ErrorRecord SearchDamaged(string damage)
    {
        var index = Fixtures.NewPath("index");
        var result = ModuleHost.Run("""
            1..50 | ForEach-Object { [Rearank.Core.Model.Document]::new("d$_", '', "flea number $_ lives a year") } | New-Bm25Index $index | Out-Null
            """ + "\n" + damage + "\n" + """
            'flea' | Invoke-Bm25Search -Index $index -Top 3 | Out-Null
            """, new Dictionary<string, object?> { ["index"] = index });
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("IndexUnreadable,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        return error;
    }

    [Fact]
    public void A_cut_segment_file_is_an_unreadable_index()
    {
        var error = SearchDamaged("""
            $segment = (Get-ChildItem $index -Filter '_*' | Sort-Object Length -Descending)[0].FullName
            $bytes = [IO.File]::ReadAllBytes($segment); [IO.File]::WriteAllBytes($segment, $bytes[0..($bytes.Length / 2)])
            """);
        Assert.Contains("may be damaged", error.Exception.Message);
        Assert.Contains("New-Bm25Index -Force", error.Exception.Message);
    }

    [Fact]
    public void A_damaged_passage_store_is_an_unreadable_index()
    {
        var error = SearchDamaged("""
            $store = Join-Path $index 'documents.dat'
            $bytes = [IO.File]::ReadAllBytes($store); for ($i = 0; $i -lt $bytes.Length; $i += 3) { $bytes[$i] = 255 }; [IO.File]::WriteAllBytes($store, $bytes)
            """);
        Assert.Contains("documents.dat", error.Exception.Message);
    }

    [Fact]
    public void Index_settings_without_fields_or_of_an_unknown_format_are_refused()
    {
        var fields = SearchDamaged("""
            $json = Join-Path $index 'rearank-index.json'
            (Get-Content $json -Raw) -replace '"SearchableFields": \[[^\]]*\]', '"SearchableFields": null' | Set-Content $json
            """);
        Assert.Contains("SearchableFields", fields.Exception.Message);
        var format = SearchDamaged("""
            $json = Join-Path $index 'rearank-index.json'
            (Get-Content $json -Raw) -replace '"FormatVersion": 1', '"FormatVersion": 99' | Set-Content $json
            """);
        Assert.Contains("FormatVersion 99", format.Exception.Message);
    }

    [Fact]
    public void An_endpoint_without_a_scheme_is_an_invalid_argument()
    {
        var error = Assert.Single(ModuleHost.Run("Open-RearankSession -Endpoint 'gpu1:8000/v1', 'gpu2/v1' -Model m").Errors);
        Assert.StartsWith("InvalidEndpoint,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("http://host:8000/v1", error.Exception.Message);
    }

    [Fact]
    public void A_closed_local_session_is_said_to_be_closed()
    {
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 2048
            Close-RearankSession $s
            [Rearank.Core.Model.RankedHit]@{ QueryId = 'q'; QueryText = 'x'; DocId = 'a'; Rank = 1; Score = 1; Text = 't' } | Invoke-RearankRerank -Session $s
            """, new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf") });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("SessionClosed,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Comparing_runs_on_one_query_warns_that_the_test_has_no_result()
    {
        var (a, b, qrels) = (Fixtures.Write("a.trec", "1 Q0 a 1 2 r\n1 Q0 b 2 1 r\n"), Fixtures.Write("b.trec", "1 Q0 b 1 2 s\n1 Q0 a 2 1 s\n"), Fixtures.Write("q.txt", "1 0 a 1\n"));
        var result = ModuleHost.Run("Compare-RankingRun -Baseline $a -Run $b -Qrels $qrels",
            new Dictionary<string, object?> { ["a"] = a, ["b"] = b, ["qrels"] = qrels }).AssertClean();

        Assert.Contains(result.Warnings, w => w.Contains("share 1 judged query") && w.Contains("NaN"));
    }

    [Fact]
    public void A_mistyped_corpus_path_is_path_not_found_and_an_indexing_error_not_an_aggregate()
    {
        var result = ModuleHost.Run("New-Bm25Index $index -CorpusPath $missing",
            new Dictionary<string, object?> { ["index"] = Fixtures.NewPath("index"), ["missing"] = Fixtures.NewPath("no-such-corpus.jsonl") });

        Assert.Equal(["PathNotFound", "IndexingFailed"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Contains("No document was indexed", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void Empty_query_text_and_repeated_docids_are_warned_about_at_import_and_at_rerank()
    {
        var candidates = Fixtures.Write("odd.json", """
            [{"query": "", "hits": [{"qid": "1", "docid": "a", "rank": 1, "score": 2, "content": "x"}, {"qid": "1", "docid": "a", "rank": 2, "score": 1, "content": "y"}]}]
            """);
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Reply '<think>', 'Passage 2.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096
            $hits = @(Import-RearankCandidate $candidates)
            $hits | Invoke-RearankRerank -Session $s | Out-Null
            Close-RearankSession $s
            """, new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf"), ["candidates"] = candidates }).AssertClean();

        Assert.Contains(result.Warnings, w => w.StartsWith(candidates + ": query 1 has an empty query text"));
        Assert.Contains(result.Warnings, w => w.StartsWith(candidates + ": query 1 has docid a more than once (ranks 1 and 2)"));
        Assert.Contains(result.Warnings, w => w.StartsWith("Query 1 has an empty query text"));
        Assert.Contains(result.Warnings, w => w.StartsWith("Query 1 has docid a more than once"));
    }

    [Fact]
    public void Misused_fields_and_runs_get_the_modules_own_error_ids()
    {
        var result = ModuleHost.Run("""
            $ids = [Rearank.PowerShell.Bases.ErrorIds].GetFields() | ForEach-Object { $_.GetValue($null) }
            $errors = @()
            Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
            try { 'flea' | Invoke-Bm25Search -Index $index -Fields 'title=1=2' -ErrorAction Stop } catch { $errors += $_ }
            try { Measure-RankingQuality -Run (Get-Date) -Qrels ./examples/data/qrels/test.tsv -ErrorAction Stop } catch { $errors += $_ }
            foreach ($e in $errors) { '{0}|{1}|{2}' -f $e.FullyQualifiedErrorId.Split(',')[0], $e.CategoryInfo.Category, ($e.FullyQualifiedErrorId.Split(',')[0] -cin $ids) }
            """, new Dictionary<string, object?> { ["index"] = Fixtures.NewPath("index") });

        Assert.Equal(["InvalidField|InvalidArgument|True", "InvalidRun|InvalidArgument|True"], result.Output.Select(o => o.ToString()));
    }
}
