using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>New-RearankTestModel with Qwen2.5's real tokenizer: the file loads, and a bad tokenizer is a clear error.</summary>
public sealed class TestModelTests
{
    [SharedDataFact]
    public void A_model_with_the_real_tokenizer_loads_and_has_qwen25s_vocabulary()
    {
        var vars = new Dictionary<string, object?>
        {
            ["model"] = Fixtures.NewPath("real-vocab.gguf"), ["tokenizer"] = SharedData.PathOf("qwen2.5-tokenizer/tokenizer.json"),
        };
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Tokenizer $tokenizer -Quantization Q8_0 -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -MaxParallel 1
            $s.CountTokens($s.Render([Rearank.Core.Model.ChatMessage[]]@([Rearank.Core.Model.ChatMessage]::new('user', 'How long do fleas live?'))))
            Close-RearankSession $s
            """, vars).AssertClean();

        // "<|im_start|>user\nHow long do fleas live?<|im_end|>\n<|im_start|>assistant\n" in Qwen2.5's ids: 3 + 7 + 2 + 3.
        Assert.Equal(15, Convert.ToInt32(result.Output[^1].BaseObject));
    }

    [Fact]
    public void A_file_that_is_not_a_tokenizer_is_an_invalid_tokenizer_error_and_a_missing_one_is_not_found()
    {
        var notTokenizer = Fixtures.NewPath("not-a-tokenizer.json");
        File.WriteAllText(notTokenizer, """{"model": {"type": "WordPiece"}}""");
        var vars = new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf"), ["bad"] = notTokenizer, ["missing"] = Fixtures.NewPath("none.json") };

        var bad = ModuleHost.Run("New-RearankTestModel $model -Tokenizer $bad -Force", vars);
        var missing = ModuleHost.Run("New-RearankTestModel $model -Tokenizer $missing -Force", vars);

        Assert.Equal("InvalidTokenizer,Rearank.PowerShell.Commands.NewRearankTestModelCommand", Assert.Single(bad.Errors).FullyQualifiedErrorId);
        Assert.Contains("not a Hugging Face BPE tokenizer.json", bad.Errors[0].Exception.Message);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, Assert.Single(missing.Errors).CategoryInfo.Category);
        Assert.False(File.Exists((string)vars["model"]!));
    }

    [SharedDataFact]
    public void A_scripted_model_with_the_real_tokenizer_replies_its_pieces_and_sees_real_prompt_lengths()
    {
        var vars = new Dictionary<string, object?>
        {
            ["model"] = Fixtures.NewPath("scripted-real.gguf"), ["tokenizer"] = SharedData.PathOf("qwen2.5-tokenizer/tokenizer.json"),
        };
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Tokenizer $tokenizer -Reply '<think>', 'Passage 2.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -MaxParallel 1
            $hits = 1..2 | ForEach-Object { [Rearank.Core.Model.RankedHit]@{ QueryId = 'q'; QueryText = 'How long do fleas live?'; DocId = "d$_"; Rank = $_; Score = 3 - $_; Text = "passage $_" } }
            $out = $hits | Invoke-RearankRerank -Session $s
            ($out.DocId -join ',')
            $out[0].Trace.Windows[0].RawOutput
            $s.CountTokens($s.Render([Rearank.Core.Model.ChatMessage[]]@([Rearank.Core.Model.ChatMessage]::new('user', 'How long do fleas live?'))))
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal("d2,d1", result.Output[0].BaseObject);
        Assert.Equal("<think>Passage 2.</think>\n<answer>[2] > [1]</answer>", result.Output[1].BaseObject);
        Assert.Equal(15, Convert.ToInt32(result.Output[2].BaseObject));   // the real tokenizer's count, as for the random model
    }
}
