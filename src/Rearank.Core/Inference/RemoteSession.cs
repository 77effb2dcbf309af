using Rearank.Core.Model;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Rearank.Core.Reranking;

namespace Rearank.Core.Inference;

/// <summary>No server of a remote session has answered, and enough windows failed (in one way, <see cref="Kind"/>) to stop waiting for one.</summary>
public sealed class ServersUnreachableException(string message, RemoteFailureKind kind = RemoteFailureKind.Connection) : RankerUnreachableException(message)
{
    public RemoteFailureKind Kind { get; } = kind;
}

/// <summary>One replica's account so far: what it was sent, what failed, how often its breaker took it out.</summary>
public sealed record ReplicaStatus(Uri Endpoint, long Requests, long Failures, long BreakerOpenings, string State)
{
    public override string ToString() => $"{Endpoint}: {Requests:N0} requests, {Failures:N0} failed, out {BreakerOpenings:N0} times, {State}";
}

/// <summary>
/// Reranking windows answered by OpenAI-compatible servers through the OpenAI .NET SDK. Up to MaxConcurrency windows
/// are in flight, spread over the replicas. Resilience comes from Polly (<see cref="RemoteResilience"/>): a failed
/// call is retried with jittered exponential backoff, or after the server's Retry-After, on the next replica whose
/// circuit breaker is closed, within a time budget per window. A window that still fails keeps its order: its
/// completion is empty and its stop reason says why, so the run goes on (the original's ERROR:: behaviour). The
/// API key stays inside the HTTP pipeline and appears in no description, error or trace.
/// </summary>
public sealed class RemoteSession : IRerankSession
{
    private readonly Replica[] replicas;
    private readonly SemaphoreSlim slots;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> notices = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> otherModels = new(StringComparer.Ordinal);
    private long generated, prompted, failedWindows, next;

    /// <param name="options">Servers, model and limits; what <see cref="Options"/> shows has any user:password or query string of the endpoints masked.</param>
    /// <param name="apiKey">Bearer key, or null for servers that ask for none (no Authorization header is sent then). It is kept in the HTTP pipeline only: no property, description, error or trace holds it.</param>
    public RemoteSession(RemoteSessionOptions options, string? apiKey = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        if (options.Endpoints.Count == 0) throw new ArgumentException("At least one endpoint is needed.", nameof(options));
        Options = options with { Endpoints = options.Endpoints.Select(Masked).ToList() };
        slots = new SemaphoreSlim(options.MaxConcurrency);
        replicas = options.Endpoints.Select(endpoint => new Replica(Masked(endpoint), CreateClient(endpoint, options, apiKey), options, notices.Enqueue)).ToArray();
        windowTimeout = options.WindowTimeout ?? RemoteResilience.DefaultWindowTimeout(options);
        window = RemoteResilience.Window(options, windowTimeout);
        attempt = RemoteResilience.Attempt(options);
    }

    /// <summary>An endpoint as it may be shown: credentials in the user-info part or the query string are masked.</summary>
    public static Uri Masked(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri || (endpoint.UserInfo.Length == 0 && endpoint.Query.Length == 0)) return endpoint;
        var builder = new UriBuilder(endpoint);
        if (builder.UserName.Length > 0 || builder.Password.Length > 0) (builder.UserName, builder.Password) = ("***", "");
        if (builder.Query.Length > 0) builder.Query = "***";
        return builder.Uri;
    }

    public RemoteSessionOptions Options { get; }
    public string Description => $"{Options.Model} at {string.Join(", ", Options.Endpoints)}";

    /// <summary>The served model name: what a trace is matched on, so a trace made through one replica resumes through another.</summary>
    public string ModelIdentity => Options.Model;

    /// <summary>Each replica's requests, failures and breaker openings so far.</summary>
    public IReadOnlyList<ReplicaStatus> Replicas => replicas.Select(r => r.Status()).ToList();

    /// <summary>A replica taken out or back, a reply from another model: said once, as it happens.</summary>
    public string? TakeNotice() => notices.TryDequeue(out var notice) ? notice : null;

    public string Decoding => $"{new SamplingSettings { Temperature = Options.Temperature }}, sampling fields pinned for {Options.Profile}";
    public int Concurrency => Options.MaxConcurrency;
    public long GeneratedTokens => Interlocked.Read(ref generated);

    public long PromptTokens => Interlocked.Read(ref prompted);

    /// <summary>Windows that failed after every retry (kept in their order).</summary>
    public long FailedWindows => Interlocked.Read(ref failedWindows);

    /// <summary>The most windows ever in flight at once (never above MaxConcurrency).</summary>
    public int PeakConcurrency { get; private set; }

    private readonly ResiliencePipeline window, attempt;
    private readonly TimeSpan windowTimeout;
    private int inFlight, answered, failedBeforeAnswer;
    // A reference, so a reader on another thread never sees the kind of one failure with the text of another.
    private Failed? lastFailure;

    private sealed record Failed(RemoteFailureKind Kind, string Text);

    public async Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        if (IsClosed) throw new SessionClosedException("The session is closed (Close-RearankSession); open another with Open-RearankSession.");
        if (Volatile.Read(ref answered) == 0 && Volatile.Read(ref failedBeforeAnswer) >= Options.FailFastAfter)
        {
            var last = Volatile.Read(ref lastFailure) ?? new Failed(RemoteFailureKind.Connection, "no reason recorded");
            throw new ServersUnreachableException(RemoteFailure.StopMessage(last.Kind, Options.FailFastAfter, last.Text), last.Kind);
        }
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var now = Interlocked.Increment(ref inFlight);
        lock (replicas) PeakConcurrency = Math.Max(PeakConcurrency, now);
        var clock = Stopwatch.StartNew();
        try
        {
            Replica? previous = null;
            var body = BinaryData.FromString(ChatRequestBody.For(Options.Profile, Options.Model, request, request.Sampling?.Temperature ?? Options.Temperature).ToJsonString());
            try
            {
                // Each attempt goes to the next replica whose circuit is closed (Polly's breaker rests a failing one),
                // and a retry to another replica than the one that just failed this window while there is one.
                var (reply, servedBy) = await window.ExecuteAsync(async token =>
                {
                    var replica = previous = PickReplica(avoid: previous);
                    // Through its breaker while it is closed, or as the one probe a resting replica gets once its break is
                    // over (Polly half-opens a breaker only when a call goes through it); a resting replica picked because
                    // every replica rests is called directly.
                    var state = replica.Circuit.CircuitState;
                    var guarded = state is CircuitState.Closed || (state is CircuitState.Open && replica.TryClaimProbe());
                    Interlocked.Increment(ref replica.Requests);
                    async ValueTask<(ChatReply, Replica)> Call(CancellationToken attemptToken)
                    {
                        // The protocol method: the body is ours (every sampling field pinned), the reply is read as JSON, at most MaxReplyBytes of it.
                        var result = await replica.Client.CompleteChatAsync(BinaryContent.Create(body), new RequestOptions { CancellationToken = attemptToken, BufferResponse = false }).ConfigureAwait(false);
                        return (ChatReply.Parse(await ReadCapped(result.GetRawResponse(), Options.MaxReplyBytes, attemptToken).ConfigureAwait(false)), replica);
                    }
                    try
                    {
                        try
                        {
                            return await (guarded ? replica.Pipeline : attempt).ExecuteAsync(Call, token).ConfigureAwait(false);
                        }
                        catch (Exception e) when (guarded && e is BrokenCircuitException or IsolatedCircuitException && !replicas.Any(r => r != replica && r.Available))
                        {
                            // Its breaker opened under us (another window's failure) and there is no other replica: call it directly.
                            return await attempt.ExecuteAsync(Call, token).ConfigureAwait(false);
                        }
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref replica.Failures);
                        throw;
                    }
                }, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref answered, 1);
                Interlocked.Add(ref generated, reply.CompletionTokens);
                Interlocked.Add(ref prompted, reply.PromptTokens);
                if (reply.Model is { Length: > 0 } served && !string.Equals(served, Options.Model, StringComparison.OrdinalIgnoreCase) && otherModels.TryAdd(served, true))
                    notices.Enqueue($"{servedBy.Endpoint} answered as model '{served}', not the '{Options.Model}' asked for; each window's trace records the model that answered it (ServedModel).");
                return new WindowCompletion(WithReasoning(reply.Content, reply.Reasoning), reply.PromptTokens, reply.CompletionTokens, clock.Elapsed, WindowStops.Parse(reply.FinishReason))
                {
                    ServedBy = servedBy.Endpoint.ToString(), ServedModel = reply.Model,
                    TopLogprobs = request.TopLogprobs is null ? null : reply.TopLogprobs,
                };
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Retries spent, the window's budget gone, or not worth retrying (a 400 or 404): this window fails, the run goes on.
                (RemoteFailureKind Kind, string Text) problem = e is TimeoutRejectedException && clock.Elapsed >= windowTimeout - TimeSpan.FromSeconds(1)
                    ? (RemoteFailureKind.Timeout, $"the window's time budget of {windowTimeout.TotalSeconds:N0} s ran out")
                    : RemoteFailure.Describe(e);
                Interlocked.Increment(ref failedWindows);
                Volatile.Write(ref lastFailure, new Failed(problem.Kind, problem.Text));
                // Only what stops every window counts toward stopping early: one window too long for the server's context does not.
                if (Volatile.Read(ref answered) == 0 && RemoteFailure.AffectsEveryWindow(problem.Kind)) Interlocked.Increment(ref failedBeforeAnswer);
                var tried = RemoteResilience.IsRetryable(e) ? "failed after retries" : "failed";
                return new WindowCompletion("", 0, 0, clock.Elapsed, WindowStop.Failed) { Failure = $"{tried}: {problem.Text}", ServedBy = Volatile.Read(ref previous)?.Endpoint.ToString() };
            }
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            slots.Release();
        }
    }

    /// <summary>
    /// FIRST and pointwise need the first token's log-probabilities: one short request asks for them before any
    /// window, so a server that does not return them (or cannot be reached) stops the run with the reason at once.
    /// </summary>
    public async Task CheckLogprobsAsync(CancellationToken cancellationToken)
    {
        var probe = new WindowRequest("(logprobs check)", new RankWindow(0, 1), [Rearank.Core.Model.ChatMessage.User("Answer yes or no: is this a question?")], 1, Thinking: false, MaxNewTokens: 1)
            { TopLogprobs = 5 };
        var reply = await CompleteAsync(probe, cancellationToken).ConfigureAwait(false);
        if (reply.Stop == WindowStop.Failed)
            throw new LogprobsUnavailableException($"The server could not be asked for log-probabilities before the first window: {reply.Failure}");
        if (reply.TopLogprobs is not { Count: > 0 })
            throw new LogprobsUnavailableException(
                $"{reply.ServedBy ?? Description} answered without log-probabilities (choices[0].logprobs.content[0].top_logprobs), which first-token and pointwise reranking read. " +
                "vLLM and llama-server return them for \"logprobs\": true; a server started with a max_logprobs below 20 refuses them, and OpenAI's reasoning models do not give them.");
    }

    /// <summary>
    /// The next replica in turn whose circuit is not open, other than <paramref name="avoid"/> (the one this window's
    /// last attempt failed on) where another is open to calls: a replica that just went down can fail a retry before
    /// its breaker has seen enough failures to open. When every one rests, simply the next one.
    /// </summary>
    private Replica PickReplica(Replica? avoid = null)
    {
        var start = (int)(Interlocked.Increment(ref next) % replicas.Length);
        Replica? fallback = null;
        for (var i = 0; i < replicas.Length; i++)
        {
            var replica = replicas[(start + i) % replicas.Length];
            // An open breaker whose break is over is worth a call: Polly half-opens it only when a call goes through.
            if (!replica.Available) continue;
            if (!ReferenceEquals(replica, avoid)) return replica;
            fallback = replica;
        }
        return fallback ?? replicas[start];
    }

    /// <summary>The reply's body, refusing one longer than <paramref name="limit"/> bytes before it is all in memory.</summary>
    private static async Task<BinaryData> ReadCapped(PipelineResponse response, long limit, CancellationToken token)
    {
        if (response.ContentStream is not { } stream) return response.Content;
        using (stream)
        {
            if (response.Headers.TryGetValue("Content-Length", out var declared) && long.TryParse(declared, out var length) && length > limit)
                throw new ReplyTooLargeException(limit);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit) throw new ReplyTooLargeException(limit);
                buffer.Write(chunk, 0, read);
            }
            return new BinaryData(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
    }

    /// <summary>What a chat completion reply holds that a window needs.</summary>
    private sealed record ChatReply(string Content, string? Reasoning, int PromptTokens, int CompletionTokens, string FinishReason, string? Model)
    {
        /// <summary>choices[0].logprobs.content[0].top_logprobs, when the server sent them.</summary>
        public IReadOnlyList<TokenLogprob>? TopLogprobs { get; init; }

        /// <summary>A reply without choices or a message is malformed (and retried, like a dropped connection).</summary>
        public static ChatReply Parse(BinaryData content)
        {
            using var json = JsonDocument.Parse(content);
            var root = json.RootElement;
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
                || !choices[0].TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
                throw new FormatException("The reply has no choices[0].message.");
            var text = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
            // vLLM and SGLang reasoning parsers return the thinking in reasoning_content (or reasoning).
            string? reasoning = null;
            foreach (var name in new[] { "reasoning_content", "reasoning" })
                if (reasoning is null && message.TryGetProperty(name, out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } value)
                    reasoning = value;
            var finish = choices[0].TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "";
            int prompt = 0, completion = 0;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                if (usage.TryGetProperty("prompt_tokens", out var p) && p.TryGetInt32(out var pt)) prompt = pt;
                if (usage.TryGetProperty("completion_tokens", out var o) && o.TryGetInt32(out var ot)) completion = ot;
            }
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return new ChatReply(text, reasoning, prompt, completion, finish, model) { TopLogprobs = FirstTokenLogprobs(choices[0]) };
        }

        /// <summary>The first generated token's top_logprobs (OpenAI's shape, which vLLM and llama-server both answer in).</summary>
        private static List<TokenLogprob>? FirstTokenLogprobs(JsonElement choice)
        {
            if (!choice.TryGetProperty("logprobs", out var logprobs) || logprobs.ValueKind != JsonValueKind.Object
                || !logprobs.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0
                || !content[0].TryGetProperty("top_logprobs", out var top) || top.ValueKind != JsonValueKind.Array)
                return null;
            var list = new List<TokenLogprob>();
            foreach (var entry in top.EnumerateArray())
                if (entry.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
                    && entry.TryGetProperty("logprob", out var logprob) && logprob.TryGetDouble(out var value))
                    list.Add(new TokenLogprob(token.GetString()!, value));
            return list;
        }
    }

    private static string WithReasoning(string content, string? reasoning) =>
        reasoning is null || content.Contains("<think>", StringComparison.Ordinal) ? content : $"<think>{reasoning}</think>{content}";

    private static ChatClient CreateClient(Uri endpoint, RemoteSessionOptions options, string? apiKey)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = options.Timeout,
            // Retries are ours: across replicas, counted, and reported in the trace.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (apiKey is { Length: > 0 } key) return new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
        // The SDK insists on a credential; for a server started without a key, none is sent at all.
        clientOptions.AddPolicy(new DropAuthorization(), PipelinePosition.BeforeTransport);
        return new ChatClient(options.Model, new ApiKeyCredential("no-key"), clientOptions);
    }

    /// <summary>Removes the Authorization header, so a server that asks for no key is sent none.</summary>
    private sealed class DropAuthorization : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }

    /// <summary>One server: its client, its breaker (built once, here: a lazy build raced under parallel callers), its account.</summary>
    private sealed class Replica
    {
        public long Requests, Failures, Openings;
        private long breakOverAt;

        public Replica(Uri endpoint, ChatClient client, RemoteSessionOptions options, Action<string> notice)
        {
            Endpoint = endpoint;
            Client = client;
            Pipeline = RemoteResilience.Replica(options, Circuit,
                opened: duration =>
                {
                    Interlocked.Increment(ref Openings);
                    Volatile.Write(ref breakOverAt, Environment.TickCount64 + (long)duration.TotalMilliseconds);
                    notice($"Replica {Endpoint} is taken out for {duration.TotalSeconds:N1} s after repeated failures; the others take its windows.");
                },
                closed: () => notice($"Replica {Endpoint} answers again and takes windows again."));
        }

        public Uri Endpoint { get; }
        public ChatClient Client { get; }
        public CircuitBreakerStateProvider Circuit { get; } = new();
        public ResiliencePipeline Pipeline { get; }

        /// <summary>An open breaker's break has passed: the next call may probe the replica.</summary>
        public bool BreakOver => Environment.TickCount64 >= Volatile.Read(ref breakOverAt);

        /// <summary>Closed, half-open, or resting with its break over: worth sending a window to.</summary>
        public bool Available => Circuit.CircuitState is CircuitState.Closed or CircuitState.HalfOpen || (Circuit.CircuitState is CircuitState.Open && BreakOver);

        /// <summary>
        /// One caller at a time claims the probe of a replica whose break is over; the others see it resting until the
        /// probe's outcome (a failed probe opens the breaker again, which sets a new break).
        /// </summary>
        public bool TryClaimProbe()
        {
            var at = Volatile.Read(ref breakOverAt);
            var now = Environment.TickCount64;
            return now >= at && Interlocked.CompareExchange(ref breakOverAt, now + 60_000, at) == at;
        }

        public ReplicaStatus Status() => new(Endpoint, Interlocked.Read(ref Requests), Interlocked.Read(ref Failures), Interlocked.Read(ref Openings), Circuit.CircuitState.ToString());
    }

    private int disposed;

    /// <summary>Closed (Close-RearankSession): no window can be sent through it any more.</summary>
    public bool IsClosed => Volatile.Read(ref disposed) == 1;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        slots.Dispose();
    }
}
