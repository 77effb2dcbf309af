using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

public sealed class ModuleTests
{
    private static readonly string[] Cmdlets =
    [
        "Close-RearankSession", "Compare-RankingRun", "Export-RankingCsv", "Export-RankingTable", "Export-RearankReport", "Export-RearankTrainingSet", "Export-TrecRun", "Get-Bm25Index", "Get-RankingRunStatistics", "Get-RearankSession",
        "Import-RearankCandidate", "Import-RearankDocument", "Import-RearankQrels", "Import-RearankQuery", "Import-TrecRun", "Invoke-Bm25Search",
        "Invoke-RearankEvaluation", "Invoke-RearankRerank", "Invoke-RearankRollout", "Measure-RankingQuality", "Measure-RearankReward", "Merge-RankingRun", "New-Bm25Index", "New-RearankTestModel", "Open-RearankSession",
    ];

    [Fact]
    public void The_module_exports_its_cmdlets_with_the_stamped_version()
    {
        var result = ModuleHost.Run("Get-Command -Module Rearank | Sort-Object Name").AssertClean();

        Assert.Equal(Cmdlets, result.Values<string>("Name"));
        var version = ModuleHost.Run("(Get-Module Rearank).Version.ToString()").AssertClean().Output[0].BaseObject;
        Assert.NotEqual("0.0.0", version);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_help_with_a_synopsis_an_example_and_described_parameters(string name)
    {
        var result = ModuleHost.Run($$"""
            $help = Get-Help {{name}} -Full
            [pscustomobject]@{
                Synopsis = $help.Synopsis
                Examples = @($help.examples.example).Count
                FirstExample = @($help.examples.example)[0].code
                Undescribed = @($help.parameters.parameter | Where-Object { -not $_.description } | ForEach-Object name) -join ','
                OutputsWithoutHelp = @((Get-Command {{name}}).OutputType.Name | Where-Object { $_ -notin @($help.returnValues.returnValue.type.name) }) -join ','
            }
            """).AssertClean();

        Assert.False(string.IsNullOrWhiteSpace(result.Property<string>(0, "Synopsis")));
        Assert.True(result.Property<int>(0, "Examples") >= 2, $"{name} needs at least two examples");
        Assert.Contains(name, result.Property<string>(0, "FirstExample"));
        Assert.Equal("", result.Property<string>(0, "Undescribed"));
        Assert.Equal("", result.Property<string>(0, "OutputsWithoutHelp"));
    }

    public static TheoryData<string> CmdletNames() => new(Cmdlets);

    [Fact]
    public void Output_types_have_table_views()
    {
        var result = ModuleHost.Run("""
            Import-RearankQrels ./examples/data/qrels/test.tsv | Select-Object -First 2 | Out-String -Width 200
            Import-RearankCandidate $candidates | Out-String -Width 200
            """, new Dictionary<string, object?> { ["candidates"] = Fixtures.CandidateFile() }).AssertClean();

        var qrels = (string)result.Output[0].BaseObject;
        Assert.Matches(@"QueryId\s+DocId\s+Relevance", qrels);
        var hits = (string)result.Output[1].BaseObject;
        Assert.Matches(@"QueryId\s+Rank\s+DocId\s+Score\s+Passage", hits);
    }

    [Fact]
    public void Help_states_every_parameters_default_from_the_code()
    {
        var result = ModuleHost.Run("""
            $empty = foreach ($c in Get-Command -Module Rearank -CommandType Cmdlet) {
                foreach ($p in (Get-Help $c.Name).parameters.parameter) { if (-not $p.defaultValue) { "$($c.Name) -$($p.name)" } }
            }
            @($empty).Count
            foreach ($n in 'WindowSize', 'Step', 'Depth', 'MaxNewTokens', 'Template', 'Force') { (Get-Help Invoke-RearankRerank -Parameter $n).defaultValue }
            (Get-Help Invoke-Bm25Search -Parameter ThrottleLimit).defaultValue
            """).AssertClean();

        Assert.Equal(["0", "20", "10", "100", "2048", "rearank", "False", "the number of cores ([Environment]::ProcessorCount)"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void The_about_topic_explains_the_pipeline()
    {
        var result = ModuleHost.Run("Get-Help about_Rearank | Out-String").AssertClean();

        var text = (string)result.Output[0].BaseObject;
        Assert.Contains("Invoke-RearankRerank", text);
        Assert.Contains("THE OBJECTS", text);
    }

    [Fact]
    public void Help_sources_read_back_from_markdown_and_a_malformed_one_names_its_file_and_line()
    {
        var bad = Fixtures.Write("Bad-Help.md", "# Bad-Help\n\n## SYNOPSIS\n\nFine.\n\n## USAGE\n\nNot a section.\n");
        var result = ModuleHost.Run("""
            $help = & $reader -Path (Join-Path $root 'docs/help/Close-RearankSession.md')
            $help.Name; $help.Examples.Count; ($help.Parameters.Keys | Sort-Object) -join ','
            try { & $reader -Path $bad } catch { $_.Exception.Message }
            """, new Dictionary<string, object?> { ["reader"] = Path.Combine(RepositoryRoot.Path, "tools", "ConvertFrom-HelpMarkdown.ps1"), ["root"] = RepositoryRoot.Path, ["bad"] = bad }).AssertClean();

        Assert.Equal(["Close-RearankSession", "2", "Confirm,Session,WhatIf"], result.Output.Take(3).Select(o => o.BaseObject.ToString()));
        Assert.Equal($"{bad}:7: unknown section '## USAGE'; expected one of:", ((string)result.Output[3].BaseObject)[..($"{bad}:7: unknown section '## USAGE'; expected one of:".Length)]);
    }
}
