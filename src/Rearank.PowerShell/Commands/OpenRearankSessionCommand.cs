using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.Inference;
using Rearank.PowerShell.Infrastructure;

namespace Rearank.PowerShell.Commands;

/// <summary>Loads a GGUF model (REARANK or any Qwen-style chat model) once and makes it the default session.</summary>
[Cmdlet(VerbsCommon.Open, "RearankSession")]
[OutputType(typeof(LlamaSession))]
public sealed class OpenRearankSessionCommand : RearankCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string ModelPath { get; set; } = "";

    /// <summary>Tokens per window: prompt plus answer.</summary>
    [Parameter]
    [ValidateRange(256, 1_048_576)]
    public int ContextSize { get; set; } = 8192;

    [Parameter]
    [ValidateRange(0, 1000)]
    public int GpuLayerCount { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    public int Threads { get; set; }

    /// <summary>Windows of different queries decoded together.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int MaxParallel { get; set; } = 4;

    [Parameter]
    public uint Seed { get; set; } = 42;

    /// <summary>Sample at this temperature instead of greedy decoding (0).</summary>
    [Parameter]
    [ValidateRange(0.0, 5.0)]
    public float Temperature { get; set; }

    /// <summary>Let the model write freely instead of holding it to the think/answer format.</summary>
    [Parameter]
    public SwitchParameter NoGrammar { get; set; }

    protected override void EndProcessing()
    {
        var path = ResolveOutputPath(ModelPath);
        LlamaSession session;
        try
        {
            session = LlamaSession.Open(new LlamaSessionOptions
            {
                ModelPath = path, ContextSize = ContextSize, GpuLayerCount = GpuLayerCount, Threads = Threads > 0 ? Threads : null,
                MaxParallel = MaxParallel, Seed = Seed, Temperature = Temperature, UseGrammar = !NoGrammar,
            });
        }
        catch (FileNotFoundException e)
        {
            this.WriteNativeLog();
            ThrowTerminatingError(new ErrorRecord(e, "ModelNotFound", ErrorCategory.ObjectNotFound, path));
            return;
        }
        catch (RearankException e)
        {
            this.WriteNativeLog();
            ThrowTerminatingError(new ErrorRecord(e, "ModelLoadFailed", ErrorCategory.InvalidData, path));
            return;
        }
        this.WriteNativeLog();
        SessionRegistry.Add(session);
        WriteVerbose($"Loaded {session.ModelName} in {session.LoadTime.TotalSeconds:F2} s; it is now the default session.");
        WriteObject(session);
    }
}
