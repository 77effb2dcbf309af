using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// The module's libraries live in a load context of its own: beside another module that brings another version of one
/// of them (CsvHelper 33, whose writer API CsvHelper 34 dropped), in either import order, both modules work. Each case
/// runs in a fresh process, since a library once in PowerShell's default context stays there for the process.
/// </summary>
public sealed class ModuleIsolationTests
{
    /// <summary>The other module, built beside the tests from tests/Rearank.OtherModule.</summary>
    private static string OtherModule =>
        Path.Combine(AppContext.BaseDirectory.Replace("Rearank.PowerShell.Tests", "Rearank.OtherModule"), "Rearank.OtherModule.dll");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Another_module_with_another_CsvHelper_works_beside_this_one(bool otherFirst)
    {
        Assert.True(File.Exists(OtherModule), $"The other module was not built: {OtherModule}");
        var csv = Fixtures.NewPath("hits.csv");
        var other = $"Import-Module '{OtherModule}'; 'other: ' + (Write-OtherCsv)";
        var ours = $$"""
            Import-Module '{{ModuleHost.ManifestPath}}'
            [Rearank.Core.Model.RankedHit]@{ QueryId = 'q1'; DocId = 'd1'; Rank = 1; Score = 2.5 } | Export-RankingCsv '{{csv}}' -Force | Out-Null
            'ours: ' + (@(Import-TrecRun '{{csv}}').DocId -join ',')
            """;
        var script = string.Join("\n", otherFirst ? [other, ours, other] : [ours, other, ours]) + """

            [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CsvHelper' } |
                ForEach-Object { 'loaded: ' + $_.GetName().Version + ' in ' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } | Sort-Object
            """;

        var (exitCode, output) = ChildPwsh.Run(script);

        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(otherFirst ? 2 : 1, lines.Count(l => l.StartsWith("other: 33.0.0.0|Name,Value")));
        Assert.Equal(otherFirst ? 1 : 2, lines.Count(l => l == "ours: d1"));
        // Two versions side by side: 33 in PowerShell's default context, 34 in the module's own.
        Assert.Contains("loaded: 33.0.0.0 in Default", lines);
        Assert.Contains("loaded: 34.0.0.0 in Rearank", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Exception") || l.Contains("Could not load"));
    }

    [Fact]
    public void The_module_s_types_are_reachable_by_name_and_live_in_its_own_context()
    {
        var result = ModuleHost.Run("""
            $document = [Rearank.Core.Model.Document]::new('d1', $null, 'text')
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($document.GetType().Assembly).Name
            $document -is [Rearank.Core.Model.Document]
            """).AssertClean();

        Assert.Equal("Rearank", result.Output[0].BaseObject);
        Assert.True((bool)result.Output[1].BaseObject);
    }
}
