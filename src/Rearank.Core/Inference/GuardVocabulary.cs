namespace Rearank.Core.Inference;

/// <summary>
/// The part of a model's vocabulary an answer can be spelt with: tokens made only of the characters of
/// <c>&lt;/think&gt; &lt;answer&gt;[12] &gt; [3]&lt;/answer&gt;</c>, and the end-of-generation tokens. A few thousand of
/// Qwen2.5's 151,936, so the guard checks each step's candidates in microseconds instead of walking the vocabulary.
/// </summary>
public sealed class GuardVocabulary
{
    private static readonly bool[] Alphabet = BuildAlphabet();

    private GuardVocabulary(IReadOnlyList<(int Token, byte[] Bytes)> candidates, IReadOnlySet<int> endOfGeneration)
    {
        Candidates = candidates;
        EndOfGeneration = endOfGeneration;
    }

    public IReadOnlyList<(int Token, byte[] Bytes)> Candidates { get; }
    public IReadOnlySet<int> EndOfGeneration { get; }

    /// <summary>Reads the vocabulary once: each token's bytes (control tokens have none) and whether it ends a turn.</summary>
    public static GuardVocabulary Read(int count, Func<int, byte[]> bytesOf, Func<int, bool> isEndOfGeneration)
    {
        var candidates = new List<(int, byte[])>();
        var ends = new HashSet<int>();
        for (var token = 0; token < count; token++)
        {
            if (isEndOfGeneration(token)) ends.Add(token);
            var bytes = bytesOf(token);
            if (bytes.Length > 0 && Array.TrueForAll(bytes, b => Alphabet[b])) candidates.Add((token, bytes));
        }
        return new GuardVocabulary(candidates, ends);
    }

    private static bool[] BuildAlphabet()
    {
        var alphabet = new bool[256];
        foreach (var c in "</>thinkanswer[]0123456789 \t\n") alphabet[c] = true;
        return alphabet;
    }
}
