using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.Inference;
using Rearank.PowerShell.Bases;
using Rearank.PowerShell.Sessions;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Loads a GGUF model (REARANK or any Qwen-style chat model) once, or connects to OpenAI-compatible servers, and
/// makes the session the default for reranking.
/// </summary>
[Cmdlet(VerbsCommon.Open, "RearankSession", DefaultParameterSetName = LocalSet)]
[OutputType(typeof(LlamaSession), typeof(RemoteSession))]
public sealed class OpenRearankSessionCommand : RearankCmdlet
{
    private const string LocalSet = "Local";
    private const string RemoteSet = "Remote";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LocalSet)]
    [ValidateNotNullOrEmpty]
    public string ModelPath { get; set; } = "";

    /// <summary>Base URLs of OpenAI-compatible servers (ending in /v1); windows are spread across them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RemoteSet)]
    [ValidateNotNullOrEmpty]
    public Uri[] Endpoint { get; set; } = [];

    /// <summary>The model name the servers serve.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RemoteSet)]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "";

    /// <summary>API key; otherwise REARANK_API_KEY or OPENAI_API_KEY from the environment; none is sent when none is set.</summary>
    [Parameter(ParameterSetName = RemoteSet)]
    public System.Security.SecureString? ApiKey { get; set; }

    [Parameter(ParameterSetName = RemoteSet)]
    [ValidateRange(1, 4096)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>The server kind, whose field names pin the sampling in every request: Vllm (default), LlamaCpp, Ollama or OpenAI (standard fields only).</summary>
    [Parameter(ParameterSetName = RemoteSet)]
    public ServerProfile ServerProfile { get; set; } = ServerProfile.Vllm;

    [Parameter(ParameterSetName = RemoteSet)]
    [ValidateRange(1, 86_400)]
    public int TimeoutSec { get; set; } = 300;

    [Parameter(ParameterSetName = RemoteSet)]
    [ValidateRange(0, 100)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The most one window may take, every attempt and wait included (default: every attempt's timeout and backoff plus a minute).</summary>
    [Parameter(ParameterSetName = RemoteSet)]
    [ValidateRange(1, 604_800)]
    public int WindowTimeoutSec { get; set; }

    /// <summary>The largest reply read from a server (default 8 MiB); a larger one fails its window unread, so a misbehaving server cannot fill memory.</summary>
    [Parameter(ParameterSetName = RemoteSet)]
    [ValidateRange(1024, long.MaxValue)]
    public long MaxReplyBytes { get; set; } = 8L << 20;

    /// <summary>Tokens per window: prompt plus answer.</summary>
    [Parameter(ParameterSetName = LocalSet)]
    [ValidateRange(256, 1_048_576)]
    public int ContextSize { get; set; } = 8192;

    [Parameter(ParameterSetName = LocalSet)]
    [ValidateRange(0, 1000)]
    public int GpuLayerCount { get; set; }

    [Parameter(ParameterSetName = LocalSet)]
    [ValidateRange(1, 1024)]
    public int Threads { get; set; }

    /// <summary>Windows of different queries decoded together.</summary>
    [Parameter(ParameterSetName = LocalSet)]
    [ValidateRange(1, 256)]
    public int MaxParallel { get; set; } = 4;

    [Parameter(ParameterSetName = LocalSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Seed { get; set; } = 42;

    /// <summary>Sample at this temperature instead of greedy decoding (0).</summary>
    [Parameter]
    [ValidateRange(0.0, 5.0)]
    public float Temperature { get; set; }

    /// <summary>
    /// Guarantee every window an answer: the reasoning stays the model's own; once it ends (or the budget left is
    /// what a full answer needs) the rest is held to &lt;answer&gt; and this window's ids. Off by default, as REARANK decodes.
    /// </summary>
    [Parameter(ParameterSetName = LocalSet)]
    public SwitchParameter ForceAnswer { get; set; }

    /// <summary>
    /// A folder of llama.cpp libraries built by the user (Vulkan, ROCm, CUDA) to use instead of the module's own
    /// natives. They must be llama.cpp at the commit LLamaSharp 0.30 binds; a build that lacks a function LLamaSharp
    /// calls is refused before it is loaded. It holds for the whole PowerShell process.
    /// </summary>
    [Parameter(ParameterSetName = LocalSet)]
    [ValidateNotNullOrEmpty]
    public string? NativeLibraryPath { get; set; }

    protected override void EndProcessing()
    {
        if (ParameterSetName == RemoteSet)
        {
            OpenRemote();
            return;
        }
        var path = ResolveOutputPath(ModelPath);
        LlamaSession session;
        // One blocking native call: the record says what is loading and how large it is; llama.cpp gives no rate.
        var size = File.Exists(path) ? new FileInfo(path).Length : 0;
        WriteProgress(new ProgressRecord(ProgressIds.Load, "Open-RearankSession", $"Loading {System.IO.Path.GetFileName(path)} ({size / 1e6:N0} MB)"));
        try
        {
            if (NativeLibraryPath is not null) NativeLibraryFolder.Use(ResolveOutputPath(NativeLibraryPath));
            session = LlamaSession.Open(new LlamaSessionOptions
            {
                ModelPath = path, ContextSize = ContextSize, GpuLayerCount = GpuLayerCount, Threads = Threads > 0 ? Threads : null,
                MaxParallel = MaxParallel, Seed = (uint)Seed, Temperature = Temperature, ForceAnswer = ForceAnswer,
            });
        }
        catch (FileNotFoundException e)
        {
            this.WriteNativeLog();
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.ModelNotFound, ErrorCategory.ObjectNotFound, path));
            return;
        }
        catch (NativeLibraryMismatchException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.NativeLibraryMismatch, ErrorCategory.InvalidData, NativeLibraryPath));
            return;
        }
        catch (SessionMemoryException e)
        {
            this.WriteNativeLog();
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InsufficientMemory, ErrorCategory.ResourceUnavailable, path));
            return;
        }
        catch (RearankException e)
        {
            this.WriteNativeLog();
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.ModelLoadFailed, ErrorCategory.InvalidData, path));
            return;
        }
        this.WriteNativeLog();
        WriteProgress(new ProgressRecord(ProgressIds.Load, "Open-RearankSession", "Loaded") { RecordType = ProgressRecordType.Completed });
        SessionRegistry.Add(session);
        WriteVerbose($"Loaded {session.ModelName} in {session.LoadTime.TotalSeconds:F2} s, memory {session.Memory} ({(Temperature == 0 ? "greedy" : $"temperature {Temperature}")}, {(ForceAnswer ? "answer guard on" : "no output constraint")}); it is now the default session.");
        WriteObject(session);
    }

    private void OpenRemote()
    {
        foreach (var endpoint in Endpoint)
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Endpoint '{endpoint.OriginalString}' is not an http or https URL; write it whole, as http://host:8000/v1."),
                    ErrorIds.InvalidEndpoint, ErrorCategory.InvalidArgument, endpoint.OriginalString));
        var key = ApiKey is not null
            ? new System.Net.NetworkCredential("", ApiKey).Password
            : Environment.GetEnvironmentVariable("REARANK_API_KEY") ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        var session = new RemoteSession(new RemoteSessionOptions
        {
            Endpoints = Endpoint, Model = Model, MaxConcurrency = MaxConcurrency,
            Timeout = TimeSpan.FromSeconds(TimeoutSec), MaxRetries = MaxRetries,
            WindowTimeout = WindowTimeoutSec > 0 ? TimeSpan.FromSeconds(WindowTimeoutSec) : null, Temperature = Temperature, Profile = ServerProfile,
            MaxReplyBytes = MaxReplyBytes,
        }, string.IsNullOrEmpty(key) ? null : key);
        SessionRegistry.Add(session);
        WriteVerbose($"Connected to {session.Description} ({(key is null ? "no API key" : "API key set")}, {ServerProfile} request fields); it is now the default session.");
        WriteObject(session);
    }
}
