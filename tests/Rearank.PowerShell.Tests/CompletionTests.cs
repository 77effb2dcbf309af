using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>Tab completion where users guess: BEIR dataset folders, open sessions and templates (measure names are in EvaluationCommandTests).</summary>
public sealed class CompletionTests
{
    private const string Complete = """
        function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
        """;

    [Fact]
    public void A_template_completes_to_the_names_then_to_yaml_files()
    {
        var root = Fixtures.NewPath("templates");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "rank_mine.yaml"), "");
        File.WriteAllText(Path.Combine(root, "rank_notes.txt"), "");

        var result = ModuleHost.Run(Complete + "\n" + """
            Set-Location $root
            (Complete 'Invoke-RearankRerank -Template rank_z') -join '|'
            (Complete 'Invoke-RearankEvaluation -Template ./rank') -join '|'
            """, new Dictionary<string, object?> { ["root"] = root }).AssertClean();

        Assert.Equal(["rank_zephyr|rank_zephyr_alpha", "./rank_mine.yaml"], result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void A_BEIR_folder_completes_to_the_file_each_command_reads()
    {
        var root = Fixtures.NewPath("datasets");
        Directory.CreateDirectory(Path.Combine(root, "sci fact", "qrels"));
        foreach (var file in new[] { "corpus.jsonl", "queries.jsonl", "qrels/test.tsv", "qrels/dev.tsv" })
            File.WriteAllText(Path.Combine(root, "sci fact", file), "");
        Directory.CreateDirectory(Path.Combine(root, "scratch"));
        File.WriteAllText(Path.Combine(root, "scores.txt"), "");

        var result = ModuleHost.Run(Complete + "\n" + """
            Set-Location $root
            (Complete 'Import-RearankQuery sc') -join '|'
            (Complete 'Import-RearankDocument sci') -join '|'
            (Complete 'Measure-RankingQuality -Run run.trec -Qrels sci') -join '|'
            (Complete 'New-Bm25Index ./idx -CorpusPath sci') -join '|'
            """, new Dictionary<string, object?> { ["root"] = root }).AssertClean();

        Assert.Equal([
            "'./sci fact/queries.jsonl'|'./sci fact'|./scores.txt|./scratch",
            "'./sci fact/corpus.jsonl'|'./sci fact'",
            "'./sci fact/qrels/dev.tsv'|'./sci fact/qrels/test.tsv'|'./sci fact'",
            "'./sci fact/corpus.jsonl'|'./sci fact'",
        ], result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Home_and_PowerShell_drives_complete_as_everywhere_with_the_dataset_files_first()
    {
        var root = Fixtures.NewPath("home");
        Directory.CreateDirectory(Path.Combine(root, "beir", "scifact", "qrels"));
        foreach (var file in new[] { "corpus.jsonl.gz", "queries.jsonl", "qrels/test.tsv" })
            File.WriteAllText(Path.Combine(root, "beir", "scifact", file), "");

        var result = ModuleHost.Run(Complete + "\n" + """
            (Get-PSProvider FileSystem).Home = $root
            New-PSDrive -Name beir -PSProvider FileSystem -Root (Join-Path $root beir) | Out-Null
            (Complete 'Import-RearankDocument ~/beir/sci') -join '|'
            (Complete 'Import-RearankQrels beir:/sci') -join '|'
            """, new Dictionary<string, object?> { ["root"] = root }).AssertClean();

        Assert.Equal([
            "~/beir/scifact/corpus.jsonl.gz|~/beir/scifact",
            "beir:/scifact/qrels/test.tsv|beir:/scifact",
        ], result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Open_sessions_complete_by_description_and_the_completed_text_selects_the_session()
    {
        var result = ModuleHost.Run(Complete + "\n" + """
            $alpha = Open-RearankSession -Endpoint http://127.0.0.1:9/v1 -Model alpha
            $beta = Open-RearankSession -Endpoint http://127.0.0.1:9/v1 -Model beta
            (Complete 'Invoke-RearankRerank -Session ') -join '|'
            (Complete 'Close-RearankSession -Session alp') -join '|'
            Close-RearankSession -Session 'alpha at *'
            (Get-RearankSession).Description -join '|'
            try { Close-RearankSession -Session 'gamma*' } catch { $_.Exception.Message }
            Invoke-Expression "Close-RearankSession -Session $(Complete 'Close-RearankSession -Session bet')"
            @(Get-RearankSession).Count
            """).AssertClean();

        var lines = result.Output.Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal("'beta at http://127.0.0.1:9/v1'|'alpha at http://127.0.0.1:9/v1'", lines[0]);
        Assert.Equal("'alpha at http://127.0.0.1:9/v1'", lines[1]);
        Assert.Equal("beta at http://127.0.0.1:9/v1", lines[2]);
        Assert.Contains("No open session is named 'gamma*'", lines[3]);
        Assert.Contains("'beta at http://127.0.0.1:9/v1'", lines[3]);
        Assert.Equal("0", lines[4]);
    }

    [Fact]
    public void Two_sessions_on_one_model_get_distinct_names_that_each_select_their_session()
    {
        var result = ModuleHost.Run(Complete + "\n" + """
            New-RearankTestModel $model -Force | Out-Null
            $a = Open-RearankSession $model -ContextSize 1024
            $b = Open-RearankSession $model -ContextSize 1024
            $names = @(Complete "Get-RearankSession | Invoke-RearankRerank -Session 'random")
            $names.Count
            [object]::ReferenceEquals((& { param([Rearank.PowerShell.Sessions.SessionTransformation()][object] $s) $s } -s ($names[1].Trim("'"))), $a)
            [object]::ReferenceEquals((& { param([Rearank.PowerShell.Sessions.SessionTransformation()][object] $s) $s } -s ($names[0].Trim("'"))), $b)
            $a, $b | Close-RearankSession
            """, new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf") }).AssertClean();

        Assert.Equal([2, true, true], result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Every_Seed_parameter_has_one_type()
    {
        var result = ModuleHost.Run("""
            (Get-Command -Module Rearank | ForEach-Object { $_.Parameters['Seed'] } | Where-Object { $_ } | ForEach-Object { $_.ParameterType.Name } | Sort-Object -Unique) -join ','
            """).AssertClean();

        Assert.Equal("Int32", result.Output.Single().BaseObject);
    }
}
