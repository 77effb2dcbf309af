using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>Merge-RankingRun and Get-RankingRunStatistics as a script uses them: files, variables, the pipeline.</summary>
public sealed class RunToolsTests
{
    // Both files carry the tag 'Anserini', as two Anserini runs do.
    private static readonly string First = Fixtures.Write("first.txt", "q1 Q0 d1 1 3.0 Anserini\nq1 Q0 d2 2 2.0 Anserini\nq1 Q0 d3 3 1.0 Anserini\n");
    private static readonly string Second = Fixtures.Write("second.txt", "q1 Q0 d3 1 10 Anserini\nq1 Q0 d4 2 6 Anserini\nq1 Q0 d1 3 0 Anserini\nq2 Q0 x 1 1 Anserini\n");

    [Fact]
    public void Run_files_with_one_tag_fuse_as_two_runs_and_the_fused_run_exports_and_evaluates()
    {
        var output = Fixtures.NewPath("rrf.trec");
        var qrels = Fixtures.Write("qrels.txt", "q1 0 d3 1\nq1 0 d2 1\n");
        var result = ModuleHost.Run("""
            $VerbosePreference = 'Continue'
            Merge-RankingRun $first, $second -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            Merge-RankingRun $first, $second | Export-TrecRun $output
            Get-Content $output
            (Merge-RankingRun $first, $second -Method CombMNZ -RunTag mnz | Measure-RankingQuality -Qrels $qrels -Metric P@2).Value
            """, new Dictionary<string, object?> { ["first"] = First, ["second"] = Second, ["output"] = output, ["qrels"] = qrels }).AssertClean();

        var lines = result.Output.Select(o => o.BaseObject.ToString()!).ToList();
        Assert.Contains("'Anserini (", lines[0]);
        Assert.Contains("first.txt)', 'Anserini (", lines[0]);
        // RRF: d3 and d1 tie (docid descending), then d4 and d2; the export writes ties a printed step apart.
        Assert.Equal(["q1 Q0 d3 1 0.032266 rrf", "q1 Q0 d1 2 0.032265 rrf", "q1 Q0 d4 3 0.016129 rrf", "q1 Q0 d2 4 0.016128 rrf", "q2 Q0 x 1 0.016393 rrf"], lines.Skip(1).Take(5));
        // CombMNZ ranks d3 and d1 first (2.0 each): one of the two judged documents in the top 2.
        Assert.Equal("0.5", Convert.ToString(result.Output[^1].BaseObject, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Piped_runs_are_told_apart_by_tag_weighted_and_streamed()
    {
        var tagged = Fixtures.Write("tagged.txt", File.ReadAllText(Second).Replace("Anserini", "dense"));
        var result = ModuleHost.Run("""
            $runs = @(Import-TrecRun $first) + @(Import-TrecRun $tagged)
            ($runs | Merge-RankingRun -Method CombSUM -Weight 1, 2 | Select-Object -First 2 | ForEach-Object { "$($_.DocId) $($_.Score)" }) -join ','
            $runs | Merge-RankingRun -Weight 1, 2, 3
            """, new Dictionary<string, object?> { ["first"] = First, ["tagged"] = tagged });

        Assert.Equal("d3 2,d4 1.2", result.Output[0].BaseObject);
        var error = Assert.Single(result.Errors.Concat(result.Terminating is null ? [] : [result.Terminating.ErrorRecord]));
        Assert.StartsWith("InvalidFusion", error.FullyQualifiedErrorId);
        Assert.Contains("3 weights for 2 runs (Anserini, dense)", error.Exception.Message);
    }

    [Fact]
    public void One_run_is_not_enough_to_fuse()
    {
        var result = ModuleHost.Run("Merge-RankingRun $first", new Dictionary<string, object?> { ["first"] = First });

        Assert.StartsWith("NoRun", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Statistics_count_ties_duplicates_grades_judged_share_and_overlap()
    {
        // q1: d2 and d3 tie at 2.0 and the rank column puts d2 first, but trec_eval orders the tie by docid descending;
        // q2 lists y twice.
        var run = Fixtures.Write("stats.txt", "q1 Q0 d1 1 3.0 r\nq1 Q0 d2 2 2.0 r\nq1 Q0 d3 3 2.0 r\nq2 Q0 y 1 5 r\nq2 Q0 y 2 4 r\nq2 Q0 z 3 -1 r\n");
        var other = Fixtures.Write("other.txt", "q1 Q0 d1 1 3 o\nq1 Q0 d9 2 2 o\nq3 Q0 z 1 1 o\n");
        var qrels = Fixtures.Write("qrels.txt", "q1 0 d1 2\nq1 0 d2 0\nq1 0 d8 1\nq2 0 z 0\nq4 0 w 1\n");
        var result = ModuleHost.Run("""
            Get-RankingRunStatistics $run, $other -Qrels $qrels -Overlap 2
            """, new Dictionary<string, object?> { ["run"] = run, ["other"] = other, ["qrels"] = qrels }).AssertClean();

        var stats = result.Output[0];
        Assert.Equal(("r", 2, 6L), ((string)stats.Properties["Run"].Value, (int)stats.Properties["Queries"].Value, (long)stats.Properties["Hits"].Value));
        Assert.Equal("3/3/3/3", stats.Properties["HitsPerQuery"].Value.ToString());
        Assert.Equal(2L, stats.Properties["TiedHits"].Value);
        Assert.Equal(1L, stats.Properties["DuplicateDocIds"].Value);
        Assert.Equal(2L, stats.Properties["RanksOutOfOrder"].Value);     // d3 and d2 swap places
        Assert.Equal((-1.0, 5.0), ((double)stats.Properties["MinScore"].Value, (double)stats.Properties["MaxScore"].Value));
        // Judged@10: q1 has d1, d2 judged of 3 listed = 2/10; q2 has z = 1/10 (y counted once); q4 is missing from the run.
        Assert.Equal(0.15, (double)stats.Properties["JudgedAt10"].Value, 12);
        Assert.Equal(1, stats.Properties["QrelsQueriesMissing"].Value);   // q4

        var judgments = result.Output[2];
        Assert.Equal("0: 2, 1: 2, 2: 1", judgments.Properties["GradeCounts"].Value);
        Assert.Equal("1/1.67/1/3", judgments.Properties["JudgedPerQuery"].Value.ToString());
        Assert.Equal(1, judgments.Properties["QueriesWithoutRelevant"].Value);  // q2 has only a grade 0

        // Over q1, the only query both rank: top 2 d1, d9 against d1, d3 (the tie goes to d3).
        var overlap = result.Output[3];
        Assert.Equal(("o", "r", 1), ((string)overlap.Properties["Run"].Value, (string)overlap.Properties["Other"].Value, (int)overlap.Properties["SharedQueries"].Value));
        Assert.Equal((0.5, 1 / 3.0), ((double)overlap.Properties["MeanOverlap"].Value, (double)overlap.Properties["MeanJaccard"].Value));
        Assert.Equal((1, 1, 0), ((int)overlap.Properties["QueriesOnlyInRun"].Value, (int)overlap.Properties["QueriesOnlyInOther"].Value, (int)overlap.Properties["IdenticalTopK"].Value));
        Assert.Equal(4, result.Output.Count);
    }
}
