using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// Decoding through real llama.cpp with scripted models, whose greedy reply is known byte for byte: REARANK's
/// unconstrained default, the stop at every end-of-generation token, and the opt-in answer guard.
/// </summary>
public sealed class DecodingTests
{
    /// <summary>A well-formed reply with what the old grammar refused: non-ASCII text, '&lt;' in the reasoning, spaces in the answer.</summary>
    private const string WellFormed = """
        $reply = '<think>', 'Für « <b>fleas</b> » ', 'passage 2 is best.', '</think>', "`n<answer>", ' [2] >', ' [1] >', ' [3] ', '</answer>'
        """;

    private static Dictionary<string, object?> Paths() => new()
    {
        ["model"] = Fixtures.NewPath("scripted.gguf"), ["candidates"] = Fixtures.CandidateFile(),
    };

    private static List<PSObject> Windows(PSObject hit) =>
        ((System.Collections.IEnumerable)PSObject.AsPSObject(hit.Properties["Trace"].Value).Properties["Windows"].Value).Cast<object>().Select(PSObject.AsPSObject).ToList();

    [Fact]
    public void By_default_the_model_writes_freely_and_its_answer_is_parsed_as_upstream_does()
    {
        var result = ModuleHost.Run(WellFormed + "\n" + """
            New-RearankTestModel $model -Reply $reply -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096
            Import-RearankCandidate $candidates | Where-Object QueryId -eq '1' | Invoke-RearankRerank -Session $s
            Close-RearankSession $s
            """, Paths()).AssertClean();

        Assert.Equal(["b", "a", "c"], result.Values<string>("DocId"));
        var window = Windows(result.Output[0]).Single();
        Assert.Equal("<think>Für « <b>fleas</b> » passage 2 is best.</think>\n<answer> [2] > [1] > [3] </answer>", (string)window.Properties["RawOutput"].Value);
        Assert.True((bool)window.Properties["FormatValid"].Value);
        Assert.Equal("EndOfTurn", window.Properties["StopReason"].Value.ToString());
        Assert.Equal(10, (int)window.Properties["OutputTokens"].Value);   // nine pieces and the end of the turn
        Assert.Null(window.Properties["AnswerGuard"].Value);
    }

    [Fact]
    public void Windows_queued_beyond_the_parallel_limit_each_get_their_reply_and_the_session_accounts_prompt_and_generation_apart()
    {
        var result = ModuleHost.Run(WellFormed + "\n" + """
            New-RearankTestModel $model -Reply $reply -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -MaxParallel 2
            $messages = [Rearank.Core.Reranking.PromptTemplates]::Rearank.Messages('flea life cycle', [string[]]@('A flea can live up to a year.', 'Fleas lay eggs.', 'Pets and fleas.'))
            $request = [Rearank.Core.Reranking.WindowRequest]::new('1', [Rearank.Core.Reranking.RankWindow]::new(0, 3), $messages, 3, $true, 64)
            # Five windows at once through two sequences: queued ones are admitted as others finish.
            $tasks = 1..5 | ForEach-Object { $s.CompleteAsync($request, [Threading.CancellationToken]::None) }
            [Threading.Tasks.Task]::WaitAll([Threading.Tasks.Task[]]$tasks)
            $tasks | ForEach-Object { $_.Result.Text }
            # Each window's first token comes with its prompt; every other token is decoded in a generation step.
            $s.GenerationStepTokens -eq ($s.GeneratedTokens - 5)
            $s.PromptTokensPerSecond -gt 0 -and $s.GeneratedTokensPerSecond -gt 0
            $s.PromptTime -gt [timespan]::Zero -and $s.GenerationTime -gt [timespan]::Zero
            ($s | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_ -match 'ForceAnswer' }
            Close-RearankSession $s
            """, Paths()).AssertClean();

        var texts = result.Output.Take(5).Select(o => (string)o.BaseObject).ToList();
        Assert.All(texts, t => Assert.Equal("<think>Für « <b>fleas</b> » passage 2 is best.</think>\n<answer> [2] > [1] > [3] </answer>", t));
        Assert.Equal([true, true, true], result.Output.Skip(5).Take(3).Select(o => (bool)o.BaseObject));
        Assert.Matches(@"GpuLayers\s+Threads\s+ForceAnswer\s+LoadSeconds\s+KvCacheGiB\s+PromptTok/s\s+GenTok/s", (string)result.Output[8].BaseObject);
    }

    [Fact]
    public void A_random_model_decoded_freely_writes_what_the_old_grammar_refused()
    {
        var vars = Paths();
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096
            Import-RearankCandidate $candidates | Where-Object QueryId -eq '1' | Invoke-RearankRerank -Session $s -MaxNewTokens 200 |
                Select-Object -First 1 | ForEach-Object { $_.Trace.Windows[0].RawOutput }
            Close-RearankSession $s
            """, vars).AssertClean();

        var text = (string)result.Output[0].BaseObject;
        // The old grammar allowed printable ASCII without '<' and newlines only.
        Assert.Contains(text, c => c is not ('\n' or >= ' ' and <= '~') || c == '<');
    }

    [Fact]
    public void Decoding_stops_at_every_end_of_generation_token_not_only_the_eos()
    {
        var result = ModuleHost.Run(WellFormed + "\n" + """
            New-RearankTestModel $model -Reply $reply -EndToken endoftext -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096
            Import-RearankCandidate $candidates | Where-Object QueryId -eq '1' | Invoke-RearankRerank -Session $s -MaxNewTokens 100 | Select-Object -First 1
            Close-RearankSession $s
            """, Paths()).AssertClean();

        var window = Windows(result.Output[0]).Single();
        Assert.EndsWith("</answer>", (string)window.Properties["RawOutput"].Value);
        Assert.Equal("EndOfTurn", window.Properties["StopReason"].Value.ToString());
        Assert.Equal(10, (int)window.Properties["OutputTokens"].Value);
    }

    [Fact]
    public void The_guarded_output_is_token_for_token_the_free_one_where_the_free_one_answers()
    {
        var result = ModuleHost.Run(WellFormed + "\n" + """
            New-RearankTestModel $model -Reply $reply -Force | Out-Null
            $free = Open-RearankSession $model -ContextSize 4096
            $guarded = Open-RearankSession $model -ContextSize 4096 -ForceAnswer
            $q = @(Import-RearankCandidate $candidates | Where-Object QueryId -eq '1')
            $a = $q | Invoke-RearankRerank -Session $free | Select-Object -First 1
            $b = $q | Invoke-RearankRerank -Session $guarded | Select-Object -First 1
            $free, $guarded | Close-RearankSession
            $a.Trace.Windows[0]
            $b.Trace.Windows[0]
            """, Paths()).AssertClean();

        var (free, guarded) = (result.Output[0], result.Output[1]);
        Assert.Equal((string)free.Properties["RawOutput"].Value, (string)guarded.Properties["RawOutput"].Value);
        Assert.Equal((int)free.Properties["OutputTokens"].Value, (int)guarded.Properties["OutputTokens"].Value);
        var guard = PSObject.AsPSObject(guarded.Properties["AnswerGuard"].Value);
        Assert.Equal("reasoning closed", (string)guard.Properties["Reason"].Value);
        Assert.Equal(4, (int)guard.Properties["EngagedAt"].Value);      // after <think>, two reasoning pieces and </think>
        Assert.Null(guard.Properties["ForcedAt"].Value);
    }

    [Fact]
    public void Reasoning_that_would_run_past_the_budget_is_closed_and_answered_within_it()
    {
        var result = ModuleHost.Run("""
            $reply = @('<think>') + (1..80 | ForEach-Object { "step $_ " })
            New-RearankTestModel $model -Reply $reply -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -ForceAnswer
            Import-RearankCandidate $candidates | Where-Object QueryId -eq '1' | Invoke-RearankRerank -Session $s -WindowSize 3 -MaxNewTokens 50 | Select-Object -First 1
            Close-RearankSession $s
            """, Paths()).AssertClean();

        var window = Windows(result.Output[0]).Single();
        var text = (string)window.Properties["RawOutput"].Value;
        Assert.StartsWith("<think>step 1 step 2 ", text);
        Assert.True((bool)window.Properties["FormatValid"].Value, text);
        Assert.True((int)window.Properties["OutputTokens"].Value <= 50);
        var guard = PSObject.AsPSObject(window.Properties["AnswerGuard"].Value);
        // "</think>\n<answer>[1] > [2] > [3]</answer>" is 41 characters; with the end of the turn, 42 tokens are kept for it.
        Assert.Equal(("token budget", 8, 8), ((string)guard.Properties["Reason"].Value, (int)guard.Properties["EngagedAt"].Value, (int?)guard.Properties["ForcedAt"].Value));
    }

    [Fact]
    public void Every_budget_the_parameter_takes_works_with_and_without_the_guard()
    {
        // A window of 20 short passages, the budget above the bound that made the old grammar crash llama.cpp.
        var vars = Paths();
        vars["twenty"] = Fixtures.Write("twenty.json", "[{\"query\": \"fleas\", \"hits\": [" +
            string.Join(",", Enumerable.Range(1, 20).Select(i => $"{{\"qid\": \"q\", \"docid\": \"d{i}\", \"rank\": {i}, \"score\": {30 - i}, \"content\": \"passage {i}\"}}")) + "]}]");
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            $hits = @(Import-RearankCandidate $twenty)
            foreach ($guard in $false, $true) {
                $s = Open-RearankSession $model -ContextSize 8192 -MaxParallel 1 -ForceAnswer:$guard
                $out = $hits | Invoke-RearankRerank -Session $s -MaxNewTokens 2600
                $w = $out[0].Trace.Windows[0]
                "$guard $($w.OutputTokens) $($w.StopReason) $($w.RawOutput -match '<answer>\s?\[\d+\].*</answer>$')"
                Close-RearankSession $s
            }
            """, vars).AssertClean();

        Assert.Equal(2, result.Output.Count);
        // A random model rarely answers by itself; guarded, its window always ends in an answer.
        Assert.Matches(@"^False \d+ (MaxNewTokens|EndOfTurn) (True|False)$", (string)result.Output[0].BaseObject);
        Assert.Matches(@"^True \d+ (EndOfTurn|MaxNewTokens|AnswerCompletedByGuard) True$", (string)result.Output[1].BaseObject);
        Assert.All(result.Output, o => Assert.True(int.Parse(((string)o.BaseObject).Split(' ')[1]) <= 2600));
    }

    [Fact]
    public void A_budget_too_small_for_the_promised_answer_is_refused_before_decoding()
    {
        var vars = Paths();
        var result = ModuleHost.Run(WellFormed + "\n" + """
            New-RearankTestModel $model -Reply $reply -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -ForceAnswer
            Import-RearankCandidate $candidates | Where-Object QueryId -eq '1' | Invoke-RearankRerank -Session $s -WindowSize 3 -MaxNewTokens 20
            $s.GeneratedTokens
            Close-RearankSession $s
            """, vars);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("AnswerBudgetTooSmall", error.FullyQualifiedErrorId);
        Assert.Contains("needs at least 42 new tokens; the budget is 20", error.Exception.Message);
        Assert.Equal(0L, result.Output.Single().BaseObject);
    }
}
