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
    public void Compare_RankingRun_takes_the_names_and_their_relevance_levels_and_prints_them_as_asked()
    {
        var folder = Fixtures.NewPath("compare-names");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.txt"), "q Q0 a 1 5 a\nq Q0 b 2 4 a\nq Q0 c 3 3 a\nr Q0 a 1 2 a\nr Q0 c 2 1 a\n");
        File.WriteAllText(Path.Combine(folder, "b.txt"), "q Q0 c 1 5 b\nq Q0 b 2 4 b\nq Q0 a 3 3 b\nr Q0 c 1 2 b\nr Q0 a 2 1 b\n");
        File.WriteAllText(Path.Combine(folder, "qrels.txt"), "q 0 a 1\nq 0 c 2\nr 0 a 2\n");
        var result = ModuleHost.Run("""
            Compare-RankingRun -Baseline (Join-Path $folder a.txt) -Run (Join-Path $folder b.txt) -Qrels (Join-Path $folder qrels.txt) -Metric 'P(rel=2)@1', RR |
                ForEach-Object { "$($_.Measure) $($_.BaselineMean) $($_.RunMean)" }
            """, new Dictionary<string, object?> { ["folder"] = folder }).AssertClean();

        // RR at level 1: a's first relevant is at 1 for both queries; b's at 1 (q: c) and 2 (r: a).
        // P(rel=2)@1: a has a (grade 1, not relevant at 2) for q and a (grade 2) for r; b has c (2) for q and c (unjudged) for r.
        Assert.Equal(["RR 1 0.75", "P(rel=2)@1 0.5 0.5"], result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void An_unknown_name_suggests_the_closest_one()
    {
        var result = ModuleHost.Run("Measure-RankingQuality -Run x -Qrels y -Metric nDGC@10");

        Assert.Contains("Did you mean 'nDCG@10'", Assert.Single(result.Errors).Exception.Message);
    }
}
