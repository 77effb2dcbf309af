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
    private const int Width = 64, Heads = 4, KvHeads = 2, FeedForward = 128;

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

        var headDim = Width / Heads;
        var writer = RandomQwen2Model.Qwen2Writer("next-token-qwen2", Width, 1, FeedForward, Heads, KvHeads, tokens, types, []);
        void Tensor(string name, long[] dims, float[] values) => writer.AddTensor(name, dims, GgufWriter.TensorType.F32, () => Bytes(values));
        void Zero(string name, params long[] dims) => writer.AddTensor(name, dims, GgufWriter.TensorType.F32, () => new byte[dims.Aggregate(4L, (a, d) => a * d)]);
        void Ones(string name, int length) => Tensor(name, [length], Enumerable.Repeat(1f, length).ToArray());

        Tensor("token_embd.weight", [Width, vocab], embeddings);
        Ones("blk.0.attn_norm.weight", Width);
        Zero("blk.0.attn_q.weight", Width, Width);
        Zero("blk.0.attn_q.bias", Width);
        Zero("blk.0.attn_k.weight", Width, headDim * KvHeads);
        Zero("blk.0.attn_k.bias", headDim * KvHeads);
        Zero("blk.0.attn_v.weight", Width, headDim * KvHeads);
        Zero("blk.0.attn_v.bias", headDim * KvHeads);
        Zero("blk.0.attn_output.weight", Width, Width);
        Ones("blk.0.ffn_norm.weight", Width);
        Zero("blk.0.ffn_gate.weight", Width, FeedForward);
        Zero("blk.0.ffn_up.weight", Width, FeedForward);
        Zero("blk.0.ffn_down.weight", FeedForward, Width);
        Ones("output_norm.weight", Width);
        Tensor("output.weight", [Width, vocab], output);
        writer.Write(path);
    }

    private static byte[] Bytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
