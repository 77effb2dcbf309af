using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>A file a command writes and returns comes back as Get-Item returns it, so it feeds the next command.</summary>
public sealed class FileItemOutputTests
{
    [Fact]
    public void A_run_written_by_the_search_pipes_into_the_evaluation_by_its_PSPath()
    {
        var paths = new Dictionary<string, object?> { ["index"] = Fixtures.NewPath("index"), ["run"] = Fixtures.NewPath("bm25.trec"), ["model"] = Fixtures.NewPath("m.gguf") };
        var result = ModuleHost.Run("""
            Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
            $written = Import-RearankQuery ./examples/data/queries.jsonl | Invoke-Bm25Search -Index $index -Top 10 -OutFile $run
            $model = New-RearankTestModel $model -Force
            foreach ($item in $written, $model) { '{0}|{1}|{2}' -f $item.GetType().Name, $item.PSProvider.Name, ($item.PSPath -like 'Microsoft.PowerShell.Core\FileSystem::*') }
            ($written | Measure-RankingQuality -Qrels ./examples/data/qrels/test.tsv -Metric ndcg_cut.10).Value
            (Measure-RankingQuality $run -Qrels ./examples/data/qrels/test.tsv -Metric ndcg_cut.10).Value
            """, paths).AssertClean();

        Assert.Equal(["FileInfo|FileSystem|True", "FileInfo|FileSystem|True"], result.Output.Take(2).Select(o => o.ToString()));
        Assert.Equal(result.Output[3].BaseObject, result.Output[2].BaseObject);
        Assert.InRange((double)result.Output[2].BaseObject, 0.01, 1.0);
    }
}
