using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests;

public sealed class ExportCommandTests
{
    [Fact]
    public void Candidates_pipe_into_a_run_that_keeps_their_order()
    {
        var run = Fixtures.NewPath("run.txt");

        ModuleHost.Run("Import-RearankCandidate $candidates | Export-TrecRun $run -RunTag bm25",
            new Dictionary<string, object?> { ["candidates"] = Fixtures.CandidateFile(), ["run"] = run }).AssertClean();

        Assert.Equal(
            "1 Q0 a 1 3.500000 bm25\n1 Q0 b 2 3.499999 bm25\n1 Q0 c 3 1.250000 bm25\n2 Q0 d 1 9.000000 bm25\n",
            File.ReadAllText(run));
    }

    [Fact]
    public void Import_Csv_rows_bind_by_property_name_through_aliases()
    {
        var csv = Fixtures.Write("hits.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t2.5\nq1\td2\t1\n");
        var run = Fixtures.NewPath("run.txt");

        ModuleHost.Run("Import-Csv $csv -Delimiter \"`t\" | Export-TrecRun $run -RunTag beir",
            new Dictionary<string, object?> { ["csv"] = csv, ["run"] = run }).AssertClean();

        Assert.Equal("q1 Q0 d1 1 2.500000 beir\nq1 Q0 d2 2 1.000000 beir\n", File.ReadAllText(run));
    }

    [Fact]
    public void An_existing_file_needs_Force_and_WhatIf_writes_nothing()
    {
        var run = Fixtures.Write("run.txt", "keep me\n");
        var vars = new Dictionary<string, object?> { ["candidates"] = Fixtures.CandidateFile(), ["run"] = run };

        var refused = ModuleHost.Run("Import-RearankCandidate $candidates | Export-TrecRun $run", vars);
        // A cmdlet's terminating error ends its statement; the script records it in the error stream.
        Assert.Equal(ErrorCategory.ResourceExists, Assert.Single(refused.Errors).CategoryInfo.Category);
        Assert.Equal("keep me\n", File.ReadAllText(run));

        ModuleHost.Run("Import-RearankCandidate $candidates | Export-TrecRun $run -Force -WhatIf", vars).AssertClean();
        Assert.Equal("keep me\n", File.ReadAllText(run));

        ModuleHost.Run("Import-RearankCandidate $candidates | Export-TrecRun $run -Force", vars).AssertClean();
        Assert.Equal(4, File.ReadAllLines(run).Length);
    }

    [Fact]
    public void A_german_session_writes_the_same_bytes()
    {
        var invariantRun = Fixtures.NewPath("run.txt");
        var germanRun = Fixtures.NewPath("run.txt");
        var germanCsv = Fixtures.NewPath("hits.csv");
        const string script = "Import-RearankCandidate $candidates | Export-TrecRun $run -PassThru | Export-RankingCsv $csv";

        ModuleHost.Run(script, new Dictionary<string, object?> { ["candidates"] = Fixtures.CandidateFile(), ["run"] = invariantRun, ["csv"] = Fixtures.NewPath("a.csv") }).AssertClean();
        ModuleHost.Run(script, new Dictionary<string, object?> { ["candidates"] = Fixtures.CandidateFile(), ["run"] = germanRun, ["csv"] = germanCsv }, culture: "de-DE").AssertClean();

        Assert.Equal(File.ReadAllBytes(invariantRun), File.ReadAllBytes(germanRun));
        Assert.Contains("1,a,1,3.5,", File.ReadAllText(germanCsv));
    }

    [Fact]
    public void A_csv_export_reads_back_as_the_same_hits()
    {
        var csv = Fixtures.NewPath("hits.csv.gz");
        var vars = new Dictionary<string, object?> { ["candidates"] = Fixtures.CandidateFile(), ["csv"] = csv };

        var result = ModuleHost.Run("""
            Import-RearankCandidate $candidates | Export-RankingCsv $csv
            Import-TrecRun $csv | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.QueryId, $_.DocId, $_.Rank, $_.Score, $_.QueryText, $_.Text }
            """, vars).AssertClean();

        Assert.Equal(
            ["1|a|1|3.5|flea life cycle|A flea can live up to a year.", "1|b|2|3.5|flea life cycle|Fleas lay eggs.",
             "1|c|3|1.25|flea life cycle|Pets and fleas.", "2|d|1|9|wifi|Wi-Fi is a radio technology."],
            result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void A_hit_that_cannot_be_written_is_an_error_and_the_others_are_written()
    {
        var run = Fixtures.NewPath("run.txt");

        var result = ModuleHost.Run("""
            [pscustomobject]@{ qid = 'q'; docid = 'a'; score = 2 },
            [pscustomobject]@{ qid = 'q'; docid = 'has space'; score = 1 },
            [pscustomobject]@{ qid = 'q'; docid = 'c'; score = 0 } | Export-TrecRun $run
            """, new Dictionary<string, object?> { ["run"] = run });

        Assert.Equal(ErrorCategory.InvalidData, Assert.Single(result.Errors).CategoryInfo.Category);
        Assert.Equal("q Q0 a 1 2.000000 rearank\nq Q0 c 2 0.000000 rearank\n", File.ReadAllText(run));
    }

    [Fact]
    public void Finished_queries_are_on_disk_when_a_later_step_fails()
    {
        var source = Fixtures.NewPath("three.txt");
        File.WriteAllLines(source, Enumerable.Range(1, 3).SelectMany(q => Enumerable.Range(1, 3).Select(r => $"{q} Q0 d{r} {r} {10 - r} t")));
        var run = Fixtures.NewPath("run.txt");

        var result = ModuleHost.Run("""
            Import-TrecRun $source | ForEach-Object {
                if ($_.QueryId -eq '3') { throw 'interrupted' }
                $_
            } | Export-TrecRun $run
            """, new Dictionary<string, object?> { ["source"] = source, ["run"] = run });

        Assert.Contains("interrupted", result.Terminating?.Message);
        // Query 1 is known finished (query 2 started); query 2 may have had more hits to come, so it is not kept.
        Assert.Equal(["1 Q0 d1 1", "1 Q0 d2 2", "1 Q0 d3 3"], File.ReadAllLines(run).Select(l => l[..9]));
    }

    [Fact]
    public void Stopping_the_pipeline_like_Ctrl_C_keeps_every_query_known_finished()
    {
        var source = Fixtures.NewPath("big.txt");
        File.WriteAllLines(source, Enumerable.Range(1, 200).SelectMany(q => Enumerable.Range(1, 10).Select(r => $"{q} Q0 d{r} {r} {100 - r} t")));
        var run = Fixtures.NewPath("run.txt");
        using var reached = new ManualResetEventSlim();
        using var shell = ModuleHost.CreateShell(new Dictionary<string, object?> { ["source"] = source, ["run"] = run, ["reached"] = reached });
        shell.AddScript("""
            Import-TrecRun $source | ForEach-Object {
                if ($_.QueryId -eq '50' -and $_.Rank -eq 1) { $reached.Set(); Start-Sleep -Seconds 60 }
                $_
            } | Export-TrecRun $run
            """);

        var invocation = shell.BeginInvoke();
        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)), "the pipeline never reached query 50");
        shell.Stop();
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(invocation));

        // Query 49 was the last to arrive and query 50 never started, so 49 is not known to be finished.
        var lines = File.ReadAllLines(run);
        Assert.Equal(48 * 10, lines.Length);
        Assert.Equal("48 Q0 d10 10 90.000000 t", lines[^1]);
    }

    [Theory]
    [InlineData("Export-TrecRun", 49 * 10)]
    [InlineData("Export-RankingCsv", 1 + 49 * 10)]
    public void Stopping_in_the_middle_of_a_query_leaves_no_partial_query_in_the_file(string export, int lines)
    {
        var source = Fixtures.NewPath("big.txt");
        File.WriteAllLines(source, Enumerable.Range(1, 200).SelectMany(q => Enumerable.Range(1, 10).Select(r => $"{q} Q0 d{r} {r} {100 - r} t")));
        var output = Fixtures.NewPath("out");
        using var reached = new ManualResetEventSlim();
        using var shell = ModuleHost.CreateShell(new Dictionary<string, object?> { ["source"] = source, ["out"] = output, ["reached"] = reached });
        shell.AddScript($$"""
            Import-TrecRun $source | ForEach-Object {
                if ($_.QueryId -eq '50' -and $_.Rank -eq 5) { $reached.Set(); Start-Sleep -Seconds 60 }
                $_
            } | {{export}} $out
            """);

        var invocation = shell.BeginInvoke();
        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)), "the pipeline never reached query 50");
        shell.Stop();
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(invocation));

        var written = File.ReadAllLines(output);
        Assert.Equal(lines, written.Length);
        Assert.DoesNotContain(written, l => l.StartsWith("50 ") || l.StartsWith("\"50\""));
    }

    private static string ThreeQueries()
    {
        var source = Fixtures.NewPath("three.txt");
        File.WriteAllLines(source, Enumerable.Range(1, 3).SelectMany(q => Enumerable.Range(1, 3).Select(r => $"{q} Q0 d{r} {r} {10 - r} t")));
        return source;
    }

    [Fact]
    public void What_PassThru_let_through_to_Select_First_is_on_disk()
    {
        var run = Fixtures.NewPath("run.txt");
        var result = ModuleHost.Run("""
            $first = Import-TrecRun $source | Export-TrecRun $run -PassThru | Select-Object -First 2
            $first.DocId -join ','
            """, new Dictionary<string, object?> { ["source"] = ThreeQueries(), ["run"] = run }).AssertClean();

        Assert.Equal("d1,d2", result.Output.Single().BaseObject);
        Assert.Equal(["1 Q0 d1 1", "1 Q0 d2 2"], File.ReadAllLines(run).Select(l => l[..9]));
    }

    [LinuxFact]
    public void A_full_disk_is_a_terminating_error_naming_the_file()
    {
        // /dev/full fails every write with "No space left on device".
        var result = ModuleHost.Run("Import-TrecRun $source | Export-TrecRun /dev/full -Force",
            new Dictionary<string, object?> { ["source"] = ThreeQueries() });

        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("FileWriteFailed,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Contains("/dev/full", error.Exception.Message);
    }

    [Fact]
    public void A_second_export_to_a_file_being_written_is_refused()
    {
        var run = Fixtures.NewPath("run.txt");
        var result = ModuleHost.Run("""
            Import-TrecRun $source | Export-TrecRun $run -PassThru | Select-Object -First 1 | Export-TrecRun $run -Force
            """, new Dictionary<string, object?> { ["source"] = ThreeQueries(), ["run"] = run });

        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("FileLocked,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Contains(run, error.Exception.Message);
    }
}
