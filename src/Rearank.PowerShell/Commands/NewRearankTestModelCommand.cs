using Rearank.Core.TestModels;
using System.Management.Automation;
using Rearank.Core.Inference;
using Rearank.PowerShell.Infrastructure;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Writes a Qwen2-architecture GGUF with random weights: it ranks at random, but exercises the real loading,
/// templating, batching and decoding, for demos, tests and throughput measurements where no model can be downloaded.
/// </summary>
[Cmdlet(VerbsCommon.New, "RearankTestModel", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class NewRearankTestModelCommand : RearankCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    // Written as named: an output path is never a pattern, so -LiteralPath is the same parameter.
    [Alias("LiteralPath", "LP")]
    public string Path { get; set; } = "";

    /// <summary>Tiny (about 450 KB, the default) or Qwen05B (Qwen2.5-0.5B's shapes, Q8_0, about 530 MB).</summary>
    [Parameter]
    [ValidateSet("Tiny", "Qwen05B")]
    public string Shape { get; set; } = "Tiny";

    [Parameter]
    public int Seed { get; set; } = 1234;

    /// <summary>
    /// Instead of random weights, a scripted model: its greedy reply to any prompt is these pieces (one token each),
    /// then the end of the turn. For checking decoding, parsing and pipelines against a known output.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Reply { get; set; }

    /// <summary>With -Reply: the token that ends it, im_end (the EOS, the default) or endoftext (another end of generation).</summary>
    [Parameter]
    [ValidateSet("im_end", "endoftext")]
    public string EndToken { get; set; } = "im_end";

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var path = ResolveOutputPath(Path);
        if (Reply is not null)
        {
            if (!ShouldWrite(path, Force, $"Write a scripted model replying in {Reply.Length} tokens")) return;
            try
            {
                ScriptedQwen2Model.Write(path, Reply, $"<|{EndToken}|>");
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidReply, ErrorCategory.InvalidArgument, Reply));
            }
            WriteObject(new FileInfo(path));
            return;
        }
        if (!ShouldWrite(path, Force, $"Write a random {Shape} model")) return;
        RandomQwen2Model.Write(path, Shape == "Qwen05B" ? ModelShape.Qwen05B : ModelShape.Tiny, Seed);
        WriteObject(new FileInfo(path));
    }
}
