using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

public sealed class TrainingCommandTests
{
    [Fact]
    public void A_training_set_exports_and_rollouts_give_K_scored_samples_per_row_reproducibly()
    {
        var vars = new Dictionary<string, object?>
        {
            ["model"] = Fixtures.NewPath("tiny.gguf"), ["index"] = Fixtures.NewPath("index"), ["out"] = Fixtures.NewPath("training"),
            ["samples"] = Fixtures.NewPath("rollouts.jsonl"),
        };
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
            $hits = Import-RearankQuery ./examples/data/queries.jsonl | Invoke-Bm25Search -Index $index -Top 4
            $summary = $hits | Export-RearankTrainingSet $out -Qrels ./examples/data/qrels/test.tsv -WindowSize 4 -ValidationFraction 0.25
            $summary.TrainRows + $summary.ValidationRows
            @(Get-ChildItem $out -Name | Sort-Object) -join ','
            $rows = @($hits | Export-RearankTrainingSet $out -Qrels ./examples/data/qrels/test.tsv -WindowSize 4 -Force -PassThru | Select-Object -First 2)
            # One sequence at a time: with several in flight, llama.cpp's batched kernels may differ in the last bits,
            # which sampling at temperature 1 can turn into a different token.
            $s = Open-RearankSession $model -ContextSize 8192 -MaxParallel 1
            $a = @($rows | Invoke-RearankRollout -Qrels ./examples/data/qrels/test.tsv -Samples 3 -MaxNewTokens 48 -Path $samples)
            $b = @($rows | Invoke-RearankRollout -Qrels ./examples/data/qrels/test.tsv -Samples 3 -MaxNewTokens 48)
            Close-RearankSession $s
            $a.Count
            (($a | ForEach-Object Response) -join '|') -ceq (($b | ForEach-Object Response) -join '|')
            @($a | Group-Object Index | Where-Object Count -ne 3).Count
            @(Get-Content $samples).Count
            @($a | ForEach-Object Response | Sort-Object -Unique).Count -gt 1
            """, vars).AssertClean();

        Assert.True((int)result.Output[0].BaseObject >= 6);
        Assert.Equal("train.jsonl,train.parquet,train.rearank.jsonl,train.rearank.parquet,validation.jsonl,validation.parquet,validation.rearank.jsonl,validation.rearank.parquet", result.Output[1].BaseObject);
        Assert.Equal(6, (int)result.Output[2].BaseObject);
        Assert.True((bool)result.Output[3].BaseObject);
        Assert.Equal(0, (int)result.Output[4].BaseObject);
        Assert.Equal(6, (int)result.Output[5].BaseObject);
        Assert.True((bool)result.Output[6].BaseObject);
    }
}
