using System.Text;

namespace Rearank.Core.TestModels;

/// <summary>
/// Writes a Qwen2-architecture GGUF whose logits after one given character are set token by token: what tests of
/// first-token reranking need (FIRST's identifier after "[", pointwise's "yes" and "no" after the opened assistant
/// turn). As in <see cref="ScriptedQwen2Model"/>, attention and feed-forward weights are zero, so the logits depend on
/// the last token only: that character's embedding is a unit vector, and the output matrix gives each listed token
/// its logit (every other token 0). The vocabulary is the 256 byte tokens, the listed multi-byte tokens, and ChatML's
/// special tokens.
/// </summary>
public static class NextTokenQwen2Model
{
    private const int Width = 64;

    /// <param name="path">The GGUF file to write.</param>
    /// <param name="after">The single ASCII character after which the logits hold.</param>
    /// <param name="logits">Each token's logit after it (a token of several characters is added to the vocabulary).</param>
    public static void Write(string path, char after, IReadOnlyDictionary<string, float> logits)
    {
        var tokens = Enumerable.Range(0, 256).Select(b => ByteSymbols.Of((byte)b).ToString()).ToList();
        var extra = logits.Keys.Select(t => string.Concat(Encoding.UTF8.GetBytes(t).Select(ByteSymbols.Of))).Where(s => !tokens.Contains(s)).Distinct().ToList();
        tokens.AddRange(extra);
        var types = Enumerable.Repeat(1, tokens.Count).ToList();
        foreach (var special in new[] { "<|endoftext|>", "<|im_start|>", "<|im_end|>" })
        {
            tokens.Add(special);
            types.Add(3);
        }
        var vocab = tokens.Count;
        var embeddings = new float[vocab * Width];
        var output = new float[vocab * Width];
        var source = tokens.IndexOf(ByteSymbols.Of((byte)after).ToString());
        embeddings[source * Width] = 1f;
        // The final norm scales the unit vector to sqrt(Width): divide it out, so the logits are the ones given.
        foreach (var (token, logit) in logits)
            output[tokens.IndexOf(string.Concat(Encoding.UTF8.GetBytes(token).Select(ByteSymbols.Of))) * Width] = logit / MathF.Sqrt(Width);

        ScriptedQwen2Model.WriteZeroBlockModel(path, "next-token-qwen2", Width, tokens, types, [], embeddings, output);
    }
}
