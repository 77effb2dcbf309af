using System.Text;
using System.Text.RegularExpressions;

namespace Rearank.Core.TestModels;

/// <summary>
/// Learns byte-level BPE merges from sample text (GPT-2 style: words split as the qwen2 pre-tokenizer does, bytes
/// as printable symbols, the most frequent adjacent pair merged each round). A generated model then tokenizes
/// English about as compactly as a real one, so prompt lengths, and benchmark figures, are realistic.
/// </summary>
public static partial class BpeTrainer
{
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}| ?[^\s\p{L}\p{N}]+|\s+")]
    private static partial Regex Words();

    public static List<(string Left, string Right)> Train(IEnumerable<string> texts, int merges)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (Match word in Words().Matches(text))
                counts[word.Value] = counts.GetValueOrDefault(word.Value) + 1;
        var words = counts.Select(p => (Symbols: Encoding.UTF8.GetBytes(p.Key).Select(b => ByteSymbols.Of(b).ToString()).ToList(), Count: p.Value)).ToList();
        var learned = new List<(string, string)>();
        for (var round = 0; round < merges; round++)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in words)
                for (var i = 0; i + 1 < symbols.Count; i++)
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
            if (pairs.Count == 0) break;
            var best = pairs.MaxBy(p => p.Value);
            if (best.Value < 2) break;
            var (left, right) = best.Key;
            learned.Add((left, right));
            foreach (var (symbols, _) in words)
                for (var i = 0; i + 1 < symbols.Count; i++)
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = left + right;
                        symbols.RemoveAt(i + 1);
                    }
        }
        return learned;
    }
}

/// <summary>GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map above U+0100.</summary>
public static class ByteSymbols
{
    private static readonly char[] Table = Build();

    public static char Of(byte value) => Table[value];

    private static char[] Build()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++) table[b] = Printable(b) ? (char)b : (char)next++;
        return table;
    }
}
