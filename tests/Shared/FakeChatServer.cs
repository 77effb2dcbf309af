using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rearank.Tests.Shared;

/// <summary>A chat-completions request as the fake server saw it.</summary>
public sealed record ChatRequest(JsonNode Body, string? Authorization, int Number)
{
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Body["messages"]!.AsArray().Select(m => ((string)m!["role"]!, (string)m["content"]!)).ToList();

    /// <summary>The query of a REARANK prompt (from "Search Query: {query}. " in the instruction).</summary>
    public string Query
    {
        get
        {
            var instruction = Messages[1].Content;
            var start = instruction.IndexOf("Search Query: ", StringComparison.Ordinal) + "Search Query: ".Length;
            return instruction[start..instruction.IndexOf(". \n", start, StringComparison.Ordinal)];
        }
    }

    /// <summary>How many passages the window shows.</summary>
    public int PassageCount => Messages.Count(m => m.Role == "user" && m.Content.StartsWith('['));
}

/// <summary>What the fake server does with one request.</summary>
public sealed record ChatReply(int Status, string Body, TimeSpan Delay = default, bool Drop = false)
{
    /// <summary>Extra response headers (Retry-After, say).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The model name a reply carries unless a test names another: the one the request asked for, as vLLM answers.</summary>
    public const string EchoModel = "(the requested model)";

    public static ChatReply Answer(string content, string? reasoning = null, int promptTokens = 100, int completionTokens = 20, TimeSpan delay = default, string model = EchoModel)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
        if (reasoning is not null) message["reasoning_content"] = reasoning;
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-test", ["object"] = "chat.completion", ["created"] = 1, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
        };
        return new ChatReply(200, body.ToJsonString(), delay);
    }

    public static ChatReply Error(int status) => new(status, $"{{\"error\":{{\"message\":\"scripted {status}\"}}}}");
}

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 whose answers a test scripts: for exercising the remote
/// backend against the real wire format, faults included, without any network beyond loopback.
/// </summary>
public sealed class FakeChatServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<ChatRequest, ChatReply> handler;
    private readonly CancellationTokenSource stop = new();
    private int requests, inFlight, peak;

    /// <param name="port">A port to listen on (a server restarted where it was); a free one when 0.</param>
    public FakeChatServer(Func<ChatRequest, ChatReply> handler, int port = 0)
    {
        this.handler = handler;
        if (port == 0) port = FreePort();
        Port = port;
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1/");
        _ = Task.Run(AcceptLoop);
    }

    public Uri Endpoint { get; }
    public int Port { get; }
    public int Requests => Volatile.Read(ref requests);
    public int PeakConcurrency => Volatile.Read(ref peak);
    public List<ChatRequest> Seen { get; } = [];

    private async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(context));
        }
    }

    private async Task Serve(HttpListenerContext context)
    {
        var now = Interlocked.Increment(ref inFlight);
        int observed;
        while ((observed = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, observed) != observed) { }
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new ChatRequest(JsonNode.Parse(await reader.ReadToEndAsync())!, context.Request.Headers["Authorization"], Interlocked.Increment(ref requests));
            lock (Seen) Seen.Add(request);
            var reply = handler(request);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, stop.Token);
            if (reply.Drop)
            {
                context.Response.Abort();
                return;
            }
            var text = reply.Body.Replace($"\"{ChatReply.EchoModel}\"", (request.Body["model"] ?? "").ToJsonString());
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers) context.Response.AddHeader(name, value);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception)
        {
            try { context.Response.Abort(); } catch (Exception) { }
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        stop.Cancel();
        try { listener.Stop(); listener.Close(); } catch (ObjectDisposedException) { }
    }
}
