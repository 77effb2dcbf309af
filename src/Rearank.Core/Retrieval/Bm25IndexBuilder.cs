using Rearank.Core.IO;
using System.Collections.Concurrent;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using RearankDocument = Rearank.Core.Model.Document;

namespace Rearank.Core.Retrieval;

/// <summary>Settings of a new index.</summary>
public sealed record Bm25IndexOptions
{
    /// <summary>Also make 'title' and 'text' searchable, for BEIR multifield runs (-Fields title=1,text=1).</summary>
    public bool MultiField { get; init; }

    /// <summary>Replace an existing Rearank/Lucene index at the path (never an unrelated folder).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Indexing threads; analysis is the expensive part and runs on each of them.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Tests only: a segment every so many documents, left unmerged, for an index shaped like one an earlier version
    /// built (several segments). 0, the default, merges everything into one segment when complete (Anserini's
    /// -optimize), so a search looks each term up once.
    /// </summary>
    internal int SegmentSize { get; init; }

    /// <summary>Corpus files the documents came from, recorded in the settings.</summary>
    public IReadOnlyList<string> CorpusFiles { get; init; } = [];
}

/// <summary>
/// Builds a BM25 index from a stream of documents. Documents are handed to worker threads, each running the analyzer
/// inside Lucene's IndexWriter, so indexing uses every core while the caller keeps reading. Until
/// <see cref="Complete"/> nothing is committed: disposing an unfinished builder removes the partial index.
/// </summary>
public sealed class Bm25IndexBuilder : IDisposable
{
    private readonly string path;
    private readonly string staging;
    private readonly Bm25IndexOptions options;
    private readonly FSDirectory directory;
    private readonly IndexWriter writer;
    private readonly DocumentStore.Writer store;
    private readonly BlockingCollection<RearankDocument> queue;
    private readonly Task[] workers;
    private readonly CancellationTokenSource abort = new();
    private readonly WriterLock exclusive;
    private long indexed, queued;
    private bool completed;

    private Bm25IndexBuilder(string path, Bm25IndexOptions options)
    {
        this.path = path;
        this.options = options;
        // One build per target across processes: two into one new folder would silently replace each other.
        exclusive = WriterLock.Acquire(SiblingPath(path, ""));
        try
        {
            CheckTarget(path, options.Overwrite);
            RemoveStaleStaging(path);
            // Built beside the target and swapped in only when complete: a failed or interrupted rebuild leaves the old index.
            staging = StagingFolder(path);
            System.IO.Directory.CreateDirectory(staging);
            directory = FSDirectory.Open(staging);
            var config = new IndexWriterConfig(AnseriniEnglishAnalyzer.Version, new AnseriniEnglishAnalyzer())
            {
                OpenMode = OpenMode.CREATE,
                Similarity = new Lucene9Bm25Similarity(),
                RAMBufferSizeMB = 256,
                MaxThreadStates = Math.Max(1, options.Threads),
            };
            if (options.SegmentSize > 0) config.MaxBufferedDocs = options.SegmentSize;
            writer = new IndexWriter(directory, config);
            store = new DocumentStore.Writer(staging);
            queue = new BlockingCollection<RearankDocument>(boundedCapacity: 8192);
            workers = Enumerable.Range(0, Math.Max(1, options.Threads)).Select(_ => Task.Run(IndexQueued)).ToArray();
        }
        catch
        {
            // Nothing of a build that could not start stays: no open files, no staging folder, no lock.
            writer?.Dispose();
            directory?.Dispose();
            try { if (staging is not null) System.IO.Directory.Delete(staging, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            exclusive.Dispose();
            throw;
        }
    }

    public static Bm25IndexBuilder Create(string path, Bm25IndexOptions? options = null) => new(path, options ?? new Bm25IndexOptions());

    /// <summary>Documents indexed so far (for progress).</summary>
    public long Indexed => Interlocked.Read(ref indexed);

    /// <summary>Documents handed over so far (indexed or waiting), the known total for progress.</summary>
    public long Queued => Interlocked.Read(ref queued);

    /// <summary>Queues a document; blocks while the workers are behind, so memory stays bounded.</summary>
    public void Add(RearankDocument document, CancellationToken cancellationToken = default)
    {
        if (workers.FirstOrDefault(w => w.IsFaulted) is { } failed) throw Failure(failed);
        queue.Add(document, cancellationToken);
        Interlocked.Increment(ref queued);
    }

    /// <summary>Indexes what is queued, commits, records the settings and returns them.</summary>
    public Bm25IndexInfo Complete(CancellationToken cancellationToken = default)
    {
        queue.CompleteAdding();
        try
        {
            Task.WaitAll(workers, cancellationToken);
        }
        catch (AggregateException e)
        {
            throw Failure(workers.First(w => w.IsFaulted), e);
        }
        store.Dispose();
        if (options.SegmentSize == 0) writer.ForceMerge(1);
        writer.Commit();
        using var reader = DirectoryReader.Open(directory);
        if (reader.NumDocs == 0)
            throw new RearankException($"No document was indexed, so nothing replaces {(IsIndex(path) ? "the index at " : "")}'{path}'; check the corpus path and format.");
        IdOrder.Save(staging, IdOrder.Compute(reader));
        DocIdTable.Save(staging, reader);
        var info = new Bm25IndexInfo
        {
            DocumentCount = reader.NumDocs,
            DocumentStoreBytes = new FileInfo(Path.Combine(staging, DocumentStore.FileName)).Length,
            TotalTerms = reader.GetSumTotalTermFreq(IndexFields.Contents),
            SearchableFields = options.MultiField ? [IndexFields.Contents, IndexFields.Title, IndexFields.Text] : [IndexFields.Contents],
            CorpusFiles = options.CorpusFiles,
            Created = DateTimeOffset.UtcNow,
            Path = path,
        };
        info.Save(staging);
        reader.Dispose();
        writer.Dispose();
        directory.Dispose();
        SwapIn();
        completed = true;
        return info;
    }

    private void IndexQueued()
    {
        try
        {
            foreach (var document in queue.GetConsumingEnumerable(abort.Token))
            {
                writer.AddDocument(ToLucene(document));
                Interlocked.Increment(ref indexed);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Abandoned (Ctrl+C or an error upstream): Dispose rolls the index back.
        }
    }

    private List<IIndexableField> ToLucene(RearankDocument document)
    {
        var fields = new List<IIndexableField>(6)
        {
            new StringField(IndexFields.Id, document.DocId, Field.Store.NO),
            new SortedDocValuesField(IndexFields.Id, new BytesRef(document.DocId)),
            new NumericDocValuesField(IndexFields.StoreOffset, store.Append(document.Title, document.Text)),
            // BEIR flat indexing, as Pyserini prepares it: title, a space, text.
            new Field(IndexFields.Contents, $"{document.Title} {document.Text}", IndexFields.Searchable),
        };
        if (options.MultiField)
        {
            fields.Add(new Field(IndexFields.Title, document.Title ?? "", IndexFields.Searchable));
            fields.Add(new Field(IndexFields.Text, document.Text, IndexFields.Searchable));
        }
        return fields;
    }

    /// <summary>An empty or new folder is fine; an existing index only when asked to replace it; anything else never.</summary>
    private static void CheckTarget(string path, bool overwrite)
    {
        if (!System.IO.Directory.Exists(path) || !OverwriteRule.IsOccupied(path)) return;
        if (!IsIndex(path))
            throw new IndexExistsException(path, $"'{path}' is not empty and is not an index; choose an empty or new folder.");
        if (!overwrite)
            throw new IndexExistsException(path, $"An index already exists at '{path}'. Use -Force to replace it.");
    }

    private static bool IsIndex(string path) =>
        System.IO.Directory.Exists(path)
        && (File.Exists(Path.Combine(path, Bm25IndexInfo.FileName)) || System.IO.Directory.EnumerateFiles(path, "segments*").Any());

    /// <summary>A sibling of the target, so the final move is a rename on the same file system.</summary>
    private static string StagingFolder(string path) => SiblingPath(path, $".building-{Guid.NewGuid():N}");

    /// <summary>"&lt;parent&gt;/.&lt;name&gt;&lt;suffix&gt;", the parent created if need be.</summary>
    private static string SiblingPath(string path, string suffix)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full) ?? ".";
        System.IO.Directory.CreateDirectory(parent);
        return Path.Combine(parent, $".{Path.GetFileName(full)}{suffix}");
    }

    /// <summary>
    /// Staging folders of builds that were killed (kill -9 runs no cleanup). Under the lock no other build of this
    /// target is running, so every one left is stale.
    /// </summary>
    private static void RemoveStaleStaging(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !System.IO.Directory.Exists(parent)) return;
        foreach (var stale in System.IO.Directory.EnumerateDirectories(parent, $".{Path.GetFileName(full)}.building-*"))
        {
            try { System.IO.Directory.Delete(stale, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Moves the old index aside, the new one in, then deletes the old one.</summary>
    private void SwapIn()
    {
        string? old = null;
        if (System.IO.Directory.Exists(path))
        {
            old = staging.Replace(".building-", ".replaced-", StringComparison.Ordinal);
            System.IO.Directory.Move(path, old);
        }
        try
        {
            System.IO.Directory.Move(staging, path);
        }
        catch
        {
            if (old is not null) System.IO.Directory.Move(old, path);
            throw;
        }
        if (old is not null) System.IO.Directory.Delete(old, recursive: true);
    }

    private static RearankException Failure(Task failed, Exception? outer = null)
    {
        var cause = failed.Exception?.InnerException ?? outer;
        return new RearankException($"Indexing failed: {cause?.Message}", cause);
    }

    public void Dispose()
    {
        store.Dispose();
        if (completed)
        {
            exclusive.Dispose();
            return;
        }
        abort.Cancel();
        queue.CompleteAdding();
        try { Task.WaitAll(workers); } catch (AggregateException) { }
        try { writer.Rollback(); } catch (ObjectDisposedException) { }  // also closes the writer
        directory.Dispose();
        queue.Dispose();
        abort.Dispose();
        // Nothing of a build that did not complete stays; the target was never touched.
        try { System.IO.Directory.Delete(staging, recursive: true); } catch (DirectoryNotFoundException) { }
        exclusive.Dispose();
    }
}

/// <summary>The target folder holds an index (or something else) that must not be overwritten.</summary>
/// <summary>An index there already (replaced only with -Force), or a folder that is not empty and is no index (never replaced).</summary>
public sealed class IndexExistsException(string path, string message) : OutputExistsException(path, message);
