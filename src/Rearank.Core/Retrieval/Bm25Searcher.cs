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

    static Bm25Searcher()
    {
        // Long queries (a document used as a query, as in ArguAna) have many distinct terms.
        // As Anserini: no clause limit, so a query of any length (a whole document as the query) searches.
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
        var searcher = new IndexSearcher(reader) { Similarity = new Lucene9Bm25Similarity(options.K1, options.B) };
        var results = new IReadOnlyList<RankedHit>[queries.Count];
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
        };
        try
        {
            Parallel.For(0, queries.Count, parallel, i => results[i] = SearchOne(searcher, queries[i], options));
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

    private IReadOnlyList<RankedHit> SearchOne(IndexSearcher searcher, Query query, SearchOptions options)
    {
        if (BuildQuery(query.Text, options.Fields) is not { } luceneQuery) return [];
        // Top k by score, then docid ascending (Anserini's sort); only the winners' ids are read.
        var collector = new TopScoreThenIdCollector(Math.Min(options.Top, Math.Max(1, reader.MaxDoc)), idOrder);
        searcher.Search(luceneQuery, collector);
        var winners = collector.Results();
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
    /// Anserini's bag-of-words query: one optional term query per distinct analyzed term, boosted by how often the
    /// term occurs; with several fields, one such query per field, boosted by the field's weight. Null when no term is left.
    /// </summary>
    internal LuceneQuery? BuildQuery(string text, IReadOnlyDictionary<string, float> fields)
    {
        var perField = new List<LuceneQuery>();
        foreach (var (field, weight) in fields)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in analyzer.Analyze(field, text)) counts[term] = counts.GetValueOrDefault(term) + 1;
            if (counts.Count == 0) continue;
            var bag = new BooleanQuery(disableCoord: true) { Boost = weight };
            foreach (var (term, count) in counts)
                bag.Add(new TermQuery(new Term(field, term)) { Boost = count }, Occur.SHOULD);
            perField.Add(bag);
        }
        if (perField.Count <= 1) return perField.FirstOrDefault();
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
        store.Dispose();
        reader.Dispose();
        directory.Dispose();
    }
}
