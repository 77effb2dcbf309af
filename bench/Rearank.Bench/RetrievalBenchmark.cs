using System.Diagnostics;
using System.Globalization;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Retrieval;

namespace Rearank.Bench;

/// <summary>
/// BM25 indexing and search costs: BEIR SciFact (real text) and a synthetic corpus of short passages with a
/// Zipf-distributed vocabulary, to show how cost grows with corpus size.
/// </summary>
internal static class RetrievalBenchmark
{
    public static void Run(string scratch, string? shared, int syntheticPassages)
    {
        if (shared is not null && Directory.Exists(Path.Combine(shared, "scifact")))
        {
            var corpus = DocumentReader.Read(Path.Combine(shared, "scifact", "corpus.jsonl")).ToList();
            var queries = QueryReader.Read(Path.Combine(shared, "scifact", "queries.jsonl")).ToList();
            Measure("SciFact", Path.Combine(scratch, "scifact-index"), corpus, queries);
        }
        var synthetic = Synthetic(syntheticPassages, seed: 7);
        var syntheticQueries = SyntheticQueries(1000, seed: 8);
        Measure($"synthetic {syntheticPassages:N0} passages", Path.Combine(scratch, "synthetic-index"), synthetic, syntheticQueries);
        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
    }

    private static void Measure(string name, string path, IEnumerable<Document> documents, IReadOnlyList<Query> queries)
    {
        var clock = Stopwatch.StartNew();
        Bm25IndexInfo info;
        using (var builder = Bm25IndexBuilder.Create(path, new Bm25IndexOptions { Overwrite = true }))
        {
            foreach (var d in documents) builder.Add(d);
            info = builder.Complete();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var size = new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length);
        Console.WriteLine($"## {name}");
        Console.WriteLine($"Indexing: {info.DocumentCount:N0} documents, {info.TotalTerms:N0} terms in {seconds:F1} s = {info.DocumentCount / seconds:N0} documents/s " +
                          $"({Environment.ProcessorCount} threads); index {size / 1e6:F1} MB on disk (document store {new FileInfo(Path.Combine(path, DocumentStore.FileName)).Length / 1e6:F1} MB).");

        using var searcher = Bm25Searcher.Open(path);
        Console.WriteLine("| top | passages | threads | queries | seconds | queries/s | p50 ms | p99 ms |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (top, withText) in new[] { (100, true), (100, false), (1000, false) })
        {
            var options = new SearchOptions { Top = top, IncludeText = withText };
            var latencies = new List<double>();
            Search(searcher, queries.Take(50).ToList(), options with { Threads = 1 });  // warm-up
            foreach (var query in queries)
            {
                var one = Stopwatch.StartNew();
                searcher.Search([query], options with { Threads = 1 });
                latencies.Add(one.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                var batch = Stopwatch.StartNew();
                Search(searcher, queries, options with { Threads = threads });
                var elapsed = batch.Elapsed.TotalSeconds;
                Console.WriteLine($"| {top} | {(withText ? "with text" : "ids only")} | {threads} | {queries.Count:N0} | {elapsed:F2} | {queries.Count / elapsed:N0} | " +
                                  $"{latencies[latencies.Count / 2]:F1} | {latencies[(int)(latencies.Count * 0.99)]:F1} |");
            }
        }
        Console.WriteLine();
    }

    /// <summary>Searches in chunks, as Invoke-Bm25Search does, so a deep run's passages are never all in memory at once.</summary>
    private static void Search(Bm25Searcher searcher, IReadOnlyList<Query> queries, SearchOptions options)
    {
        foreach (var chunk in queries.Chunk(64)) searcher.Search(chunk, options);
    }

    // A 50,000-word vocabulary with Zipf(1.0) frequencies: the long tail of real text, without shipping any.
    private static readonly string[] Vocabulary = Enumerable.Range(0, 50_000).Select(Word).ToArray();
    private static readonly double[] Cumulative = BuildZipf(Vocabulary.Length);

    private static IEnumerable<Document> Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var words = new string[40 + random.Next(40)];
            for (var w = 0; w < words.Length; w++) words[w] = Vocabulary[Sample(random)];
            yield return new Document("p" + i.ToString(CultureInfo.InvariantCulture), "", string.Join(' ', words));
        }
    }

    private static List<Query> SyntheticQueries(int count, int seed)
    {
        var random = new Random(seed);
        // Query words from the middle of the distribution, as real queries are: neither stop words nor hapaxes.
        return Enumerable.Range(0, count)
            .Select(i => new Query("s" + i, string.Join(' ', Enumerable.Range(0, 3 + random.Next(4)).Select(_ => Vocabulary[50 + random.Next(5_000)]))))
            .ToList();
    }

    private static int Sample(Random random)
    {
        var index = Array.BinarySearch(Cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, Cumulative.Length - 1);
    }

    private static double[] BuildZipf(int n)
    {
        var weights = Enumerable.Range(1, n).Select(r => 1.0 / r).ToArray();
        var total = weights.Sum();
        var cumulative = new double[n];
        double running = 0;
        for (var i = 0; i < n; i++) cumulative[i] = running += weights[i] / total;
        return cumulative;
    }

    /// <summary>Pronounceable letters-only words, so the analyzer treats them as ordinary English tokens.</summary>
    private static string Word(int index)
    {
        const string consonants = "bcdfghjklmnprstvz";
        const string vowels = "aeiou";
        var chars = new List<char>();
        var value = index + 17;
        do
        {
            chars.Add(consonants[value % consonants.Length]);
            value /= consonants.Length;
            chars.Add(vowels[value % vowels.Length]);
            value /= vowels.Length;
        } while (value > 0);
        return new string(chars.ToArray()) + "x";
    }
}
