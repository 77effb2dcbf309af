using System.Text.Json;

namespace Rearank.Core.TestModels;

/// <summary>
/// A Hugging Face tokenizer.json (byte-level BPE, as Qwen2.5's) laid out as llama.cpp's convert_hf_to_gguf.py writes
/// it into a GGUF: tokens in id order, padded to the model's embedding rows with "[PAD{id}]" tokens of type UNUSED;
/// added tokens that are special or look special ("&lt;|…|&gt;") as CONTROL, the others as USER_DEFINED; merges as
/// "a b" strings. A test model with it tokenizes every prompt as the real model does.
/// </summary>
public sealed record HfTokenizerVocabulary(IReadOnlyList<string> Tokens, IReadOnlyList<int> Types, IReadOnlyList<string> Merges)
{
    /// <summary>llama.cpp's token types (llama_token_type).</summary>
    public const int Normal = 1, Control = 3, UserDefined = 4, Unused = 5;

    /// <summary>Ids of the tokens that end a turn, for test models that must never end one.</summary>
    public IEnumerable<int> EndOfGeneration => new[] { "<|endoftext|>", "<|im_end|>" }.Select(t => IndexOf(t)).Where(i => i >= 0);

    public int IndexOf(string token)
    {
        for (var i = 0; i < Tokens.Count; i++)
            if (Tokens[i] == token) return i;
        return -1;
    }

    /// <param name="path">tokenizer.json.</param>
    /// <param name="rows">The model's embedding rows (152,064 for Qwen2.5-7B, 151,936 for 0.5B and 1.5B); the vocabulary is padded to them.</param>
    public static HfTokenizerVocabulary Load(string path, int rows)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        if (!root.TryGetProperty("model", out var model) || model.GetProperty("type").GetString() != "BPE")
            throw new ArgumentException($"'{path}' is not a Hugging Face BPE tokenizer.json (model.type BPE).", nameof(path));
        var byId = new SortedDictionary<int, (string Token, int Type)>();
        foreach (var entry in model.GetProperty("vocab").EnumerateObject()) byId[entry.Value.GetInt32()] = (entry.Name, Normal);
        if (root.TryGetProperty("added_tokens", out var added))
            foreach (var token in added.EnumerateArray())
            {
                var content = token.GetProperty("content").GetString()!;
                var special = token.GetProperty("special").GetBoolean() || content.StartsWith("<|", StringComparison.Ordinal) && content.EndsWith("|>", StringComparison.Ordinal);
                byId[token.GetProperty("id").GetInt32()] = (content, special ? Control : UserDefined);
            }
        var count = byId.Keys.Max() + 1;
        if (count > rows) throw new ArgumentException($"The tokenizer has {count:N0} tokens, more than the model's {rows:N0} embedding rows.", nameof(rows));
        var tokens = new List<string>(rows);
        var types = new List<int>(rows);
        for (var id = 0; id < rows; id++)
        {
            var (token, type) = byId.TryGetValue(id, out var known) ? known : ($"[PAD{id}]", Unused);
            tokens.Add(token);
            types.Add(type);
        }
        var merges = new List<string>();
        foreach (var merge in model.GetProperty("merges").EnumerateArray())
            merges.Add(merge.ValueKind == JsonValueKind.Array ? $"{merge[0].GetString()} {merge[1].GetString()}" : merge.GetString()!);
        return new HfTokenizerVocabulary(tokens, types, merges);
    }
}
