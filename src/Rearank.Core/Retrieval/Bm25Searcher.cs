using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Rearank.Core.Model;
using LuceneQuery = Lucene.Net.Search.Query;
using Query = Rearank.Core.Model.Query;

namespace Rearank.Core.Retrieval;

/// <summary>An index whose files do not agree with each other; <see cref="FilePath"/> names the one at fault.</summary>
public sealed class DamagedIndexException(string message, string filePath) : RearankException(message)
{
    public string FilePath { get; } = filePath;
}

/// <summary>
/// Searches a BM25 index the way Anserini does: bag-of-words queries over the same analyzer, Lucene 9's BM25,
/// top k by score with ties broken by docid, then Anserini's tie adjustment. Safe to use from many threads.
/// </summary>
public sealed class Bm25Searcher : IDisposable
{
    private readonly FSDirectory directory;
    private readonly DirectoryReader reader;
    private readonly AnseriniEnglishAnalyzer analyzer = new();
    private readonly DocumentStore store;
    private readonly long[] storeOffsets;
    private readonly int[] idOrder;
    private readonly DocIdTable? idTable;
    private readonly BagOfWordsScorer bagScorer;

    static Bm25Searcher()
    {
        // Long queries (a document used as a query, as in ArguAna) have many distinct terms. As Anserini: no clause
        // limit, so Lucene's own query (SearchOptions.LuceneScorer, the tests' reference) takes a query of any length.
        BooleanQuery.MaxClauseCount = int.MaxValue;
    }

    private Bm25Searcher(Bm25IndexInfo info, FSDirectory directory, DirectoryReader reader, DocumentStore store, string path)
    {
        Info = info;
        this.directory = directory;
        this.reader = reader;
        this.store = store;
        storeOffsets = ReadStoreOffsets(reader);
        idOrder = IdOrder.Load(path, reader);
        idTable = DocIdTable.Open(path, reader);
        bagScorer = new BagOfWordsScorer(reader);
    }

    /// <summary>Every document's store offset, by Lucene doc number: 8 bytes a document, read once at open.</summary>
    private static long[] ReadStoreOffsets(DirectoryReader reader)
    {
        var offsets = new long[reader.MaxDoc];
        foreach (var leaf in reader.Leaves)
        {
            var values = leaf.AtomicReader.GetNumericDocValues(IndexFields.StoreOffset)
                ?? throw new RearankException("The index has no document store offsets; rebuild it with New-Bm25Index -Force.");
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++) offsets[leaf.DocBase + doc] = values.Get(doc);
        }
        return offsets;
    }

    public Bm25IndexInfo Info { get; }

    /// <summary>The passage store must be as long as when it was built: a cut or emptied one would give empty passages.</summary>
    private static void CheckStore(string path, Bm25IndexInfo info)
    {
        var file = new FileInfo(System.IO.Path.Combine(path, DocumentStore.FileName));
        if (!file.Exists) throw new DamagedIndexException($"The index at '{path}' has no {DocumentStore.FileName} (its passages); rebuild it with New-Bm25Index -Force.", file.FullName);
        var expected = info.DocumentStoreBytes;
        if ((expected > 0 && file.Length != expected) || (info.DocumentCount > 0 && file.Length == 0))
            throw new DamagedIndexException($"'{file.FullName}' holds {file.Length:N0} bytes, but the index was built with {(expected > 0 ? expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "more")}: the passage store is cut or replaced. Rebuild the index with New-Bm25Index -Force.", file.FullName);
    }

    /// <summary>Opens an index; a missing or damaged one raises a <see cref="RearankException"/> that says which.</summary>
    public static Bm25Searcher Open(string path)
    {
        var info = Bm25IndexInfo.Load(path);
        CheckStore(path, info);
        FSDirectory? directory = null;
        try
        {
            // Memory-mapped: Lucene.Net's default file directory serialises reads behind a lock, which keeps
            // parallel searches from using more than one core.
            directory = new MMapDirectory(new DirectoryInfo(path));
            return new Bm25Searcher(info, directory, DirectoryReader.Open(directory), DocumentStore.Open(path), path);
        }
        // A cut segment file surfaces as an ArgumentException from a memory-mapped slice, a damaged one as whatever Lucene.Net met.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CorruptIndexException or Lucene.Net.Index.IndexFormatTooOldException
                                      or Lucene.Net.Index.IndexFormatTooNewException or ArgumentException or InvalidOperationException or FormatException
                                      or IndexOutOfRangeException or AggregateException)
        {
            directory?.Dispose();
            throw new RearankException($"The index at '{path}' cannot be opened; it may be damaged or incomplete ({e.GetType().Name}: {e.Message}). Rebuild it with New-Bm25Index -Force.", e);
        }
    }

    /// <summary>The analyzed terms of a text: what a query is matched on (empty for stop words only).</summary>
    public IReadOnlyList<string> Analyze(string text) => analyzer.Analyze(IndexFields.Contents, text);

    /// <summary>Throws <see cref="ArgumentException"/> when the options search a field this index did not make searchable.</summary>
    public void CheckFields(SearchOptions options)
    {
        foreach (var field in options.Fields.Keys)
            if (!Info.SearchableFields.Contains(field))
                throw new ArgumentException($"The index at '{Info.Path}' has no searchable field '{field}'; it has {string.Join(", ", Info.SearchableFields)}."
                    + (field is IndexFields.Title or IndexFields.Text ? " Build it with New-Bm25Index -MultiField." : ""));
    }

    /// <summary>Searches queries in parallel; results come back in the order of the queries.</summary>
    public IReadOnlyList<IReadOnlyList<RankedHit>> Search(IReadOnlyList<Query> queries, SearchOptions options, CancellationToken cancellationToken = default)
    {
        CheckFields(options);
        var (searcher, similarity) = ScoringFor(options);
        var results = new IReadOnlyList<RankedHit>[queries.Count];
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
        };
        try
        {
            Parallel.For(0, queries.Count, parallel, i => results[i] = SearchOne(searcher, similarity, queries[i], options));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is not OperationCanceledException))
        {
            // The fields were checked above: what fails inside is the index's files (a cut segment, a damaged passage store).
            var cause = e.InnerExceptions[0];
            if (cause is DamagedIndexException damaged) throw damaged;
            throw new DamagedIndexException(cause is RearankException ours ? ours.Message
                : $"The index at '{Info.Path}' cannot be read; it may be damaged ({cause.GetType().Name}: {cause.Message}). Rebuild it with New-Bm25Index -Force.", Info.Path ?? "");
        }
        return results;
    }

    private IReadOnlyList<RankedHit> SearchOne(IndexSearcher? luceneSearcher, Lucene9Bm25Similarity similarity, Query query, SearchOptions options)
    {
        var winners = Winners(luceneSearcher, similarity, query.Text, options);
        if (winners.Length == 0) return [];
        var scored = new TieBreaking.Scored[winners.Length];
        for (var i = 0; i < winners.Length; i++)
            scored[i] = new TieBreaking.Scored(idTable?.Get(winners[i].Doc) ?? IdFromDocValues(winners[i].Doc), winners[i].Score, winners[i].Doc);
        TieBreaking.Apply(scored);
        var hits = new List<RankedHit>(scored.Length);
        foreach (var hit in scored)
        {
            if (options.RemoveQuery && hit.DocId == query.QueryId) continue;
            var (title, text) = options.IncludeText ? store.Read(storeOffsets[hit.LuceneDoc]) : (null, "");
            hits.Add(new RankedHit
            {
                QueryId = query.QueryId, QueryText = query.Text, DocId = hit.DocId, Rank = hits.Count + 1, Score = hit.Score,
                Title = title, Text = text, RunTag = options.RunTag,
            });
        }
        return hits;
    }

    /// <summary>
    /// The top k documents by raw score, then docid ascending (Anserini's sort), best first; empty when the text has no
    /// searchable term. Scored by BagOfWordsScorer, or with a searcher by Lucene.Net's own query (the tests' reference).
    /// </summary>
    internal TopScoreThenIdCollector.Entry[] Winners(IndexSearcher? luceneSearcher, Lucene9Bm25Similarity similarity, string text, SearchOptions options)
    {
        var bags = BuildBags(text, options.Fields);
        if (bags.Count == 0) return [];
        var collector = new TopScoreThenIdCollector(Math.Min(options.Top, Math.Max(1, reader.MaxDoc)), idOrder);
        if (luceneSearcher is not null) luceneSearcher.Search(BuildQuery(bags), collector);
        else bagScorer.Score(bags, similarity, collector);
        return collector.Results();
    }

    /// <summary>The winners of one query, for tests: scored as <paramref name="options"/> say (LuceneScorer included).</summary>
    internal TopScoreThenIdCollector.Entry[] Winners(string text, SearchOptions options)
    {
        var (searcher, similarity) = ScoringFor(options);
        return Winners(searcher, similarity, text, options);
    }

    /// <summary>The options' BM25, and with LuceneScorer a Lucene searcher that scores with it.</summary>
    private (IndexSearcher? LuceneSearcher, Lucene9Bm25Similarity Similarity) ScoringFor(SearchOptions options)
    {
        var similarity = new Lucene9Bm25Similarity(options.K1, options.B);
        return (options.LuceneScorer ? new IndexSearcher(reader) { Similarity = similarity } : null, similarity);
    }

    /// <summary>A document's id from the sorted doc values, for an index built before the id table.</summary>
    private string IdFromDocValues(int doc)
    {
        var leaves = reader.Leaves;
        var leaf = ReaderUtil.SubIndex(doc, leaves);
        var bytes = new Lucene.Net.Util.BytesRef();
        leaves[leaf].AtomicReader.GetSortedDocValues(IndexFields.Id).Get(doc - leaves[leaf].DocBase, bytes);
        return bytes.Utf8ToString();
    }

    /// <summary>
    /// Anserini's bag-of-words query: for each field that has analyzed terms, each distinct term with how often it
    /// occurs (its boost), and the field's weight. Empty when no term is left.
    /// </summary>
    internal List<FieldBag> BuildBags(string text, IReadOnlyDictionary<string, float> fields)
    {
        var bags = new List<FieldBag>(fields.Count);
        foreach (var (field, weight) in fields)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in analyzer.Analyze(field, text)) counts[term] = counts.GetValueOrDefault(term) + 1;
            if (counts.Count > 0) bags.Add(new FieldBag(field, weight, [.. counts.Keys], [.. counts.Values]));
        }
        return bags;
    }

    /// <summary>
    /// The bags as the Lucene query Anserini builds: one optional term query per term, boosted by its count; with
    /// several fields, one such query per field, boosted by the field's weight. BagOfWordsScorer scores what this
    /// query scores; tests hold the two together.
    /// </summary>
    internal static LuceneQuery BuildQuery(IReadOnlyList<FieldBag> bags)
    {
        var perField = new List<LuceneQuery>(bags.Count);
        foreach (var bag in bags)
        {
            var query = new BooleanQuery(disableCoord: true) { Boost = bag.Weight };
            for (var t = 0; t < bag.Terms.Length; t++)
                query.Add(new TermQuery(new Term(bag.Field, bag.Terms[t])) { Boost = bag.Counts[t] }, Occur.SHOULD);
            perField.Add(query);
        }
        if (perField.Count == 1) return perField[0];
        var combined = new BooleanQuery(disableCoord: true);
        foreach (var q in perField) combined.Add(q, Occur.SHOULD);
        return combined;
    }

    /// <summary>A stored document by its id, for filling in the texts of a run read from a file.</summary>
    public Document? Find(string docId)
    {
        var searcher = new IndexSearcher(reader);
        var top = searcher.Search(new TermQuery(new Term(IndexFields.Id, docId)), 1);
        if (top.TotalHits == 0) return null;
        var (title, text) = store.Read(storeOffsets[top.ScoreDocs[0].Doc]);
        return new Document(docId, title, text);
    }

    public void Dispose()
    {
        idTable?.Dispose();
        bagScorer.Dispose();
        store.Dispose();
        reader.Dispose();
        directory.Dispose();
    }
}
