using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>Runs side by side: the same queries for every run, tables for papers, every pair compared, and no silent empty run.</summary>
public sealed class RankingTableCommandTests
{
    // Three judged queries; 'short' ranks only q1, 'empty' ranks only a query nobody judged.
    private const string Qrels = "q1 0 a 1\nq1 0 b 0\nq2 0 c 1\nq2 0 d 0\nq3 0 e 1\nq3 0 f 0\n";
    private const string Full = "q1 Q0 b 1 2 full\nq1 Q0 a 2 1 full\nq2 Q0 c 1 2 full\nq2 Q0 d 2 1 full\nq3 Q0 e 1 2 full\nq3 Q0 f 2 1 full\n";
    private const string Short = "q1 Q0 a 1 2 short\nq1 Q0 b 2 1 short\n";
    private const string Unjudged = "q9 Q0 z 1 2 unjudged\n";

    private static Dictionary<string, object?> Files() => new()
    {
        ["qrels"] = Fixtures.Write("qrels.txt", Qrels),
        ["full"] = Fixtures.Write("full.txt", Full),
        ["short"] = Fixtures.Write("short.txt", Short),
        ["unjudged"] = Fixtures.Write("unjudged.txt", Unjudged),
        ["scratch"] = Fixtures.NewPath("tables"),
    };

    [Fact]
    public void A_table_averages_every_run_over_the_queries_all_share_and_names_what_was_dropped()
    {
        var result = ModuleHost.Run("Export-RankingTable -Run $full, $short -Qrels $qrels -Metric recip_rank -Format Csv", Files());

        Assert.Empty(result.Errors);
        var rows = ((string)result.Output.Single().BaseObject).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Over q1 alone: full ranks a second (0.5), short first (1).
        Assert.Equal("a,full,1,0.5000,false,", rows[1]);
        Assert.Equal("b,short,1,1.0000,true,", rows[2]);
        // The drop is named once, for the run that lost queries; 'short' is told it lacks them, as Measure-RankingQuality would.
        var warning = Assert.Single(result.Warnings, w => w.Contains("'full'"));
        Assert.Contains("q2, q3", warning);
        Assert.Contains("-OwnQueries", warning);
    }

    [Fact]
    public void OwnQueries_averages_each_run_over_its_own()
    {
        var result = ModuleHost.Run("Export-RankingTable -Run $full, $short -Qrels $qrels -Metric recip_rank -Format Csv -OwnQueries", Files()).AssertClean();

        var rows = ((string)result.Output.Single().BaseObject).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("a,full,3,0.8333,false,", rows[1]);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("averaged over the"));
    }

    [Fact]
    public void A_latex_file_is_written_whole_and_returned_as_an_item()
    {
        var vars = Files();
        Directory.CreateDirectory((string)vars["scratch"]!);
        var result = ModuleHost.Run("""
            $item = Export-RankingTable (Join-Path $scratch 'results.tex') -Run $full, $short -Qrels $qrels -Metric nDCG@10, RR -Label tab:r -OwnQueries
            $item.PSPath -ne $null
            Get-Content -Raw $item
            """, vars).AssertClean();

        Assert.True((bool)result.Output[0].BaseObject);
        var latex = (string)result.Output[1].BaseObject;
        Assert.Contains("\\begin{tabular}{llrr}", latex);
        Assert.Contains("& Run & nDCG@10 & RR \\\\", latex);
        Assert.Contains("\\label{tab:r}", latex);
        Assert.Contains("\\bottomrule", latex);
    }

    [Fact]
    public void A_path_that_names_no_format_is_an_error()
    {
        var result = ModuleHost.Run("Export-RankingTable (Join-Path $scratch 'results.txt') -Run $full -Qrels $qrels", Files());

        Assert.Equal("UnknownTableFormat,Rearank.PowerShell.Commands.ExportRankingTableCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("Export-RankingTable -Run $full, $unjudged -Qrels $qrels", "ExportRankingTableCommand")]
    [InlineData("Compare-RankingRun -Baseline $full -Run $unjudged -Qrels $qrels", "CompareRankingRunCommand")]
    [InlineData("Compare-RankingRun -Run $full, $unjudged -Qrels $qrels", "CompareRankingRunCommand")]
    [InlineData("Export-RearankReport (Join-Path $scratch 'r.html') -Run $full, $unjudged -Qrels $qrels", "ExportRearankReportCommand")]
    public void A_run_without_a_judged_query_is_an_error_not_a_silent_row(string script, string command)
    {
        var vars = Files();
        Directory.CreateDirectory((string)vars["scratch"]!);
        var result = ModuleHost.Run(script, vars);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"EmptyRun,Rearank.PowerShell.Commands.{command}", error.FullyQualifiedErrorId);
        Assert.Contains("'unjudged'", error.Exception.Message);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Without_a_baseline_every_pair_of_runs_is_compared()
    {
        var vars = Files();
        vars["rev"] = Fixtures.Write("rev.txt", Full.Replace(" 2 full", " 0 rev").Replace(" full", " rev"));
        var result = ModuleHost.Run("Compare-RankingRun -Run $full, $short, $rev -Qrels $qrels -Metric recip_rank, P.1 -Permutations 100", vars);

        Assert.Empty(result.Errors);
        var pairs = result.Output.Select(o => $"{o.Properties["BaselineRun"].Value}-{o.Properties["Run"].Value}").Distinct().ToList();
        Assert.Equal(["full-short", "full-rev", "short-rev"], pairs);
        Assert.Equal(6, result.Output.Count);
        Assert.All(result.Output, o => Assert.True((double)o.Properties["TTestPAdjusted"].Value >= (double)o.Properties["TTestP"].Value || double.IsNaN((double)o.Properties["TTestP"].Value)));
    }

    [Fact]
    public void The_report_names_the_common_queries_it_averaged()
    {
        var vars = Files();
        Directory.CreateDirectory((string)vars["scratch"]!);
        var result = ModuleHost.Run("""
            $item = Export-RearankReport (Join-Path $scratch 'r.html') -Run $full, $short -Qrels $qrels -Metric recip_rank
            Get-Content -Raw $item
            """, vars);

        Assert.Empty(result.Errors);
        Assert.Contains("the 1 judged queries every run ranks", (string)result.Output.Last().BaseObject);
        Assert.Contains(result.Warnings, w => w.Contains("'full'") && w.Contains("q2, q3"));
    }
}
