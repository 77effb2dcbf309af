using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests;

/// <summary>ir_measures' names give the trec_eval measure they name, printed back as asked; Judged@k counts judged documents.</summary>
public sealed class IrMeasuresTests
{
    [SharedDataTheory]
    [InlineData("nDCG@10", "ndcg_cut.10", 1)]
    [InlineData("nDCG", "ndcg", 1)]
    [InlineData("R@100", "recall.100", 1)]
    [InlineData("P@10", "P.10", 1)]
    [InlineData("RR", "recip_rank", 1)]
    [InlineData("AP", "map", 1)]
    [InlineData("AP@100", "map_cut.100", 1)]
    [InlineData("Rprec", "Rprec", 1)]
    [InlineData("Bpref", "bpref", 1)]
    [InlineData("Success@1", "success.1", 1)]
    [InlineData("P(rel=2)@10", "P.10", 2)]
    [InlineData("AP(rel=2)", "map", 2)]
    [InlineData("R(rel=2)@1000", "recall.1000", 2)]
    public void Each_name_equals_the_trec_eval_measure_on_the_dl19_run(string irName, string trecName, int level)
    {
        var result = ModuleHost.Run("""
            $a = Measure-RankingQuality -Run $run -Qrels $qrels -Metric $ir
            $b = Measure-RankingQuality -Run $run -Qrels $qrels -Metric $trec -RelevanceLevel $level
            $a.Measure
            $a.Value -eq $b.Value
            """, new Dictionary<string, object?>
        {
            ["run"] = SharedData.PathOf("dl19/trec_results_dl19_top100.txt"), ["qrels"] = SharedData.PathOf("dl19/qrels.dl19-passage.txt"),
            ["ir"] = irName, ["trec"] = trecName, ["level"] = level,
        }).AssertClean();

        Assert.Equal([irName, true], result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Judged_at_k_and_RR_at_k_equal_a_hand_count()
    {
        var folder = Fixtures.NewPath("judged");
        Directory.CreateDirectory(folder);
        // Ranks 1-5: a (grade 0), b (unjudged), c (grade 2), d (unjudged), e (grade 1).
        File.WriteAllText(Path.Combine(folder, "run.txt"), "q Q0 a 1 5 t\nq Q0 b 2 4 t\nq Q0 c 3 3 t\nq Q0 d 4 2 t\nq Q0 e 5 1 t\n");
        File.WriteAllText(Path.Combine(folder, "qrels.txt"), "q 0 a 0\nq 0 c 2\nq 0 e 1\n");
        var result = ModuleHost.Run("""
            Measure-RankingQuality -Run (Join-Path $folder run.txt) -Qrels (Join-Path $folder qrels.txt) -Metric Judged@2, Judged@5, Judged@10, RR@2, RR@3 |
                ForEach-Object { "$($_.Measure)=$($_.Value.ToString('0.####', [cultureinfo]::InvariantCulture))" }
            """, new Dictionary<string, object?> { ["folder"] = folder }).AssertClean();

        // Judged@2: a of a,b = 1/2; @5: a,c,e = 3/5; @10: 3/10 (a short list counts as padded); RR@2: none = 0; RR@3: c at 3.
        Assert.Equal(["RR@2=0", "RR@3=0.3333", "Judged@2=0.5", "Judged@5=0.6", "Judged@10=0.3"], result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void An_unknown_name_suggests_the_closest_one()
    {
        var result = ModuleHost.Run("Measure-RankingQuality -Run x -Qrels y -Metric nDGC@10");

        Assert.Contains("Did you mean 'nDCG@10'", Assert.Single(result.Errors).Exception.Message);
    }
}
