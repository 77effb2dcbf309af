using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Retrieval;

namespace Rearank.Core.Tests.Retrieval;

/// <summary>
/// BagOfWordsScorer gives every matching document the float Lucene.Net's own BooleanQuery of TermQuerys gives it
/// (SearchOptions.LuceneScorer, the reference), bit for bit: flat and multi-field, any field weights, k1 and b,
/// repeated and absent terms, one segment or several.
/// </summary>
public sealed class BagOfWordsScorerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static readonly string[] Words =
        ["flea", "cat", "dog", "life", "cycle", "stage", "year", "home", "pet", "treat", "break", "egg", "larva", "adult",
         "blood", "host", "itch", "bite", "skin", "fur", "carpet", "vacuum", "spray", "collar", "vet", "month", "week",
         "temperature", "humidity", "jump", "leg", "the", "of", "running", "runs", "Fleas", "CATS", "é", "ümlaut", "42"];

    private static IEnumerable<Document> Corpus(int count, int seed)
    {
        var random = new Random(seed);
        string Words_(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max)).Select(_ => Words[random.Next(Words.Length)]));
        for (var i = 0; i < count; i++)
            yield return new Document($"d{i:D5}", i % 11 == 0 ? null : i % 13 == 0 ? "" : Words_(1, 6), Words_(0, i % 7 == 0 ? 300 : 40));
    }

    private static IEnumerable<string> Queries(int count, int seed)
    {
        var random = new Random(seed);
        yield return "flea";                       // one term: Lucene rewrites the bag to the term
        yield return "flea flea flea cat";         // a repeated term is one clause boosted by its count
        yield return "zzzabsent flea";             // a term no document has
        yield return "zzzabsent";
        yield return "the of";                     // stop words only: no query
        for (var i = 0; i < count; i++)
            yield return string.Join(' ', Enumerable.Range(0, random.Next(1, 14)).Select(_ => Words[random.Next(Words.Length)]));
    }

    private string Build(int segmentSize)
    {
        var path = temp.PathOf($"index-{segmentSize}");
        using var builder = Bm25IndexBuilder.Create(path, new Bm25IndexOptions { MultiField = true, Overwrite = true, Threads = 1, SegmentSize = segmentSize });
        foreach (var d in Corpus(2500, 7)) builder.Add(d);
        builder.Complete();
        using var reader = Lucene.Net.Index.DirectoryReader.Open(Lucene.Net.Store.FSDirectory.Open(path));
        Assert.Equal(segmentSize == 0 ? 1 : 7, reader.Leaves.Count);
        return path;
    }

    public static TheoryData<int> SegmentSizes => [0, 397];

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void Every_matching_document_scores_as_lucenes_boolean_query_does(int segmentSize)
    {
        using var searcher = Bm25Searcher.Open(Build(segmentSize));
        var fieldSets = new IReadOnlyDictionary<string, float>[]
        {
            new Dictionary<string, float> { [IndexFields.Contents] = 1f },
            new Dictionary<string, float> { [IndexFields.Title] = 1f, [IndexFields.Text] = 1f },
            new Dictionary<string, float> { [IndexFields.Text] = 1.7f, [IndexFields.Title] = 0.3f },
            new Dictionary<string, float> { [IndexFields.Title] = 2.5f },
        };
        var parameters = new[] { (0.9f, 0.4f), (1.2f, 0.75f), (0.5f, 1f), (3f, 0f) };
        var compared = 0;
        foreach (var fields in fieldSets)
            foreach (var (k1, b) in parameters)
                foreach (var text in Queries(40, fieldSets.Length * 31 + (int)(k1 * 10)))
                {
                    var options = new SearchOptions { Top = 100_000, K1 = k1, B = b, Fields = fields };
                    var ours = searcher.Winners(text, options);
                    var lucene = searcher.Winners(text, options with { LuceneScorer = true });
                    Assert.True(lucene.SequenceEqual(ours), $"'{text}' over {string.Join(",", fields)} k1 {k1} b {b}: {Describe(lucene, ours)}");
                    compared += ours.Length;
                }
        Assert.True(compared > 100_000, $"{compared} scores compared");
    }

    /// <summary>All of SciFact's 1,109 queries, flat and multi-field, every document they match: the same floats.</summary>
    [SharedDataFact]
    public void Scifacts_queries_score_as_lucenes_boolean_query_does()
    {
        var path = temp.PathOf("scifact");
        using (var builder = Bm25IndexBuilder.Create(path, new Bm25IndexOptions { MultiField = true }))
        {
            foreach (var d in DocumentReader.Read(SharedData.PathOf("scifact/corpus.jsonl"))) builder.Add(d);
            builder.Complete();
        }
        using var searcher = Bm25Searcher.Open(path);
        var queries = QueryReader.Read(SharedData.PathOf("scifact/queries.jsonl")).ToList();
        Assert.Equal(1109, queries.Count);
        foreach (var fields in new[] { SearchOptions.FieldsFor(searcher.Info), new SearchOptions().Fields })
            foreach (var query in queries)
            {
                var options = new SearchOptions { Top = 100_000, Fields = fields };
                var ours = searcher.Winners(query.Text, options);
                Assert.True(searcher.Winners(query.Text, options with { LuceneScorer = true }).SequenceEqual(ours), $"query {query.QueryId}");
            }
    }

    private static string Describe(TopScoreThenIdCollector.Entry[] lucene, TopScoreThenIdCollector.Entry[] ours)
    {
        var first = Enumerable.Range(0, Math.Min(lucene.Length, ours.Length)).FirstOrDefault(i => lucene[i] != ours[i], -1);
        return first < 0 ? $"{lucene.Length} against {ours.Length} documents" : $"at {first}: Lucene {lucene[first]}, ours {ours[first]}";
    }

    public void Dispose() => temp.Dispose();
}
