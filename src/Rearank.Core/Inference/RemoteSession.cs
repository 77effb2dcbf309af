using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Rearank.Core.Reranking;
using OpenAIMessage = OpenAI.Chat.ChatMessage;

namespace Rearank.Core.Inference;

/// <summary>
/// Reranking windows answered by OpenAI-compatible servers through the OpenAI .NET SDK. Up to MaxConcurrency windows
/// are in flight, spread over the replicas; a failed call is retried with doubling backoff on another replica when
/// there is one; a replica that fails is rested for a while. A window that still fails keeps its order: its
/// completion is empty and its stop reason says why, so the run goes on (the original's ERROR:: behaviour). The
/// API key stays inside the HTTP pipeline and appears in no description, error or trace.
/// </summary>
public sealed class RemoteSession : IRerankSession
{
    private readonly Replica[] replicas;
    private readonly SemaphoreSlim slots;
    private long generated, failedWindows, next;

    public RemoteSession(RemoteSessionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        if (options.Endpoints.Count == 0) throw new ArgumentException("At least one endpoint is needed.", nameof(options));
        Options = options;
        slots = new SemaphoreSlim(options.MaxConcurrency);
        replicas = options.Endpoints.Select(endpoint => new Replica(endpoint, CreateClient(endpoint, options))).ToArray();
    }

    public RemoteSessionOptions Options { get; }
    public string Description => $"{Options.Model} at {string.Join(", ", Options.Endpoints)}";
    public int Concurrency => Options.MaxConcurrency;
    public long GeneratedTokens => Interlocked.Read(ref generated);

    /// <summary>Windows that failed after every retry (kept in their order).</summary>
    public long FailedWindows => Interlocked.Read(ref failedWindows);

    /// <summary>The most windows ever in flight at once (never above MaxConcurrency).</summary>
    public int PeakConcurrency { get; private set; }

    private int inFlight;

    public async Task<WindowCompletion> CompleteAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var now = Interlocked.Increment(ref inFlight);
        lock (replicas) PeakConcurrency = Math.Max(PeakConcurrency, now);
        var clock = Stopwatch.StartNew();
        try
        {
            var messages = request.Messages.Select(ToOpenAI).ToList();
            var options = new ChatCompletionOptions { Temperature = request.Temperature ?? Options.Temperature, MaxOutputTokenCount = request.MaxNewTokens };
            string? lastProblem = null;
            for (var attempt = 0; attempt <= Options.MaxRetries; attempt++)
            {
                if (attempt > 0)
                    await Task.Delay(TimeSpan.FromTicks(Options.RetryDelay.Ticks << Math.Min(attempt - 1, 10)), cancellationToken).ConfigureAwait(false);
                var replica = PickReplica();
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(Options.Timeout);
                    var result = await replica.Client.CompleteChatAsync(messages, options, timeout.Token).ConfigureAwait(false);
                    replica.Healthy();
                    var completion = result.Value;
                    var text = WithReasoning(string.Concat(completion.Content.Select(c => c.Text)), ReasoningField(result.GetRawResponse()));
                    var output = completion.Usage?.OutputTokenCount ?? 0;
                    Interlocked.Add(ref generated, output);
                    return new WindowCompletion(text, completion.Usage?.InputTokenCount ?? 0, output, clock.Elapsed, completion.FinishReason.ToString());
                }
                catch (Exception e) when (IsRetryable(e, cancellationToken))
                {
                    lastProblem = Describe(e);
                    replica.Failed(Options.ReplicaCooldown);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Not worth retrying (a 400 or 404, say): this window fails at once, the run goes on.
                    lastProblem = Describe(e);
                    break;
                }
            }
            Interlocked.Increment(ref failedWindows);
            return new WindowCompletion("", 0, 0, clock.Elapsed, $"failed after retries: {lastProblem}");
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            slots.Release();
        }
    }

    /// <summary>The next healthy replica in turn; when all are resting, the one that rested longest.</summary>
    private Replica PickReplica()
    {
        var start = (int)(Interlocked.Increment(ref next) % replicas.Length);
        for (var i = 0; i < replicas.Length; i++)
        {
            var replica = replicas[(start + i) % replicas.Length];
            if (replica.IsAvailable) return replica;
        }
        return replicas.MinBy(r => r.RestingUntil)!;
    }

    private static bool IsRetryable(Exception e, CancellationToken caller) => !caller.IsCancellationRequested && e switch
    {
        ClientResultException { Status: 429 or >= 500 or 0 } => true,
        ClientResultException => false,
        OperationCanceledException or TimeoutException or HttpRequestException or IOException or JsonException or FormatException => true,
        _ => e.InnerException is not null && IsRetryable(e.InnerException, caller),
    };

    /// <summary>A reason for traces and warnings: status and message, never request headers (the key lives there).</summary>
    private static string Describe(Exception e) => e switch
    {
        ClientResultException c => $"HTTP {c.Status}: {FirstLine(c.Message)}",
        OperationCanceledException => "timed out",
        _ => $"{e.GetType().Name}: {FirstLine(e.Message)}",
    };

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>vLLM and SGLang reasoning parsers return the thinking in reasoning_content (or reasoning); put it back in its tags.</summary>
    private static string? ReasoningField(PipelineResponse response)
    {
        try
        {
            using var json = JsonDocument.Parse(response.Content);
            var message = json.RootElement.GetProperty("choices")[0].GetProperty("message");
            foreach (var name in new[] { "reasoning_content", "reasoning" })
                if (message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                    return text;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
        }
        return null;
    }

    private static string WithReasoning(string content, string? reasoning) =>
        reasoning is null || content.Contains("<think>", StringComparison.Ordinal) ? content : $"<think>{reasoning}</think>{content}";

    private static OpenAIMessage ToOpenAI(Reranking.ChatMessage message) => message.Role switch
    {
        "system" => new SystemChatMessage(message.Content),
        "assistant" => new AssistantChatMessage(message.Content),
        _ => new UserChatMessage(message.Content),
    };

    private static ChatClient CreateClient(Uri endpoint, RemoteSessionOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = options.Timeout,
            // Retries are ours: across replicas, counted, and reported in the trace.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (options.ApiKey is { Length: > 0 } key) return new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
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

    private sealed class Replica(Uri endpoint, ChatClient client)
    {
        private long restingUntil;

        public Uri Endpoint { get; } = endpoint;
        public ChatClient Client { get; } = client;
        public long RestingUntil => Interlocked.Read(ref restingUntil);
        public bool IsAvailable => Stopwatch.GetTimestamp() >= RestingUntil;

        public void Failed(TimeSpan cooldown) =>
            Interlocked.Exchange(ref restingUntil, Stopwatch.GetTimestamp() + (long)(cooldown.TotalSeconds * Stopwatch.Frequency));

        public void Healthy() => Interlocked.Exchange(ref restingUntil, 0);
    }

    public void Dispose() => slots.Dispose();
}
