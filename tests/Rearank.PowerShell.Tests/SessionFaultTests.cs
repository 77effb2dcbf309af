using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>Faults of the model and the session: none may kill the process or leave a caller waiting.</summary>
public sealed class SessionFaultTests
{
    private static Dictionary<string, object?> Paths() => new()
    {
        ["model"] = Fixtures.NewPath("model.gguf"), ["candidates"] = Fixtures.CandidateFile(),
    };

    [Fact]
    public void A_model_llama_cpp_would_assert_on_is_refused_and_the_process_lives()
    {
        var result = ModuleHost.Run("""
            $shape = [Rearank.Core.TestModels.ModelShape]::new(64, 0, 4, 2, 128, 291, 'F32')
            [Rearank.Core.TestModels.RandomQwen2Model]::Write($model, $shape, 1, $null)
            Open-RearankSession $model
            'alive'
            """, Paths());

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("block_count is 0", error.Exception.Message);
        Assert.Equal("alive", result.Output.Last().BaseObject);
    }

    [Fact]
    public void NaN_logits_fail_the_window_keep_its_order_and_the_run_goes_on()
    {
        var result = ModuleHost.Run("""
            [Rearank.Core.TestModels.ScriptedQwen2Model]::Write($model, [string[]]('<think>', 'xy', '</think>'), '<|im_end|>', [float]::NaN)
            $s = Open-RearankSession $model -ContextSize 4096
            Import-RearankCandidate $candidates | Where-Object QueryId -eq '1' | Invoke-RearankRerank -Session $s -WarningAction SilentlyContinue -OutVariable out | Out-Null
            Close-RearankSession $s
            ($out.DocId -join ',')
            $out[0].Trace.Windows[0].StopReason.ToString()
            $out[0].Trace.Windows[0].Failure
            """, Paths());

        Assert.Equal(["a,b,c", "Failed", "the model produced NaN or infinite logits"], result.Output.Select(o => o.BaseObject.ToString()));
        // The query is reported failed; its only window failed, so the run as a whole reranked nothing: said at the end, after the hits.
        Assert.Equal(["WindowsFailed", "NothingReranked"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Contains("Every one of the 1 windows failed", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void Closing_a_session_while_another_runspace_reranks_answers_every_waiting_window_at_once()
    {
        var vars = Paths();
        using var owner = ModuleHost.CreateShell(vars);
        owner.AddScript("""
            New-RearankTestModel $model -Force | Out-Null
            Open-RearankSession $model -ContextSize 4096 -MaxParallel 1
            """);
        var session = owner.Invoke().Last();
        owner.Commands.Clear();

        vars["session"] = session;
        using var worker = ModuleHost.CreateShell(vars);
        // Many queries, one window at a time, long budgets: most windows are still queued when the session closes.
        worker.AddScript("""
            $hits = 1..12 | ForEach-Object { $q = $_; 1..4 | ForEach-Object { [Rearank.Core.Model.RankedHit]@{ QueryId = "q$q"; QueryText = 'fleas'; DocId = "d$_"; Rank = $_; Score = 10 - $_; Text = "passage $_" } } }
            $hits | Invoke-RearankRerank -Session $session -MaxNewTokens 2500 -MaxConcurrentQueries 12 -ErrorAction Continue
            """);
        var running = worker.BeginInvoke();
        // Closed once decoding is under way (not after a guessed pause): windows are then running and queued.
        SpinWait.SpinUntil(() => Convert.ToInt64(session.Properties["GeneratedTokens"].Value) > 0 || running.IsCompleted, TimeSpan.FromMinutes(5));
        owner.AddScript("Close-RearankSession $session");
        owner.Invoke();

        Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)), "the rerank still waits 20 s after the session closed");
        worker.EndInvoke(running);
        Assert.NotEmpty(worker.Streams.Error);
        var messages = string.Join(" | ", worker.Streams.Error.Select(e => e.Exception.Message));
        Assert.True(worker.Streams.Error.Any(e => e.Exception.Message.Contains("session was closed", StringComparison.OrdinalIgnoreCase)
                                                  || e.Exception.Message.Contains("session is closed", StringComparison.OrdinalIgnoreCase)), messages);
    }

    [Fact]
    public void Closing_a_session_twice_is_a_warning_not_a_crash()
    {
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 1024
            Close-RearankSession $s
            Close-RearankSession $s
            'alive'
            """, Paths()).AssertClean();

        Assert.Contains(result.Warnings, w => w.Contains("already closed"));
        Assert.Equal("alive", result.Output.Last().BaseObject);
    }
}
