using System.Text;

namespace Rearank.Core.TestModels;

/// <summary>How a generated model's weight matrices are stored (norms and biases stay F32).</summary>
public enum ModelQuantization { F32, F16, Q8_0, Q4_0 }

/// <summary>The shape of a generated model: layer sizes, embedding rows (the vocabulary, padded) and the default storage.</summary>
public sealed record ModelShape(int Embedding, int Blocks, int Heads, int KvHeads, int FeedForward, int Rows, ModelQuantization Quantization)
{
    /// <summary>About 450 KB: loads in milliseconds, for unit tests and the README demo.</summary>
    public static readonly ModelShape Tiny = new(64, 2, 4, 2, 128, 256 + 32 + 3, ModelQuantization.F32);

    /// <summary>Qwen2.5-0.5B's layer shapes (896 wide, 24 blocks, 14/2 heads, feed-forward 4,864, 151,936 rows), Q8_0.</summary>
    public static readonly ModelShape Qwen05B = new(896, 24, 14, 2, 4864, 151_936, ModelQuantization.Q8_0);

    /// <summary>Qwen2.5-1.5B's (1,536 wide, 28 blocks, 12/2 heads, feed-forward 8,960, 151,936 rows), Q8_0.</summary>
    public static readonly ModelShape Qwen15B = new(1536, 28, 12, 2, 8960, 151_936, ModelQuantization.Q8_0);

    /// <summary>Qwen2.5-7B's, REARANK-7B's (3,584 wide, 28 blocks, 28/4 heads, feed-forward 18,944, 152,064 rows), Q4_0: about 4.4 GB.</summary>
    public static readonly ModelShape Qwen7B = new(3584, 28, 28, 4, 18944, 152_064, ModelQuantization.Q4_0);

    /// <summary>The shape by its name (Tiny, Qwen05B, Qwen15B, Qwen7B).</summary>
    public static ModelShape Named(string name) => name switch
    {
        "Tiny" => Tiny,
        "Qwen05B" => Qwen05B,
        "Qwen15B" => Qwen15B,
        "Qwen7B" => Qwen7B,
        _ => throw new ArgumentException($"There is no model shape '{name}'; the shapes are Tiny, Qwen05B, Qwen15B and Qwen7B.", nameof(name)),
    };
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
    /// Zero the output rows of the end-of-generation tokens, so their logit is 0 against the positive maximum of the
    /// random rest and greedy decoding never ends a turn: benchmarks comparing a session with a bare decode loop then
    /// generate the same number of tokens in both.
    /// </param>
    /// <param name="quantization">How the matrices are stored; null: the shape's default.</param>
    /// <param name="tokenizer">A Hugging Face tokenizer.json (Qwen2.5's): the model then tokenizes as the real one does, instead of with a toy vocabulary.</param>
    public static void Write(string path, ModelShape shape, int seed = 1234, IEnumerable<string>? sampleText = null, bool neverEnds = false,
        ModelQuantization? quantization = null, string? tokenizer = null)
    {
        var vocabulary = tokenizer is not null
            ? HfTokenizerVocabulary.Load(tokenizer, Math.Max(shape.Rows, ModelShape.Qwen05B.Rows))   // the tiny shape grows to Qwen2.5's rows
            : ToyVocabulary(shape.Rows - 256 - SpecialTokens.Length, sampleText is null ? null : BpeTrainer.Train(sampleText, Math.Min(shape.Rows - 259, 4000)));
        var vocab = vocabulary.Tokens.Count;
        var headDim = shape.Embedding / shape.Heads;
        var kvWidth = headDim * shape.KvHeads;
        var random = new Random(seed);
        var writer = Qwen2Writer($"random-qwen2-{shape.Embedding}x{shape.Blocks}", shape.Embedding, shape.Blocks, shape.FeedForward, shape.Heads, shape.KvHeads,
            vocabulary.Tokens, vocabulary.Types, vocabulary.Merges);

        var matrix = TensorTypeOf(quantization ?? shape.Quantization);
        var silent = neverEnds ? vocabulary.EndOfGeneration.ToHashSet() : [];
        var seeds = new Queue<int>(Enumerable.Range(0, 16 + shape.Blocks * 16).Select(_ => random.Next()));
        void Matrix(string name, int inner, int outer, IReadOnlySet<int>? zeroRows = null) =>
            writer.AddTensor(name, [inner, outer], matrix, RandomWeights.Data(inner, outer, matrix, seeds.Dequeue(), 0.08f, zeroRows));
        void Vector(string name, int length, float value) =>
            writer.AddTensor(name, [length], GgufWriter.TensorType.F32, () => Constant(length, value));
        void Bias(string name, int length) =>
            writer.AddTensor(name, [length], GgufWriter.TensorType.F32, RandomWeights.Data(length, 1, GgufWriter.TensorType.F32, seeds.Dequeue(), 0.02f));

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
        Matrix("output.weight", shape.Embedding, vocab, silent);
        writer.Write(path);
    }

    private static GgufWriter.TensorType TensorTypeOf(ModelQuantization quantization) => quantization switch
    {
        ModelQuantization.F32 => GgufWriter.TensorType.F32,
        ModelQuantization.F16 => GgufWriter.TensorType.F16,
        ModelQuantization.Q8_0 => GgufWriter.TensorType.Q8_0,
        _ => GgufWriter.TensorType.Q4_0,
    };

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
    private static HfTokenizerVocabulary ToyVocabulary(int extra, List<(string, string)>? learned)
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
        return new HfTokenizerVocabulary(tokens, types, merges);
    }

    /// <summary>The ChatML specials, the last tokens of the vocabulary.</summary>
    private static readonly string[] SpecialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    private static byte[] Constant(int length, float value)
    {
        var bytes = new byte[length * 4];
        for (var i = 0; i < length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), value);
        return bytes;
    }
}
