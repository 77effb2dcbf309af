using Rearank.Core.Suites;

namespace Rearank.Core.Tests.Suites;

/// <summary>BRIGHT where REARANK keeps it: `data/bright/data/pyserini_*` with `data/bright/runs_bm25` one level up.</summary>
public sealed class DatasetLayoutTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private string WriteUpstreamTree()
    {
        var cwd = temp.PathOf("cwd");
        void Write(string relative, string text)
        {
            var path = Path.Combine(cwd, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        Write("data/bright/data/pyserini_queries/biology.tsv", "b1\tWhy do fleas jump?\n");
        Write("data/bright/data/pyserini_corpus/biology/biology.jsonl", """{"id": "p1", "contents": "Resilin."}""" + "\n");
        Write("data/bright/data/pyserini_qrels/biology.tsv", "b1 0 p1 1\n");
        Write("data/bright/runs_bm25/bm25.biology.filtered.trec", "b1 Q0 p1 1 9.0 bm25\n");
        return cwd;
    }

    [Theory]
    [InlineData("")]                 // the folder upstream's scripts run in (base_dir)
    [InlineData("data/bright")]      // holds data/ and runs_bm25/
    [InlineData("data/bright/data")] // holds the pyserini_* folders; the run is one level up
    public void Upstreams_bright_tree_is_found_with_the_root_at_any_of_its_levels(string level)
    {
        var cwd = WriteUpstreamTree();
        var dataset = SuiteCatalog.Select("bright", ["biology"])[0];

        var files = DatasetLayouts.Find(Path.Combine(cwd, level), dataset);

        Assert.Equal(LayoutKind.BrightPrepared, files.Kind);
        Assert.Equal(Path.GetFullPath(Path.Combine(cwd, "data/bright/runs_bm25/bm25.biology.filtered.trec")), files.Run);
        Assert.Equal(Path.GetFullPath(Path.Combine(cwd, "data/bright/data/pyserini_queries/biology.tsv")), files.Queries);
        var first = FirstStage.Load(files, dataset, temp.PathOf("work" + level.Length), depth: 100, _ => { });
        Assert.Equal("p1", Assert.Single(Assert.Single(first.Queries).Hits).DocId);
    }

    [Fact]
    public void A_tree_without_the_run_names_every_place_it_looked()
    {
        var cwd = WriteUpstreamTree();
        File.Delete(Path.Combine(cwd, "data/bright/runs_bm25/bm25.biology.filtered.trec"));
        var dataset = SuiteCatalog.Select("bright", ["biology"])[0];

        var error = Assert.Throws<UnknownLayoutException>(() => DatasetLayouts.Find(Path.Combine(cwd, "data/bright"), dataset));

        Assert.Contains("runs_bm25/bm25.biology.filtered.trec", error.Message);
        Assert.Contains("one level up", error.Message);
    }

    public void Dispose() => temp.Dispose();
}
