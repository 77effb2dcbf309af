using System.Text;

namespace Rearank.Core.TestModels;

/// <summary>
/// Writes a Qwen2-architecture GGUF whose greedy reply to any ChatML prompt is a given script: each piece becomes one
/// token, then an end-of-generation token. Attention and feed-forward weights are zero, so the next token depends on
/// the last one only; each script token's embedding is its own unit vector, and the output matrix maps it to the next
/// piece. Loading, tokenizing, batching, sampling and the answer guard all run for real, against an output known
/// byte for byte, which is what tests of decoding need.
/// </summary>
public static class ScriptedQwen2Model
{
    private const int Heads = 4, KvHeads = 2, FeedForward = 128;

    /// <param name="path">The GGUF file to write.</param>
    /// <param name="reply">The reply's pieces, one token each, in order; each distinct and at least two bytes long.</param>
    /// <param name="endToken">The token that ends the reply: &lt;|im_end|&gt; (the EOS) or &lt;|endoftext|&gt;.</param>
    /// <param name="weight">The output weight that picks the next piece; NaN makes a broken model, for fault tests.</param>
    /// <param name="tokenizer">
    /// A Hugging Face tokenizer.json (Qwen2.5's): the model gets the real vocabulary, so prompts tokenize as they do
    /// for the real model, and each piece becomes a user-defined token in one of the padding rows (llama.cpp's
    /// converter pads the vocabulary to the embedding rows), so the reply is exactly the pieces.
    /// </param>
    public static void Write(string path, IReadOnlyList<string> reply, string endToken = "<|im_end|>", float weight = 4f, string? tokenizer = null)
    {
        if (reply.Count == 0) throw new ArgumentException("The script needs at least one piece.", nameof(reply));
        List<string> tokens;
        List<int> types;
        List<string> merges = [];
        var pieceIds = new List<int>();
        if (tokenizer is not null)
        {
            var real = HfTokenizerVocabulary.Load(tokenizer, ModelShape.Qwen05B.Rows);
            (tokens, types, merges) = (real.Tokens.ToList(), real.Types.ToList(), real.Merges.ToList());
            var padding = Enumerable.Range(0, tokens.Count).Where(i => types[i] == HfTokenizerVocabulary.Unused).ToList();
            if (padding.Count < reply.Count) throw new ArgumentException($"The script has {reply.Count} pieces, more than the {padding.Count} padding rows of the vocabulary.", nameof(reply));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < reply.Count; i++)
            {
                if (reply[i].Length < 2 || !seen.Add(reply[i]))
                    throw new ArgumentException($"The piece '{reply[i]}' is a single character or repeats another piece; each piece must be its own token.", nameof(reply));
                tokens[padding[i]] = reply[i];
                types[padding[i]] = HfTokenizerVocabulary.UserDefined;
                pieceIds.Add(padding[i]);
            }
        }
        else
        {
            tokens = Enumerable.Range(0, 256).Select(b => ByteSymbols.Of((byte)b).ToString()).ToList();
            var known = new HashSet<string>(tokens, StringComparer.Ordinal);
            foreach (var piece in reply)
            {
                var symbols = string.Concat(Encoding.UTF8.GetBytes(piece).Select(ByteSymbols.Of));
                if (!known.Add(symbols))
                    throw new ArgumentException($"The piece '{piece}' is a single byte or repeats another piece; each piece must be its own token.", nameof(reply));
                pieceIds.Add(tokens.Count);
                tokens.Add(symbols);
            }
            types = Enumerable.Repeat(1, tokens.Count).ToList();
            foreach (var special in new[] { "<|endoftext|>", "<|im_start|>", "<|im_end|>" })
            {
                tokens.Add(special);
                types.Add(3);
            }
        }
        if (!tokens.Contains(endToken)) throw new ArgumentException($"'{endToken}' is not one of the model's special tokens.", nameof(endToken));

        // The chain: the generation prompt ends in "\n" (the byte-level symbol Ċ), then each piece, then the end token.
        var chain = new List<int> { tokens.IndexOf(ByteSymbols.Of((byte)'\n').ToString()) };
        chain.AddRange(pieceIds);
        chain.Add(tokens.IndexOf(endToken));
        // Even head sizes (llama.cpp's rope needs them): a multiple of 32 wide, with room for every script token.
        var width = Math.Max(64, (chain.Count + 31) / 32 * 32);
        var vocab = tokens.Count;
        var embeddings = new float[vocab * width];
        var output = new float[vocab * width];
        for (var i = 0; i < chain.Count; i++)
        {
            embeddings[chain[i] * width + i] = 1f;
            // A logit of about 32 for the next piece against 0 for all others: the same choice even at temperature 1.
            if (i + 1 < chain.Count) output[chain[i + 1] * width + i] = weight;
        }

        WriteZeroBlockModel(path, "scripted-qwen2", width, tokens, types, merges, embeddings, output);
    }

    /// <summary>
    /// Writes a one-block Qwen2 GGUF whose attention and feed-forward weights are zero, so each position's logits are
    /// the output matrix applied to its token's embedding (after the final norm): the next token depends on the last
    /// one only. The scripted and next-token test models both rest on this.
    /// </summary>
    internal static void WriteZeroBlockModel(string path, string modelName, int width, IReadOnlyList<string> tokens, IReadOnlyList<int> types,
        IReadOnlyList<string> merges, float[] embeddings, float[] output)
    {
        var vocab = tokens.Count;
        var headDim = width / Heads;
        var writer = RandomQwen2Model.Qwen2Writer(modelName, width, 1, FeedForward, Heads, KvHeads, tokens, types, merges);
        void Tensor(string name, long[] dims, float[] values) => writer.AddTensor(name, dims, GgufWriter.TensorType.F32, () => Bytes(values));
        void Zero(string name, params long[] dims) => writer.AddTensor(name, dims, GgufWriter.TensorType.F32, () => new byte[dims.Aggregate(4L, (a, d) => a * d)]);
        void Ones(string name, int length) => Tensor(name, [length], Enumerable.Repeat(1f, length).ToArray());

        Tensor("token_embd.weight", [width, vocab], embeddings);
        Ones("blk.0.attn_norm.weight", width);
        Zero("blk.0.attn_q.weight", width, width);
        Zero("blk.0.attn_q.bias", width);
        Zero("blk.0.attn_k.weight", width, headDim * KvHeads);
        Zero("blk.0.attn_k.bias", headDim * KvHeads);
        Zero("blk.0.attn_v.weight", width, headDim * KvHeads);
        Zero("blk.0.attn_v.bias", headDim * KvHeads);
        Zero("blk.0.attn_output.weight", width, width);
        Ones("blk.0.ffn_norm.weight", width);
        Zero("blk.0.ffn_gate.weight", width, FeedForward);
        Zero("blk.0.ffn_up.weight", width, FeedForward);
        Zero("blk.0.ffn_down.weight", FeedForward, width);
        Ones("output_norm.weight", width);
        Tensor("output.weight", [width, vocab], output);
        writer.Write(path);
    }

    private static byte[] Bytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
