using Rearank.Core.TestModels;
using System.Management.Automation;
using Rearank.Core.Inference;
using Rearank.PowerShell.Bases;

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

    /// <summary>
    /// Tiny (about 450 KB, the default), or Qwen2.5's own layer sizes: Qwen05B (Q8_0, about 670 MB), Qwen15B (Q8_0,
    /// about 1.9 GB) or Qwen7B (REARANK-7B's, Q4_0, about 4.3 GB).
    /// </summary>
    [Parameter]
    [ValidateSet("Tiny", "Qwen05B", "Qwen15B", "Qwen7B")]
    public string Shape { get; set; } = "Tiny";

    /// <summary>How the weight matrices are stored; by default the shape's own (F32 for Tiny, Q8_0, Q4_0 for Qwen7B).</summary>
    [Parameter]
    public ModelQuantization? Quantization { get; set; }

    /// <summary>
    /// A Hugging Face tokenizer.json (Qwen2.5's, as REARANK-7B has it): the model's vocabulary is laid out as
    /// llama.cpp's converter writes it, so prompts tokenize as they do for the real model. Without it, a toy byte-level one.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Tokenizer { get; set; }

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

    /// <summary>
    /// Instead of random weights, a model whose logits after the character -After are these (token = logit; every
    /// other token 0): for checking first-token reranking (after "[") and pointwise yes/no scoring (after the opened
    /// assistant turn's line break) against a known order.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Collections.Hashtable? NextTokenLogits { get; set; }

    /// <summary>With -NextTokenLogits: the character after which they hold ("[" by default; "`n" for pointwise).</summary>
    [Parameter]
    public char After { get; set; } = '[';

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var path = ResolveOutputPath(Path);
        string? tokenizer = null;
        if (Tokenizer is not null)
        {
            tokenizer = ResolveInputPaths([Tokenizer], literal: true).FirstOrDefault();
            if (tokenizer is null) return;   // reported as ObjectNotFound
        }
        if (NextTokenLogits is not null)
        {
            if (!ShouldWrite(path, Force, $"Write a model with {NextTokenLogits.Count} set logits after '{After}'")) return;
            try
            {
                var logits = NextTokenLogits.Cast<System.Collections.DictionaryEntry>()
                    .ToDictionary(e => e.Key.ToString() ?? "", e => Convert.ToSingle(Unwrap(e.Value), System.Globalization.CultureInfo.InvariantCulture));
                NextTokenQwen2Model.Write(path, After, logits);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidReply, ErrorCategory.InvalidArgument, NextTokenLogits));
            }
            WriteFileItem(path);
            return;
        }
        if (Reply is not null)
        {
            if (!ShouldWrite(path, Force, $"Write a scripted model replying in {Reply.Length} tokens")) return;
            try
            {
                ScriptedQwen2Model.Write(path, Reply, $"<|{EndToken}|>", tokenizer: tokenizer);
            }
            catch (ArgumentException e) when (e.ParamName is "reply" or "endToken")
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidReply, ErrorCategory.InvalidArgument, Reply));
            }
            catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidTokenizer, ErrorCategory.InvalidData, tokenizer));
            }
            WriteFileItem(path);
            return;
        }
        if (!ShouldWrite(path, Force, $"Write a random {Shape} model")) return;
        try
        {
            RandomQwen2Model.Write(path, ModelShape.Named(Shape), Seed, quantization: Quantization, tokenizer: tokenizer);
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidTokenizer, ErrorCategory.InvalidData, tokenizer));
        }
        WriteFileItem(path);
    }
}
