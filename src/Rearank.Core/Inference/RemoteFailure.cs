using System.ClientModel;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Rearank.Core.Inference;

/// <summary>What kind of failure a remote call met: each has its own cause, remedy and error category.</summary>
public enum RemoteFailureKind
{
    /// <summary>No connection (refused, reset, name not resolved) or a malformed reply.</summary>
    Connection,
    /// <summary>The attempt or the window ran out of time.</summary>
    Timeout,
    /// <summary>HTTP 429: the server is overloaded or rate-limits.</summary>
    Throttled,
    /// <summary>HTTP 5xx.</summary>
    ServerError,
    /// <summary>HTTP 401/403: the key is missing or wrong.</summary>
    Unauthorized,
    /// <summary>HTTP 404/405: a wrong -Endpoint path or -Model.</summary>
    NotFound,
    /// <summary>Another 4xx (400, 413, 422): this request is wrong for this server (a window longer than its context, say).</summary>
    Rejected,
    /// <summary>The reply was larger than RemoteSessionOptions.MaxReplyBytes.</summary>
    ReplyTooLarge,
}

/// <summary>A reply over the size cap: not retried (a server that sends one will send it again).</summary>
public sealed class ReplyTooLargeException(long limit) : RearankException($"the reply was larger than {limit:N0} bytes (-MaxReplyBytes), so it was not read");

/// <summary>
/// A failed remote call in words: its kind and the server's own error text (vLLM's and llama-server's error.message,
/// whole), never a request header (the key lives there).
/// </summary>
public static class RemoteFailure
{
    public static (RemoteFailureKind Kind, string Text) Describe(Exception e) => e switch
    {
        ClientResultException { Status: 429 } c => (RemoteFailureKind.Throttled, $"throttled, HTTP 429: {ServerText(c)}"),
        ClientResultException { Status: >= 500 } c => (RemoteFailureKind.ServerError, $"server error, HTTP {c.Status}: {ServerText(c)}"),
        ClientResultException { Status: 401 or 403 } c => (RemoteFailureKind.Unauthorized, $"refused, HTTP {c.Status}: {ServerText(c)}"),
        ClientResultException { Status: 404 or 405 } c => (RemoteFailureKind.NotFound, $"not found, HTTP {c.Status}: {ServerText(c)}"),
        ClientResultException { Status: >= 400 } c => (RemoteFailureKind.Rejected, $"request rejected, HTTP {c.Status}: {ServerText(c)}"),
        ClientResultException c => (RemoteFailureKind.Connection, $"connection failed: {Clean(c.InnerException?.Message ?? c.Message)}"),
        ReplyTooLargeException t => (RemoteFailureKind.ReplyTooLarge, t.Message),
        TimeoutRejectedException or OperationCanceledException or TimeoutException => (RemoteFailureKind.Timeout, "timed out"),
        BrokenCircuitException => (RemoteFailureKind.Connection, "every server is resting after repeated failures"),
        JsonException or FormatException => (RemoteFailureKind.Connection, $"malformed reply: {Clean(e.Message)}"),
        _ => (RemoteFailureKind.Connection, $"connection failed: {e.GetType().Name}: {Clean(e.Message)}"),
    };

    /// <summary>Whether failing the first windows this way means no later window can succeed either (so the run stops early).</summary>
    public static bool AffectsEveryWindow(RemoteFailureKind kind) => kind is not (RemoteFailureKind.Rejected or RemoteFailureKind.ReplyTooLarge);

    /// <summary>The message of a run stopped because the first windows all failed this way: cause and remedy.</summary>
    public static string StopMessage(RemoteFailureKind kind, int windows, string last) => kind switch
    {
        RemoteFailureKind.Throttled => $"Every server throttled the first {windows} windows (HTTP 429), retries included (last: {last}). They are overloaded or rate-limited: lower -MaxConcurrency, raise -MaxRetries, or try later.",
        RemoteFailureKind.ServerError => $"The servers failed the first {windows} windows with a server error, retries included (last: {last}). Check the server's logs.",
        RemoteFailureKind.Unauthorized => $"The server refused the first {windows} windows (last: {last}). Check -ApiKey (or -ApiKeyVariable).",
        RemoteFailureKind.NotFound => $"The server does not serve what was asked for the first {windows} windows (last: {last}). Check -Endpoint (ending in /v1) and -Model (the served model name).",
        _ => $"No server has answered: the first {windows} windows failed after every retry (last: {last}). Check -Endpoint, the server, and its logs.",
    };

    /// <summary>The server's own error text: error.message (or message) of a JSON body, else the body, whole but bounded.</summary>
    private static string ServerText(ClientResultException c)
    {
        string? body = null;
        try { body = c.GetRawResponse()?.Content?.ToString(); } catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException) { }
        if (string.IsNullOrWhiteSpace(body)) return Clean(c.Message.Split('\n')[0]);
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String) return Clean(error.GetString()!);
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return Clean(m.GetString()!);
                }
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String) return Clean(message.GetString()!);
                if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String) return Clean(detail.GetString()!);
            }
        }
        catch (JsonException)
        {
        }
        return Clean(body);
    }

    private static string Clean(string text)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= 2000 ? flat : flat[..2000] + "...";
    }
}
