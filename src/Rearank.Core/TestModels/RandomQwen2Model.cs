using System.Text;

namespace Rearank.Core.TestModels;

/// <summary>The shape of a generated model.</summary>
public sealed record ModelShape(int Embedding, int Blocks, int Heads, int KvHeads, int FeedForward, int ExtraTokens, bool Quantized)
{
    /// <summary>About 450 KB: loads in milliseconds, for unit tests and the README demo.</summary>
    public static readonly ModelShape Tiny = new(64, 2, 4, 2, 128, 32, Quantized: false);

    /// <summary>Qwen2.5-0.5B's layer shapes (896 wide, 24 blocks, 14/2 heads, feed-forward 4864, 151,936 tokens), Q8_0.</summary>
    public static readonly ModelShape Qwen05B = new(896, 24, 14, 2, 4864, 151_936 - 256 - 3, Quantized: true);
}

/// <summary>
/// Writes a Qwen2-architecture GGUF with random weights and a real byte-level BPE tokenizer and ChatML template.
/// It answers nonsense, but it goes through exactly the loading, tokenizing, templating, batching, grammar and
/// decoding code a real REARANK model does, which is what tests and throughput benchmarks need.
/// </summary>
public static class RandomQwen2Model
{
    public const string ChatTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <param name="path">The GGUF file to write.</param>
    /// <param name="shape">Layer sizes and vocabulary size.</param>
    /// <param name="seed">Seed of the random weights.</param>
    /// <param name="sampleText">Text to learn BPE merges from (up to the shape's extra tokens); without it, a handful of common English pairs.</param>
    /// <param name="neverEnds">
    /// Zero the output rows of the special tokens (they close the vocabulary), so their logit is 0 against the
    /// positive maximum of the random rest and greedy decoding never ends a turn: benchmarks comparing a session with
    /// a bare decode loop then generate the same number of tokens in both.
    /// </param>
    public static void Write(string path, ModelShape shape, int seed = 1234, IEnumerable<string>? sampleText = null, bool neverEnds = false)
    {
        var learned = sampleText is null ? null : BpeTrainer.Train(sampleText, Math.Min(shape.ExtraTokens, 4000));
        var (tokens, types, merges) = Vocabulary(shape.ExtraTokens, learned);
        var vocab = tokens.Count;
        var headDim = shape.Embedding / shape.Heads;
        var kvWidth = headDim * shape.KvHeads;
        var random = new Random(seed);
        var writer = Qwen2Writer($"random-qwen2-{shape.Embedding}x{shape.Blocks}", shape.Embedding, shape.Blocks, shape.FeedForward, shape.Heads, shape.KvHeads,
            tokens, types, merges);

        var matrix = shape.Quantized ? GgufWriter.TensorType.Q8_0 : GgufWriter.TensorType.F32;
        var seeds = new Queue<int>(Enumerable.Range(0, 16 + shape.Blocks * 16).Select(_ => random.Next()));
        void Matrix(string name, int inner, int outer, long zeroTail = 0) =>
            writer.AddTensor(name, [inner, outer], matrix, RandomData(inner * (long)outer, matrix, seeds.Dequeue(), 0.08f, zeroTail));
        void Vector(string name, int length, float value) =>
            writer.AddTensor(name, [length], GgufWriter.TensorType.F32, () => Constant(length, value));
        void Bias(string name, int length) =>
            writer.AddTensor(name, [length], GgufWriter.TensorType.F32, RandomData(length, GgufWriter.TensorType.F32, seeds.Dequeue(), 0.02f));

        Matrix("token_embd.weight", shape.Embedding, vocab);
        for (var b = 0; b < shape.Blocks; b++)
        {
            Vector($"blk.{b}.attn_norm.weight", shape.Embedding, 1f);
            Matrix($"blk.{b}.attn_q.weight", shape.Embedding, shape.Embedding);
            Bias($"blk.{b}.attn_q.bias", shape.Embedding);
            Matrix($"blk.{b}.attn_k.weight", shape.Embedding, kvWidth);
            Bias($"blk.{b}.attn_k.bias", kvWidth);
            Matrix($"blk.{b}.attn_v.weight", shape.Embedding, kvWidth);
            Bias($"blk.{b}.attn_v.bias", kvWidth);
            Matrix($"blk.{b}.attn_output.weight", shape.Embedding, shape.Embedding);
            Vector($"blk.{b}.ffn_norm.weight", shape.Embedding, 1f);
            Matrix($"blk.{b}.ffn_gate.weight", shape.Embedding, shape.FeedForward);
            Matrix($"blk.{b}.ffn_up.weight", shape.Embedding, shape.FeedForward);
            Matrix($"blk.{b}.ffn_down.weight", shape.FeedForward, shape.Embedding);
        }
        Vector("output_norm.weight", shape.Embedding, 1f);
        Matrix("output.weight", shape.Embedding, vocab, neverEnds ? SpecialTokens.Length * (long)shape.Embedding : 0);
        writer.Write(path);
    }

    /// <summary>
    /// A GGUF writer holding the metadata every generated Qwen2 model shares: architecture, layer sizes, a GPT-2
    /// byte-level BPE vocabulary (EOS &lt;|im_end|&gt;, BOS and padding &lt;|endoftext|&gt;) and the ChatML template.
    /// </summary>
    internal static GgufWriter Qwen2Writer(string name, int embedding, int blocks, int feedForward, int heads, int kvHeads,
        IReadOnlyList<string> tokens, IReadOnlyList<int> types, IReadOnlyList<string> merges) =>
        new GgufWriter()
            .Add("general.architecture", "qwen2")
            .Add("general.name", name)
            .Add("general.alignment", 32u)
            .Add("qwen2.context_length", 32768u)
            .Add("qwen2.embedding_length", (uint)embedding)
            .Add("qwen2.block_count", (uint)blocks)
            .Add("qwen2.feed_forward_length", (uint)feedForward)
            .Add("qwen2.attention.head_count", (uint)heads)
            .Add("qwen2.attention.head_count_kv", (uint)kvHeads)
            .Add("qwen2.attention.layer_norm_rms_epsilon", 1e-6f)
            .Add("qwen2.rope.freq_base", 1_000_000f)
            .Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.pre", "qwen2")
            .Add("tokenizer.ggml.tokens", tokens)
            .Add("tokenizer.ggml.token_type", types)
            .Add("tokenizer.ggml.merges", merges)
            .Add("tokenizer.ggml.bos_token_id", (uint)IndexOf(tokens, "<|endoftext|>"))
            .Add("tokenizer.ggml.eos_token_id", (uint)IndexOf(tokens, "<|im_end|>"))
            .Add("tokenizer.ggml.padding_token_id", (uint)IndexOf(tokens, "<|endoftext|>"))
            .Add("tokenizer.ggml.add_bos_token", false)
            .Add("tokenizer.chat_template", ChatTemplate);

    private static int IndexOf(IReadOnlyList<string> tokens, string token)
    {
        for (var i = 0; i < tokens.Count; i++)
            if (tokens[i] == token) return i;
        throw new ArgumentException($"The vocabulary has no {token}.", nameof(tokens));
    }

    /// <summary>GPT-2 byte-level BPE: the 256 byte symbols, a few merges of common English pairs, padding tokens, the ChatML specials.</summary>
    private static (List<string> Tokens, List<int> Types, List<string> Merges) Vocabulary(int extra, List<(string, string)>? learned)
    {
        var tokens = Enumerable.Range(0, 256).Select(b => ByteSymbols.Of((byte)b).ToString()).ToList();
        var merges = new List<string>();
        var pairs = learned ?? [("Ġ", "t"), ("h", "e"), ("i", "n"), ("Ġ", "a"), ("e", "r"), ("o", "n"), ("Ġt", "he"), ("r", "e"), ("a", "n"), ("Ġ", "s")];
        var known = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var (left, right) in pairs)
        {
            if (tokens.Count - 256 >= extra) break;
            merges.Add($"{left} {right}");
            // Two merges can spell the same token; the vocabulary holds it once.
            if (known.Add(left + right)) tokens.Add(left + right);
        }
        while (tokens.Count - 256 < extra) tokens.Add($"<|unused_{tokens.Count}|>");
        var types = Enumerable.Repeat(1, tokens.Count).ToList();
        for (var i = 256; i < tokens.Count; i++)
            if (tokens[i].StartsWith("<|unused_", StringComparison.Ordinal)) types[i] = 4;
        foreach (var special in SpecialTokens)
        {
            tokens.Add(special);
            types.Add(3);
        }
        return (tokens, types, merges);
    }

    /// <summary>The ChatML specials, the last tokens of the vocabulary.</summary>
    private static readonly string[] SpecialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    private static byte[] Constant(int length, float value)
    {
        var bytes = new byte[length * 4];
        for (var i = 0; i < length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), value);
        return bytes;
    }

    /// <summary>Uniform random values in ±scale; the last <paramref name="zeroTail"/> values are 0 (a whole number of Q8_0 blocks).</summary>
    private static Func<byte[]> RandomData(long count, GgufWriter.TensorType type, int seed, float scale, long zeroTail = 0) => () =>
    {
        var random = new Random(seed);
        if (type == GgufWriter.TensorType.F32)
        {
            var bytes = new byte[count * 4];
            for (var i = 0; i < count - zeroTail; i++) BitConverter.TryWriteBytes(bytes.AsSpan((int)(i * 4)), (float)(random.NextDouble() * 2 - 1) * scale);
            return bytes;
        }
        // Q8_0: blocks of 32 values, each a half-precision scale then 32 signed bytes.
        var blocks = count / 32;
        var data = new byte[blocks * 34];
        var half = BitConverter.GetBytes((Half)(scale / 127f));
        for (long b = 0; b < blocks - zeroTail / 32; b++)
        {
            var offset = (int)(b * 34);
            data[offset] = half[0];
            data[offset + 1] = half[1];
            for (var i = 0; i < 32; i++) data[offset + 2 + i] = (byte)(sbyte)random.Next(-127, 128);
        }
        return data;
    };
}
