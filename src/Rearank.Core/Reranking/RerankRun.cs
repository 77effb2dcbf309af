using System.Collections.Concurrent;
using System.Threading.Channels;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>The files and texts of a rerank run, besides the reranking settings.</summary>
public sealed record RerankRunOptions
{
    public required RerankOptions Rerank { get; init; }

    /// <summary>Full path of the trace file to write, or null.</summary>
    public string? TracePath { get; init; }

    /// <summary>Full path of a trace file to replay finished queries from, or null.</summary>
    public string? ResumePath { get; init; }

    /// <summary>Replace an existing trace file (other than the resume file, which is appended to).</summary>
    public bool Force { get; init; }

    /// <summary>Query texts for hits that carry none.</summary>
    public IReadOnlyDictionary<string, string> QueryTexts { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The driver has already said which queries cannot fit the ranker's context (a suite does, for a whole dataset
    /// before its first window); otherwise the run says it of each query as it arrives.
    /// </summary>
    public bool ContextCheckedUpFront { get; init; }

    /// <summary>Queries kept in flight and waiting; the input is held back beyond that, so memory stays flat.</summary>
    public int MaxPendingQueries => Math.Max(2, Rerank.MaxConcurrentQueries * 2);
}

/// <summary>What a rerank run reports, in the order it happens.</summary>
public abstract record RerankRunEvent;

/// <summary>A query done: reranked now, or replayed from the resume file.</summary>
public sealed record QueryReranked(RerankedQuery Result, bool Replayed) : RerankRunEvent;

/// <summary>A query that could not be reranked: its hits, in first-stage order, stay in the run.</summary>
public sealed record QueryFailed(string QueryId, IReadOnlyList<RankedHit> Hits, Exception Error) : RerankRunEvent;

/// <summary>
/// The ranker can answer nothing more (every server down): the run's last event. The query that met it keeps its hits
/// in first-stage order; what finished before it is out and on disk; nothing more is asked.
/// </summary>
public sealed record RankerUnreachable(string QueryId, IReadOnlyList<RankedHit> Hits, RankerUnreachableException Error) : RerankRunEvent;

/// <summary>Something the user should know that stops nothing.</summary>
public sealed record RunWarning(string Message) : RerankRunEvent;

/// <summary>A record of the resume file that cannot be used (file and line in the exception).</summary>
public sealed record ResumeRecordRefused(MalformedRecordException Error) : RerankRunEvent;

/// <summary>The run cannot go on (its trace cannot be written, say): what came before is out and on disk; nothing after it is.</summary>
public sealed record RunStopped(Exception Error) : RerankRunEvent;

/// <summary>
/// A query some of whose windows got no answer: it is not reranked (its hits stay in first-stage order), and a
/// resume asks the model again for exactly those windows, replaying the answers of the others.
/// </summary>
public sealed class WindowsFailedException(string queryId, int failed, int windows, string? reason)
    : RearankException($"Query {queryId}: {failed} of {windows} windows failed ({reason ?? "no reason recorded"}), so the query is not reranked and keeps its first-stage order; " +
                       "resuming from its trace (-ResumeFrom) asks the model again for the failed windows.")
{
    public string QueryId { get; } = queryId;
    public int FailedWindows { get; } = failed;
    public int Windows { get; } = windows;
}

/// <summary>A query whose hits carry no text to rank them against: nothing can be asked of the model for it.</summary>
public sealed class NoQueryTextException(string queryId, string remedy)
    : RearankException($"The hits of query {queryId} carry no query text; {remedy}")
{
    public string QueryId { get; } = queryId;
}

/// <summary>Every window of a run failed: the run reranked nothing, whatever it wrote.</summary>
public sealed class NothingRerankedException(string message) : RearankException(message);

/// <summary>A trace file exists and would be replaced.</summary>
public sealed class TraceFileExistsException(string path)
    : OutputExistsException(path, $"The trace file '{path}' already exists. Use -Force to replace it, or -ResumeFrom with the same file to continue it.");

/// <summary>
/// One reranking run from first-stage hits to reranked queries: it groups hits into queries (warning when a query's
/// hits arrive split), replays finished queries from a resume file (refusing traces made with other settings or for
/// other hits), writes a trace line per finished query (never replacing a file without Force; continuing the resume
/// file after setting aside a cut last line), keeps a failed query's hits in first-stage order, and holds the input
/// back so memory stays flat. The cmdlet feeds hits and writes what <see cref="TryTake"/> returns.
/// </summary>
public sealed class RerankRun : IDisposable
{
    private readonly ListwiseReranker reranker;
    private readonly IWindowRanker ranker;
    private readonly RerankRunOptions options;
    private readonly string model;
    private readonly Dictionary<string, RerankTrace> resume = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RerankTrace> retry = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop;
    // Queries go out in input order: each gets a number when submitted, and a finished one waits here until every
    // query before it is out (only the caller's thread touches these two).
    private readonly ConcurrentDictionary<QueryCandidates, long> sequenceOf = new(ReferenceEqualityComparer.Instance);
    private readonly SortedDictionary<long, RerankRunEvent?> held = [];
    private long nextSequence, nextToEmit;
    private bool copyReplayed;
    private readonly QueryGrouping grouping;
    private readonly Channel<QueryCandidates> input;
    private readonly BlockingCollection<RerankRunEvent> events = new();
    private readonly ConcurrentQueue<RerankRunEvent> early = new();
    private readonly TraceFile.Writer? traces;
    private readonly WriterLock? traceLock;
    private readonly Task worker;
    private int pending;

    public RerankRun(IWindowRanker ranker, RerankRunOptions options, CancellationToken cancellationToken)
    {
        this.options = options;
        this.ranker = ranker;
        model = ranker.ModelIdentity;
        grouping = new QueryGrouping(options.QueryTexts);
        // One pre-flight check for every driver (the cmdlet, a suite, a benchmark): a budget no answer fits in fails here, not window by window.
        options.Rerank.Validate();
        if (options.Rerank.Method == RerankMethod.Listwise && options.Rerank.Template is RankLlm.RankLlmPrompt && ranker.GuardsAnswers)
            throw new AnswerGuardNotForTemplateException(
                $"The session's answer guard (-ForceAnswer) holds answers to REARANK's format; '{options.Rerank.Template.Name}' is rank_llm's and answers in its own. Rerank it with a session opened without -ForceAnswer.");
        if (options.Rerank.Method == RerankMethod.Listwise)
            ranker.CheckAnswerBudget(Math.Min(options.Rerank.WindowSize, options.Rerank.Depth), options.Rerank.Template.Thinking, options.Rerank.MaxNewTokens);
        else
            ranker.CheckLogprobsAsync(cancellationToken).GetAwaiter().GetResult();
        reranker = new ListwiseReranker(ranker, options.Rerank);
        input = Channel.CreateUnbounded<QueryCandidates>();
        // One writer per trace across processes (two resuming one trace would interleave lines); then the trace file
        // is checked (and a cut last line of a continued one set aside) before anything is read.
        traceLock = options.TracePath is { } locked ? WriterLock.Acquire(locked) : null;
        try
        {
            var append = PrepareTraceFile();
            if (options.ResumePath is { } resumePath) ReadResume(resumePath);
            traces = options.TracePath is { } tracePath ? OpenTraces(tracePath, append) : null;
            // A new trace beside a resume file gets the replayed queries too, so it alone documents (and can resume) the run.
            copyReplayed = traces is not null && !append;
        }
        catch
        {
            traceLock?.Dispose();
            throw;
        }
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        worker = Task.Run(async () =>
        {
            try
            {
                await foreach (var outcome in reranker.RerankAllAsync(input.Reader.ReadAllAsync(token), q => retry.TryRemove(q.QueryId, out var t) ? t : null, token).ConfigureAwait(false))
                {
                    var sequence = sequenceOf.TryRemove(outcome.Query, out var number) ? number : -1;
                    var reported = Report(outcome);
                    Interlocked.Decrement(ref pending);
                    if (reported is QueryReranked or QueryFailed or RankerUnreachable) events.Add(new Sequenced(sequence, reported));
                    else
                    {
                        events.Add(reported);
                        events.Add(new Sequenced(sequence, null));
                    }
                    // Terminal: the queries still in flight would only meet the same dead servers, so nothing follows it.
                    if (reported is RankerUnreachable)
                    {
                        stop.Cancel();
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // Never swallowed: the caller stops with this error, and the queries still in flight are cancelled.
                events.Add(new RunStopped(e));
                stop.Cancel();
            }
            finally
            {
                events.CompleteAdding();
            }
        }, CancellationToken.None);
    }

    public int Submitted { get; private set; }
    public int Finished { get; private set; }
    public int Windows { get; private set; }
    public int FailedWindows { get; private set; }

    /// <summary>Queries reranked now with a window that failed: not reranked, kept in first-stage order.</summary>
    public int FailedQueries { get; private set; }
    public int Replayed { get; private set; }

    /// <summary>
    /// Windows were asked and every one failed: the run reranked nothing, whatever it wrote, and must end in an error
    /// (every driver asks this, so a dead server never passes for a first-stage figure).
    /// </summary>
    public bool RerankedNothing => Windows > 0 && FailedWindows == Windows;

    /// <summary>Whether the caller may add more hits now; when false, take events until it is true.</summary>
    public bool HasRoom => Volatile.Read(ref pending) + held.Count < options.MaxPendingQueries;

    /// <summary>The next hit of the first stage; hits of one query must come together, in rank order.</summary>
    public void Add(RankedHit hit)
    {
        if (grouping.Add(hit) is { } query) Submit(query);
    }

    /// <summary>No more hits: the last query is submitted and the run ends once every query has reported.</summary>
    public void Complete()
    {
        if (grouping.Close() is { } last) Submit(last);
        input.Writer.TryComplete();
    }

    /// <summary>The next event, waiting at most <paramref name="wait"/>; false when none came (or the run is over).</summary>
    /// <remarks>Queries come out in the order they went in, whatever order they finished in; warnings come at once.</remarks>
    public bool TryTake(out RerankRunEvent? next, TimeSpan wait, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (ReleaseHeld(out next)) return true;
            if (ranker.TakeNotice() is { } notice)
            {
                next = new RunWarning(notice);
                return true;
            }
            if (!early.TryDequeue(out var raw))
            {
                try
                {
                    if (!events.TryTake(out raw, (int)wait.TotalMilliseconds, cancellationToken))
                    {
                        // Nothing more will come (a run that stopped early leaves gaps): what is held goes out, in order.
                        if (events.IsCompleted && early.IsEmpty && held.Count > 0)
                        {
                            nextToEmit = held.Keys.First();
                            continue;
                        }
                        next = null;
                        return false;
                    }
                }
                catch (OperationCanceledException)
                {
                    next = null;
                    return false;
                }
            }
            if (raw is Sequenced sequenced)
            {
                held[sequenced.Sequence] = sequenced.Event;
                wait = TimeSpan.Zero;
                continue;
            }
            next = raw;
            return true;
        }
    }

    /// <summary>The held query next in input order, if it is done (a cancelled query's place is skipped).</summary>
    private bool ReleaseHeld(out RerankRunEvent? next)
    {
        while (held.Remove(nextToEmit, out var ready))
        {
            nextToEmit++;
            if (ready is not null)
            {
                next = ready;
                return true;
            }
        }
        next = null;
        return false;
    }

    /// <summary>A query's event with its place in the input.</summary>
    private sealed record Sequenced(long Sequence, RerankRunEvent? Event) : RerankRunEvent;

    /// <summary>True once every query has reported and every event was taken.</summary>
    public bool IsCompleted => early.IsEmpty && events.IsCompleted && held.Count == 0;

    /// <summary>
    /// A whole run from hits already in hand (a suite, a benchmark): each hit added, the input held back as the cmdlet
    /// holds it, every event yielded as it comes. The cmdlet, fed by a pipeline, calls Add and TryTake itself.
    /// </summary>
    public IEnumerable<RerankRunEvent> Run(IEnumerable<RankedHit> hits, CancellationToken cancellationToken)
    {
        foreach (var hit in hits)
        {
            Add(hit);
            foreach (var next in Take(TimeSpan.Zero, cancellationToken)) yield return next;
            while (!HasRoom && !IsCompleted)
                foreach (var next in Take(TimeSpan.FromMilliseconds(250), cancellationToken)) yield return next;
        }
        Complete();
        while (!IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var next in Take(TimeSpan.FromMilliseconds(250), cancellationToken)) yield return next;
        }
    }

    private IEnumerable<RerankRunEvent> Take(TimeSpan wait, CancellationToken cancellationToken)
    {
        while (TryTake(out var next, wait, cancellationToken))
        {
            yield return next!;
            wait = TimeSpan.Zero;
        }
    }

    private void Submit(QueryGroup query)
    {
        var (id, text, hits) = (query.QueryId, query.QueryText, query.Hits);
        if (query.ArrivedSplit)
            early.Enqueue(new RunWarning($"The hits of query {id} arrived in more than one group (the input is not grouped by query); each group is reranked on its own. Sort the input by query first (Sort-Object QueryId, Rank)."));
        var sequence = nextSequence++;
        if (text is null)
        {
            early.Enqueue(new Sequenced(sequence, new QueryFailed(id, FirstStage(hits), new NoQueryTextException(id, "pass -QueryPath with the topics, or search with Invoke-Bm25Search."))));
            return;
        }
        var checks = new HitChecks();
        foreach (var hit in hits.Take(options.Rerank.Depth))
            if (checks.Check(hit with { QueryText = text }) is { } warning)
                early.Enqueue(new RunWarning(char.ToUpperInvariant(warning[0]) + warning[1..]));
        var empty = hits.Take(options.Rerank.Depth).Count(h => string.IsNullOrWhiteSpace(h.Text) && string.IsNullOrWhiteSpace(h.Title));
        if (empty > 0)
            early.Enqueue(new RunWarning($"{empty} of the {Math.Min(hits.Count, options.Rerank.Depth)} hits of query {id} to rerank have no passage text and are shown to the model empty; give Import-TrecRun -Index or -Corpus, or search with Invoke-Bm25Search."));
        var candidates = new QueryCandidates(id, text, hits);
        if (resume.Remove(id, out var trace))
        {
            if (Mismatch(trace, candidates) is { } mismatch)
                early.Enqueue(new RunWarning($"Query {id} is reranked again, not replayed: its trace in the resume file was made {mismatch}."));
            else if (trace.FailedWindows > 0)
            {
                early.Enqueue(new RunWarning($"Query {id}: {trace.FailedWindows} of {trace.Windows.Count} windows of its trace in the resume file failed; they are asked again, the answers of the others replayed."));
                retry[id] = trace;
            }
            else if (ListwiseReranker.Replay(candidates, trace, options.Rerank.RunTag) is { } replayed)
            {
                Replayed++;
                if (copyReplayed) WriteTrace(trace);
                early.Enqueue(new Sequenced(sequence, new QueryReranked(replayed, Replayed: true)));
                return;
            }
            else
                early.Enqueue(new RunWarning($"Query {id} is reranked again, not replayed: its hits are not the ones its trace saw."));
        }
        // Only a query the model is asked about can outgrow its context: a replayed one is never measured.
        if (!options.ContextCheckedUpFront && ranker is IPromptBudget budget && WindowBudget.LargestWindowTokens(budget, candidates, options.Rerank) is var needed && needed > budget.ContextSize)
            early.Enqueue(new RunWarning($"Query {id} may need up to {needed:N0} tokens per window (prompt + {options.Rerank.MaxNewTokens:N0} new tokens), more than the session's {budget.ContextSize:N0}; " +
                                         $"a window that does not fit fails with the size it needs and the query keeps its first-stage order. Open the session with -ContextSize {needed} to rerank it."));
        Submitted++;
        Interlocked.Increment(ref pending);
        sequenceOf[candidates] = sequence;
        input.Writer.TryWrite(candidates);
    }

    /// <summary>How a recorded trace differs from this run (settings, model or query text), or null when it does not.</summary>
    private string? Mismatch(RerankTrace trace, QueryCandidates query)
    {
        var o = options.Rerank;
        // The reranker is the template and the method ("rank_zephyr_alpha/first"): another's answers are not this one's.
        if (trace.Template != o.RerankerName) return $"with reranker '{trace.Template}', not '{o.RerankerName}'";
        // Older traces of remote sessions named the endpoints too ("m at http://..."); the served name is what counts.
        if (trace.Model != model && !trace.Model.StartsWith(model + " at ", StringComparison.Ordinal)) return $"with model '{trace.Model}', not '{model}'";
        if ((trace.WindowSize, trace.Step, trace.Depth) != (o.WindowSize, o.Step, o.Depth))
            return $"with window {trace.WindowSize}, step {trace.Step}, depth {trace.Depth}, not {o.WindowSize}, {o.Step}, {o.Depth}";
        if (trace.QueryText != query.QueryText) return $"for the query text '{trace.QueryText}', not '{query.QueryText}'";
        return null;
    }

    private RerankRunEvent Report(RerankOutcome outcome)
    {
        if (outcome.Error is { } error)
            return error switch
            {
                OperationCanceledException => new RunWarning($"Query {outcome.Query.QueryId} was cancelled."),
                RankerUnreachableException unreachable => new RankerUnreachable(outcome.Query.QueryId, FirstStage(outcome.Query.Hits), unreachable),
                _ => new QueryFailed(outcome.Query.QueryId, FirstStage(outcome.Query.Hits), error),
            };
        var result = outcome.Result!;
        Windows += result.Trace.Windows.Count;
        FailedWindows += result.Trace.FailedWindows;
        // Written before the hits go out: a query a user has seen is a query a resume will not redo (or, with a failed
        // window, will redo only those windows). A write that fails stops the run (the worker reports it).
        traces?.Write(result.Trace);
        if (result.Trace.FailedWindows > 0)
        {
            FailedQueries++;
            var reason = result.Trace.Windows.FirstOrDefault(w => w.StopReason == WindowStop.Failed)?.Failure;
            // First-stage order, but each hit still carries the trace that says which windows failed and why.
            return new QueryFailed(result.QueryId, FirstStage(outcome.Query.Hits).Select(h => h with { Trace = result.Trace }).ToList(),
                new WindowsFailedException(result.QueryId, result.Trace.FailedWindows, result.Trace.Windows.Count, reason));
        }
        Finished++;
        return new QueryReranked(result, Replayed: false);
    }

    private static TraceFile.Writer OpenTraces(string path, bool append)
    {
        try
        {
            return new TraceFile.Writer(path, append);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(path, e, opening: true);
        }
    }

    /// <summary>Writes on the caller's thread (a replayed trace copied): a failure ends the run as a failure in the worker would.</summary>
    private void WriteTrace(RerankTrace trace)
    {
        try
        {
            traces!.Write(trace);
        }
        catch (OutputWriteException e)
        {
            early.Enqueue(new RunStopped(e));
            copyReplayed = false;
            stop.Cancel();
        }
    }

    /// <summary>A failed query's hits as the run shows them: first-stage order and scores, the run's tag.</summary>
    private List<RankedHit> FirstStage(IReadOnlyList<RankedHit> hits) =>
        hits.Select(h => h with { RunTag = options.Rerank.RunTag, OriginalRank = h.OriginalRank ?? h.Rank, RetrievalScore = h.RetrievalScore ?? h.Score }).ToList();

    private void ReadResume(string path)
    {
        foreach (var trace in TraceFile.Read(path, e => early.Enqueue(new ResumeRecordRefused(e)))) resume[trace.QueryId] = trace;
    }

    /// <summary>Refuses to replace a trace file without Force; for the file being continued, sets aside a cut last line. True: append.</summary>
    private bool PrepareTraceFile()
    {
        if (options.TracePath is not { } path) return false;
        var continuing = options.ResumePath is { } resumePath && SamePath(path, resumePath);
        if (continuing && File.Exists(path))
        {
            var cut = TraceFileSafety.SetAsideCutTail(path);
            if (cut > 0) early.Enqueue(new RunWarning($"The last line of '{path}' was cut ({cut:N0} bytes, an interrupted run); it was moved to '{path}.cut' before appending."));
            return true;
        }
        if (!options.Force && OverwriteRule.IsOccupied(path)) throw new TraceFileExistsException(path);
        return false;
    }

    /// <summary>Two paths name the same file, by identity (links followed, same inode), not by spelling.</summary>
    public static bool SamePath(string a, string b) => FileIdentity.Same(a, b);

    public void Dispose()
    {
        input.Writer.TryComplete();
        // What is still in flight after the caller stopped (an error, a downstream Select -First) is not worth waiting for.
        if (!IsCompleted) stop.Cancel();
        try { worker.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        traces?.Dispose();
        traceLock?.Dispose();
        events.Dispose();
        stop.Dispose();
    }
}
