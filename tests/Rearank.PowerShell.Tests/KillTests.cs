using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>A pwsh killed outright (no cleanup at all) leaves files a rerun can trust and continue.</summary>
public sealed class KillTests
{
    private static void KillWhen(string flag, System.Diagnostics.Process process)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // A generous bound for a loaded machine: the condition, not the clock, decides when to kill.
        while (!File.Exists(flag) && waited.Elapsed < TimeSpan.FromSeconds(300) && !process.HasExited) Thread.Sleep(100);
        Assert.True(File.Exists(flag), "the child never reached the point to kill it at");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Whether this process can take the writer's lock (.NET takes an exclusive flock for FileShare.None).</summary>
    private static bool LockIsFree(string lockPath)
    {
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return !File.Exists(lockPath);
        }
    }

    [Fact]
    public void A_killed_export_ends_at_its_last_finished_query()
    {
        var source = Fixtures.NewPath("big.txt");
        File.WriteAllLines(source, Enumerable.Range(1, 200).SelectMany(q => Enumerable.Range(1, 10).Select(r => $"{q} Q0 d{r} {r} {100 - r} t")));
        var run = Fixtures.NewPath("run.txt");
        var flag = Fixtures.NewPath("reached");
        using var child = ChildPwsh.Start($$"""
            Import-Module '{{ModuleHost.ManifestPath}}'
            Import-TrecRun '{{source}}' | ForEach-Object {
                if ($_.QueryId -eq '50' -and $_.Rank -eq 5) { 'x' | Set-Content '{{flag}}'; Start-Sleep -Seconds 120 }
                $_
            } | Export-TrecRun '{{run}}'
            """);

        KillWhen(flag, child);

        var lines = File.ReadAllLines(run);
        Assert.Equal(49 * 10, lines.Length);   // query 50 had begun, so 49 was known finished; none of 50 is there
        Assert.Equal("49 Q0 d10 10 90.000000 t", lines[^1]);
    }

    [Fact]
    public void A_killed_rerank_resumes_from_its_traces_without_redoing_finished_queries()
    {
        var folder = Fixtures.NewPath("killed");
        Directory.CreateDirectory(folder);
        var (model, trace, flag) = (Path.Combine(folder, "m.gguf"), Path.Combine(folder, "t.jsonl"), Path.Combine(folder, "reached"));
        const string Hits = """
            $hits = 1..30 | ForEach-Object { $q = $_; 1..3 | ForEach-Object { [Rearank.Core.Model.RankedHit]@{ QueryId = "q$q"; QueryText = 'fleas'; DocId = "d$_"; Rank = $_; Score = 10 - $_; Text = "passage $_" } } }
            """;
        using var child = ChildPwsh.Start($$"""
            Import-Module '{{ModuleHost.ManifestPath}}'
            New-RearankTestModel '{{model}}' -Reply '<think>', 'Passage 2.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
            $s = Open-RearankSession '{{model}}' -ContextSize 4096 -MaxParallel 1
            {{Hits}}
            $hits | ForEach-Object {
                if ($_.QueryId -eq 'q20' -and $_.Rank -eq 1) {
                    # With one query in flight and one waiting, q1..q17 are known finished (their traces written) once
                    # q20 arrives; wait until the file shows them, however slow the machine, then get killed.
                    $bound = [Diagnostics.Stopwatch]::StartNew()
                    while (@(Get-Content '{{trace}}' -ErrorAction Ignore).Count -lt 17 -and $bound.Elapsed.TotalSeconds -lt 240) { Start-Sleep -Milliseconds 50 }
                    'x' | Set-Content '{{flag}}'; Start-Sleep -Seconds 600 }
                $_
            } | Invoke-RearankRerank -Session $s -TracePath '{{trace}}' -MaxConcurrentQueries 1 | Out-Null
            """);

        KillWhen(flag, child);
        // The root is reaped before the last process of its tree has exited, and that one holds the trace's lock until it has.
        SpinWait.SpinUntil(() => LockIsFree(trace + ".lock"), TimeSpan.FromMinutes(1));
        var finished = File.ReadAllLines(trace).Length;
        Assert.InRange(finished, 17, 19);

        var result = ModuleHost.Run(Hits + "\n" + """
            $s = Open-RearankSession $model -ContextSize 4096
            $out = @($hits | Invoke-RearankRerank -Session $s -TracePath $trace -ResumeFrom $trace)
            $out.Count
            ($out | Group-Object QueryId).Count
            Close-RearankSession $s
            """, new Dictionary<string, object?> { ["model"] = model, ["trace"] = trace }).AssertClean();

        Assert.Equal([90, 30], result.Output.Select(o => (int)o.BaseObject));
        Assert.Equal(30, File.ReadAllLines(trace).Length);   // the finished ones replayed, the rest appended, none twice
    }
}
