using Rearank.Core.IO;
using Parquet.Serialization;
using Rearank.Core.Suites;

namespace Rearank.Core.Tests.Suites;

/// <summary>BRIGHT as published in Parquet: gold ids judged, excluded ids removed before the top k.</summary>
public sealed class FirstStageTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Bright_parquet_files_give_gold_qrels_and_rankings_without_excluded_ids()
    {
        var root = temp.PathOf("bright");
        Directory.CreateDirectory(Path.Combine(root, "documents"));
        Directory.CreateDirectory(Path.Combine(root, "examples"));
        await ParquetSerializer.SerializeAsync(new[]
        {
            new BrightDocument { Id = "s1", Content = "pony sort a list pony" },
            new BrightDocument { Id = "s2", Content = "pony sort" },
            new BrightDocument { Id = "s3", Content = "pony list sort" },
            new BrightDocument { Id = "s4", Content = "bread" },
        }, Path.Combine(root, "documents", "pony-00000-of-00001.parquet"));
        await ParquetSerializer.SerializeAsync(new[]
        {
            new BrightExample { Id = "e1", Query = "pony sort list", GoldIds = ["s3"], ExcludedIds = ["s1"] },
            new BrightExample { Id = "e2", Query = "no gold", GoldIds = [], ExcludedIds = ["N/A"] },
        }, Path.Combine(root, "examples", "pony-00000-of-00001.parquet"));
        var dataset = SuiteCatalog.Select("bright", ["pony"])[0];

        var files = DatasetLayouts.Find(root, dataset);
        var first = FirstStage.Load(files, dataset, temp.PathOf("work"), depth: 2, _ => { });

        Assert.Equal(LayoutKind.BrightPublished, files.Kind);
        var query = Assert.Single(first.Queries);   // a query with no gold id cannot be scored, so it is not reranked
        Assert.Equal("e1", query.QueryId);
        Assert.Equal(2, query.Hits.Count);
        Assert.DoesNotContain(query.Hits, h => h.DocId == "s1");
        Assert.Equal([1, 2], query.Hits.Select(h => h.Rank));
        Assert.Equal(1, first.Qrels.For("e1")!.Grades["s3"]);
    }

    public void Dispose() => temp.Dispose();
}
