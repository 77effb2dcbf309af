using Rearank.PowerShell.Tests.Support;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests;

/// <summary>examples/Invoke-ScheduledEvaluation.ps1 end to end with a tiny generated model: passing runs and a forced regression.</summary>
public sealed class ScheduledEvaluationTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Runs_append_to_the_history_and_a_significant_drop_fails_the_job()
    {
        var manifest = ModuleHost.ManifestPath;
        var output = temp.PathOf("scheduled");
        var model = temp.PathOf("tiny.gguf");
        // A random model answers only with the guard (-ForceAnswer), so its reranking moves documents at random.
        // The best possible run: every query's judged documents by grade. Nothing reranked at random can match it.
        var ideal = temp.PathOf("ideal.trec");
        var common = $"-ModulePath '{manifest}' -ModelPath '{model}' -OutputDirectory '{output}' -Depth 8 -WindowSize 4 -Step 2 -MaxNewTokens 48 -ContextSize 16384 -ForceAnswer";

        var prepare = ChildPwsh.Run($"Import-Module '{manifest}'; New-RearankTestModel '{model}' | Out-Null; " +
                           "Import-RearankQrels ./examples/data/qrels/test.tsv | Sort-Object QueryId, @{ Expression = 'Relevance'; Descending = $true } | " +
                           $"ForEach-Object {{ [pscustomobject]@{{ qid = $_.QueryId; docid = $_.DocId; score = $_.Relevance }} }} | Export-TrecRun '{ideal}' -RunTag ideal");
        Assert.True(prepare.ExitCode == 0, prepare.Output);

        var first = ChildPwsh.Run($"& ./examples/Invoke-ScheduledEvaluation.ps1 {common}; exit $LASTEXITCODE");
        Assert.True(first.ExitCode == 0, first.Output);
        var second = ChildPwsh.Run($"& ./examples/Invoke-ScheduledEvaluation.ps1 {common}; exit $LASTEXITCODE");
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("passed: no measure dropped significantly", second.Output);

        var regression = ChildPwsh.Run($"& ./examples/Invoke-ScheduledEvaluation.ps1 {common} -BaselineRun '{ideal}'; exit $LASTEXITCODE");
        Assert.True(regression.ExitCode == 1, regression.Output);
        Assert.Contains("REGRESSION", regression.Output);

        var history = File.ReadAllLines(Path.Combine(output, "history.csv"));
        Assert.Equal(1 + 3 * 2, history.Length);
        Assert.StartsWith("\"Timestamp\",\"RunId\",\"Dataset\",\"Measure\",\"Value\",\"Settings\",\"RunFile\"", history[0]);
        Assert.Equal(3, Directory.GetFiles(output, "data.report.html", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Servers_that_cannot_be_reached_fail_the_job()
    {
        var manifest = ModuleHost.ManifestPath;
        var output = temp.PathOf("unreachable");
        var run = ChildPwsh.Run($"& ./examples/Invoke-ScheduledEvaluation.ps1 -ModulePath '{manifest}' -Endpoint http://127.0.0.1:1/v1 -Model m -OutputDirectory '{output}' -Depth 8 -WindowSize 4 -Step 2; exit $LASTEXITCODE");

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("No server has answered", run.Output);
    }

    public void Dispose() => temp.Dispose();
}
