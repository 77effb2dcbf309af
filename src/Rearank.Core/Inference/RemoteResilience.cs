using System.ClientModel;
using System.Globalization;
using System.Text.Json;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Rearank.Core.Inference;

/// <summary>
/// The resilience of remote windows, from Polly rather than by hand: per window a total time budget and retries with
/// exponential backoff and jitter that honour a server's Retry-After; per replica a circuit breaker (a replica that
/// keeps failing is rested for ReplicaCooldown) and a timeout per attempt.
/// </summary>
internal static class RemoteResilience
{
    /// <summary>Total budget, then retries, around every attempt of one window.</summary>
    public static ResiliencePipeline Window(RemoteSessionOptions options, TimeSpan budget)
    {
        var builder = new ResiliencePipelineBuilder().AddTimeout(budget);
        if (options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromMinutes(2),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && !args.Context.CancellationToken.IsCancellationRequested && IsRetryable(e)),
                // A server that says when to come back is believed; otherwise the jittered exponential backoff.
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
            });
        return builder.Build();
    }

    /// <summary>A replica's circuit breaker and per-attempt timeout; the state provider tells which replicas are resting.</summary>
    public static ResiliencePipeline Replica(RemoteSessionOptions options, CircuitBreakerStateProvider state, Action<TimeSpan>? opened = null, Action? closed = null) =>
        new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, options.ReplicaCooldown.TotalSeconds * 2)),
                BreakDuration = options.ReplicaCooldown < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : options.ReplicaCooldown,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e)),
                StateProvider = state,
                OnOpened = args => { opened?.Invoke(args.BreakDuration); return default; },
                OnClosed = _ => { closed?.Invoke(); return default; },
            })
            .AddTimeout(options.Timeout)
            .Build();

    /// <summary>The per-attempt timeout alone, for an attempt on a resting replica when every replica rests.</summary>
    public static ResiliencePipeline Attempt(RemoteSessionOptions options) => new ResiliencePipelineBuilder().AddTimeout(options.Timeout).Build();

    /// <summary>Enough for every attempt to time out and every backoff to pass, with a minute to spare.</summary>
    public static TimeSpan DefaultWindowTimeout(RemoteSessionOptions options) =>
        options.Timeout * (options.MaxRetries + 1) + TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(options.RetryDelay.Ticks * ((1L << Math.Min(options.MaxRetries, 20)) - 1));

    public static bool IsRetryable(Exception e) => e switch
    {
        ClientResultException { Status: 429 or >= 500 or 0 } => true,
        ClientResultException => false,
        TimeoutRejectedException or BrokenCircuitException or IsolatedCircuitException => true,
        OperationCanceledException or TimeoutException or HttpRequestException or IOException or JsonException or FormatException => true,
        _ => e.InnerException is not null && IsRetryable(e.InnerException),
    };

    /// <summary>Retry-After of a throttling or unavailable reply, in seconds or as an HTTP date; null when absent.</summary>
    public static TimeSpan? RetryAfter(Exception? e)
    {
        if (e is not ClientResultException { Status: 429 or 503 } failure || failure.GetRawResponse() is not { } response) return null;
        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(Math.Min(seconds, 3600));
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at > DateTimeOffset.UtcNow ? at - DateTimeOffset.UtcNow : TimeSpan.Zero;
        return null;
    }
}
