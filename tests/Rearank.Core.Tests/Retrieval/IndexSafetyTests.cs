using Rearank.Core.Model;
using Rearank.Core.Retrieval;

namespace Rearank.Core.Tests.Retrieval;

/// <summary>A rebuild that fails leaves the old index; a passage store that was cut or emptied is caught at open.</summary>
public sealed class IndexSafetyTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static readonly Document[] Corpus =
    [
        new("d1", "Flea life cycle", "A flea can live up to a year."),
        new("d2", "Cats", "Cats groom themselves."),
    ];

    private string Build(string path, IEnumerable<Document> documents, bool overwrite = false)
    {
        using var builder = Bm25IndexBuilder.Create(path, new Bm25IndexOptions { Overwrite = overwrite, Threads = 1 });
        foreach (var d in documents) builder.Add(d);
        builder.Complete();
        return path;
    }

    private static int Hits(string path)
    {
        using var searcher = Bm25Searcher.Open(path);
        return searcher.Search([new Query("1", "flea")], new SearchOptions { Top = 10 })[0].Count;
    }

    [Fact]
    public void A_rebuild_with_no_documents_keeps_the_old_index()
    {
        var path = Build(temp.PathOf("index"), Corpus);

        Assert.Throws<RearankException>(() => Build(path, [], overwrite: true));

        Assert.Equal(1, Hits(path));
        Assert.Single(Directory.GetFileSystemEntries(temp.Root));   // no staging folder left behind
    }

    [Fact]
    public void An_abandoned_rebuild_keeps_the_old_index()
    {
        var path = Build(temp.PathOf("index"), Corpus);

        using (var builder = Bm25IndexBuilder.Create(path, new Bm25IndexOptions { Overwrite = true, Threads = 1 }))
            builder.Add(new Document("x", "", "only this"));   // disposed without Complete: Ctrl+C, or a failure upstream

        Assert.Equal(1, Hits(path));
        Assert.Single(Directory.GetFileSystemEntries(temp.Root));
    }

    [Fact]
    public void A_rebuild_that_completes_replaces_the_index()
    {
        var path = Build(temp.PathOf("index"), Corpus);
        Build(path, [new Document("d9", "", "flea flea"), new Document("d8", "", "flea")], overwrite: true);
        Assert.Equal(2, Hits(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void A_cut_or_emptied_passage_store_is_a_damaged_index_naming_the_file(int keep)
    {
        var path = Build(temp.PathOf("index"), Corpus);
        var store = Path.Combine(path, DocumentStore.FileName);
        File.WriteAllBytes(store, File.ReadAllBytes(store)[..keep]);

        var error = Assert.Throws<DamagedIndexException>(() => Bm25Searcher.Open(path));
        Assert.Equal(Path.GetFullPath(store), error.FilePath);
        Assert.Contains(DocumentStore.FileName, error.Message);
    }

    [Fact]
    public void A_query_with_tens_of_thousands_of_distinct_terms_searches()
    {
        var path = Build(temp.PathOf("index"), Corpus);
        var text = "flea " + string.Join(' ', Enumerable.Range(0, 70_000).Select(i => $"t{i}x"));

        using var searcher = Bm25Searcher.Open(path);
        var hits = searcher.Search([new Query("long", text), new Query("short", "cats")], new SearchOptions { Top = 10 });

        Assert.Equal(["d1"], hits[0].Select(h => h.DocId));
        Assert.Equal(["d2"], hits[1].Select(h => h.DocId));
    }

    /// <summary>
    /// rearank-index.json is read by hand (Bm25IndexInfo.Parse), not by the serializer that writes it: every property,
    /// set away from its default, comes back as written. A property added to the record fails here until it is set
    /// below, and then until Parse reads it.
    /// </summary>
    [Fact]
    public void Index_settings_read_back_every_property_as_written()
    {
        var info = new Bm25IndexInfo
        {
            FormatVersion = Bm25IndexInfo.CurrentFormat, Analyzer = "analyzer", Similarity = "similarity", K1 = 1.25f, B = 0.6f,
            DocumentCount = 7, DocumentStoreBytes = 99, TotalTerms = 1234, SearchableFields = [IndexFields.Contents, IndexFields.Title],
            CorpusFiles = ["a.jsonl", "b.jsonl"], Created = new DateTimeOffset(2026, 12, 6, 8, 30, 0, TimeSpan.FromHours(1)), Engine = "engine",
        };
        static string Shown(object? value) => value is IEnumerable<string> list ? string.Join("|", list) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var properties = typeof(Bm25IndexInfo).GetProperties().Where(p => p.Name != nameof(Bm25IndexInfo.Path)).ToList();
        var defaults = new Bm25IndexInfo();
        Assert.All(properties.Where(p => p.Name != nameof(Bm25IndexInfo.FormatVersion)),
            p => Assert.NotEqual(Shown(p.GetValue(defaults)), Shown(p.GetValue(info))));
        var folder = temp.PathOf("settings");
        Directory.CreateDirectory(folder);
        info.Save(folder);

        var read = Bm25IndexInfo.Load(folder);

        Assert.All(properties, p => Assert.Equal(Shown(p.GetValue(info)), Shown(p.GetValue(read))));
    }

    public void Dispose() => temp.Dispose();
}
